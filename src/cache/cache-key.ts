import { createHash } from 'node:crypto';
import type { ListQuery } from '../resources/query/list-query.js';

/** A `GET /:id`, as parsed. */
export interface RecordRead {
  route: 'read';
  id: string;
  fields?: readonly string[];
  include: readonly string[];
}

/** A `GET` list, as parsed. */
export interface ListRead {
  route: 'list';
  query: ListQuery;
  /** A named view's list (`GET /articles/feed`) rather than the plain one. */
  view?: ViewRead;
}

/** What a view's answer depends on beyond its query. */
export interface ViewRead {
  name: string;
  /** The view's access rule, which decides whether the answer is per caller. */
  access: unknown;
  /** Resources the view's condition reads, whose writes must invalidate its answers. */
  dependsOn: readonly string[];
}

/** A resource GET whose answer may be cached. */
export type ReadRequest = RecordRead | ListRead;

/**
 * Who asks, as far as the answer depends on it: `undefined` when it does not (every rule
 * involved is `allow.public`), `null` for an anonymous caller, else the user. The role
 * is there because rules read it: the same user with another role may see other rows.
 * This is all of the request a key covers, so reads decided by custom rules, which may
 * look at the rest of it, are never cached (see resource-reads.ts).
 */
export type CacheCaller = { id: string; role: string } | null | undefined;

const byJson = (a: unknown, b: unknown) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const sorted = (values: readonly string[] | undefined) => (values ? [...values].sort() : null);

/**
 * A list query in a canonical form: what changes the answer is kept, what does not
 * (the order of filters, of `in` values, of `fields` and `include`) is normalized, so
 * `?a=1&b=2` and `?b=2&a=1` share an entry. Sort order and cursor values stay as given.
 *
 * @example
 * describeListQuery(parseListQuery(markets, { status: 'active', limit: '5' }));
 */
export function describeListQuery(query: ListQuery): unknown[] {
  const filters = query.filters
    .map((f) => [f.field, f.op, Array.isArray(f.value) ? [...(f.value as unknown[])].sort(byJson) : f.value])
    .sort(byJson);
  const paths = (query.paths ?? [])
    .map((f) => [f.param, f.op, f.me === true, Array.isArray(f.value) ? [...(f.value as unknown[])].sort(byJson) : f.value])
    .sort(byJson);
  return [
    filters,
    paths,
    query.sort.map((s) => [s.field, s.direction]),
    query.limit,
    query.cursor?.values ?? null,
    query.offset ?? null,
    sorted(query.fields),
    sorted(query.include),
    query.q ?? null,
    query.total,
  ];
}

/**
 * Everything a read's answer depends on besides the data, in a canonical form.
 *
 * @example
 * describeRead('markets', { route: 'read', id, include: [] }, null);
 * // ['markets', 'read', [id, null, []], 'anonymous']
 */
export function describeRead(resource: string, read: ReadRequest, caller: CacheCaller): unknown[] {
  const who = caller === undefined ? 'everyone' : caller === null ? 'anonymous' : ['user', caller.id, caller.role];
  const what =
    read.route === 'read' ? [read.id, sorted(read.fields), sorted(read.include)] : [read.view?.name ?? null, describeListQuery(read.query)];
  return [resource, read.route, what, who];
}

/**
 * The cache key of a read: the resource and route in clear (for people reading Redis),
 * then a SHA-256 of the canonical description, which keeps keys short whatever the
 * query and keeps user ids out of key names. Equal keys mean equal answers for equal
 * data; the data's part, the generations, is appended by the store.
 *
 * @example
 * cacheKey('markets', { route: 'read', id, include: [] }, undefined); // 'markets:read:Jx3...'
 */
export function cacheKey(resource: string, read: ReadRequest, caller: CacheCaller): string {
  const digest = createHash('sha256').update(JSON.stringify(describeRead(resource, read, caller))).digest('base64url');
  return `${resource}:${read.route}:${digest}`;
}
