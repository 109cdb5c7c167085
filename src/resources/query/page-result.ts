import { encodeCursor } from './cursor-codec.js';
import type { ListQuery } from './list-query.js';

/** One page of a list, ready for the `{ data, pagination }` envelope. */
export interface PageResult<R> {
  /** At most `limit` records. */
  records: R[];
  /** Continues after the last row; `null` on the last page. */
  nextCursor: string | null;
}

/**
 * Cuts the `limit + 1` records fetched by `applyListQuery` down to one page and makes
 * the cursor of the next one. Pass records (converted with each field's `fromDb`) in
 * full, and apply any `fields` projection to `records` afterwards: the cursor needs the
 * sort fields and `id`.
 *
 * @example
 * const records = rows.map(toRecord);
 * const page = pageResult(records, listQuery);
 * reply.send({ data: page.records.map(project), pagination: { limit: listQuery.limit, nextCursor: page.nextCursor } });
 */
export function pageResult<R extends Record<string, unknown>>(
  records: readonly R[],
  listQuery: Pick<ListQuery, 'limit' | 'sort'>,
): PageResult<R> {
  const page = records.slice(0, listQuery.limit);
  const last = page[page.length - 1];
  const more = records.length > listQuery.limit;
  return { records: page, nextCursor: more && last ? encodeCursor(listQuery, last) : null };
}
