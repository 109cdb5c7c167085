import type { AnyResource } from '../resource.js';
import type { CursorPosition, ListQuery, SortKey } from './list-query.js';
import { sortSignature } from './parse-sort.js';
import { fail, messageOf } from './query-issues.js';

/**
 * Longest accepted cursor. Five sort keys of long text plus an id stay below it; the
 * bound keeps a hostile cursor from costing much to decode.
 */
export const maxCursorLength = 8192;

/**
 * The JSON inside a cursor. `s` is the order it was made for; `k` holds the sort
 * values of the last row in their query-string form, so decoding can run them through
 * the same `parseQueryValue` checks as any filter value.
 */
interface CursorPayload {
  s: string;
  k: string[];
}

function queryText(value: unknown, key: SortKey): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A missing sort value means the record was projected with `fields` before paging:
  // a caller bug that would otherwise yield a cursor no request can use.
  throw new TypeError(`encodeCursor: the record has no usable value for sort field "${key.field}"`);
}

/**
 * Makes the opaque `pagination.nextCursor` that continues a list after `lastRecord`.
 * Pass the full record (JSON values keyed by field name, before any `fields`
 * projection): the cursor needs every sort field and `id`.
 *
 * @example
 * const nextCursor = encodeCursor(listQuery, { id: '0190…', volume: '12.50', name: 'A' });
 */
export function encodeCursor(listQuery: Pick<ListQuery, 'sort'>, lastRecord: Record<string, unknown>): string {
  const payload: CursorPayload = {
    s: sortSignature(listQuery.sort),
    k: listQuery.sort.map((key) => queryText(lastRecord[key.field], key)),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function payloadOf(raw: string): CursorPayload {
  if (raw.length === 0 || raw.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(raw)) {
    fail('cursor', 'not a cursor returned by this endpoint');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return fail('cursor', 'not a cursor returned by this endpoint');
  }
  const candidate = parsed as Partial<CursorPayload> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.s !== 'string' ||
    !Array.isArray(candidate.k) ||
    !candidate.k.every((v) => typeof v === 'string')
  ) {
    return fail('cursor', 'not a cursor returned by this endpoint');
  }
  return { s: candidate.s, k: candidate.k };
}

/**
 * Decodes and re-validates a cursor for the given order. Nothing in it is trusted: a
 * cursor made for another `sort`, with the wrong number of values, or with a value its
 * field would refuse as a filter, is a 400 naming `cursor`.
 *
 * @example
 * const position = decodeCursor(markets, listQuery.sort, request.query.cursor);
 */
export function decodeCursor(resource: AnyResource, sort: readonly SortKey[], raw: string): CursorPosition {
  const payload = payloadOf(raw);
  if (payload.s !== sortSignature(sort) || payload.k.length !== sort.length) {
    fail('cursor', 'this cursor was made for another sort order; start again without cursor');
  }
  const values = sort.map((key, i) => {
    const f = resource.field(key.field);
    try {
      if (!f) throw new Error(`unknown field ${key.field}`);
      return f.field.spec.parseQueryValue(payload.k[i] as string);
    } catch (error) {
      return fail('cursor', `holds an invalid value for "${key.field}": ${messageOf(error)}`);
    }
  });
  return { values };
}
