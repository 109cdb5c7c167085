import type { Market } from './records.js';
import { market } from './records.js';
import type { MarketsAfter, Store } from './store.js';

/*
 * The market list as the baselines serve it: `?status=` (one of the enum's values),
 * `?sort=-volume` (the only order they offer), `?limit=` (1 to 100, default 20) and
 * `?cursor=` (keyset, the same opaque format as Rampart's so pages line up), answered
 * as `{ data, pagination: { limit, nextCursor } }`. Anything else is a 400. Rampart's
 * other list features (other filters and operators, other sorts, offset, fields,
 * include, q, total) are not offered: S3 does not use them.
 */

export const statuses = ['active', 'closed', 'resolved'] as const;
// The order's signature inside a cursor, as Rampart writes it (the id breaks ties).
const signature = '-volume,-id';
const known = new Set(['status', 'sort', 'limit', 'cursor']);
const decimalText = /^\d{1,13}(\.\d{1,2})?$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A parsed list request, or the list of what is wrong with it. */
export type MarketsQuery =
  | { ok: true; status: string; limit: number; after?: MarketsAfter }
  | { ok: false; errors: { path: string; message: string }[] };

function decodeCursor(raw: string): MarketsAfter | null {
  if (raw.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    const [volume, id] = Array.isArray(payload.k) ? (payload.k as unknown[]) : [];
    if (payload.s !== signature || typeof volume !== 'string' || typeof id !== 'string') return null;
    if (!decimalText.test(volume) || !uuid.test(id)) return null;
    return { volume, id };
  } catch {
    return null;
  }
}

/** Parses the query string's parameters (each given once, as strings). */
export function parseMarketsQuery(query: Record<string, unknown>): MarketsQuery {
  const errors: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!known.has(name)) errors.push({ path: `query.${name}`, message: 'unknown parameter' });
    else if (typeof value !== 'string') errors.push({ path: `query.${name}`, message: 'given more than once' });
  }
  const { status, sort, limit = '20', cursor } = query as Record<string, string | undefined>;
  if (status === undefined || !(statuses as readonly string[]).includes(status)) {
    errors.push({ path: 'query.status', message: `expected one of ${statuses.join(', ')}` });
  }
  if (sort !== undefined && sort !== '-volume') errors.push({ path: 'query.sort', message: 'expected -volume' });
  const n = /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
  if (!(n >= 1 && n <= 100)) errors.push({ path: 'query.limit', message: 'expected a whole number from 1 to 100' });
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (after === null) errors.push({ path: 'query.cursor', message: 'not a cursor returned by this endpoint' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, status: status as string, limit: n, ...(after ? { after } : {}) };
}

/** One page: reads `limit + 1` rows, so the extra one says whether a next page exists. */
export async function marketsPage(store: Store, q: Extract<MarketsQuery, { ok: true }>) {
  const rows = await store.markets(q.status, q.limit + 1, q.after);
  const data: Market[] = rows.slice(0, q.limit).map(market);
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? Buffer.from(JSON.stringify({ s: signature, k: [last.volume, last.id] }), 'utf8').toString('base64url')
      : null;
  return { data, pagination: { limit: q.limit, nextCursor } };
}
