/**
 * The list query language: parse a request's query string into a {@link ListQuery},
 * turn it into SQL with Kysely, and cut the result into a page with a cursor.
 *
 * @example
 * const listQuery = parseListQuery(markets, request.query as Record<string, unknown>);
 * const rows = await applyListQuery(db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite').execute();
 * const page = pageResult(rows.map(toRecord), listQuery);
 */
export type { CursorPosition, Filter, ListQuery, ListQueryOptions, SortKey } from './list-query.js';
export { defaultListLimit, maxListLimit, parseListQuery } from './parse-list-query.js';
export { parseRecordQuery, type RecordQuery } from './parse-record-query.js';
export { decodeCursor, encodeCursor } from './cursor-codec.js';
export {
  applyListFilters,
  applyListQuery,
  countListQuery,
  countQuery,
  type ApplyListQueryOptions,
  type ExtraWhere,
} from './apply-list-query.js';
export { pageResult, type PageResult } from './page-result.js';
export { ftsMatchExpression } from './search-terms.js';
export { ftsTableOf } from './search-condition.js';
export { defaultSortOf, parseSort, sortSignature } from './parse-sort.js';
export { invalidQuery, type QueryIssue } from './query-issues.js';
