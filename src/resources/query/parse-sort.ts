import type { AnyResource, ResolvedField } from '../resource.js';
import type { SortKey } from './list-query.js';
import { QueryIssueError, fail } from './query-issues.js';

/** More keys than this add nothing a client needs and make keyset conditions long. */
export const maxSortKeys = 5;

/** The order used when neither the client nor the resource gives one. */
export const fallbackSort = '-createdAt';

function sortable(f: ResolvedField): boolean {
  return f.field.flags.sortable;
}

function key(f: ResolvedField, direction: SortKey['direction']): SortKey {
  return { field: f.name, column: f.column, direction };
}

/**
 * Parses a sort expression such as `-volume,createdAt` into sort keys that end with
 * `id` (in the direction of the last key) unless `id` is already one of them, so that
 * the order is total and keyset pagination never skips or repeats a row. Only fields
 * declared sortable (they get an index) may be named.
 *
 * @example
 * parseSort(markets, '-volume');
 * // [{ field: 'volume', column: 'volume', direction: 'desc' },
 * //  { field: 'id', column: 'id', direction: 'desc' }]
 */
export function parseSort(resource: AnyResource, raw: string): SortKey[] {
  const parts = raw.split(',');
  if (parts.length > maxSortKeys) fail('sort', `expected at most ${maxSortKeys} sort keys`);
  const keys: SortKey[] = [];
  for (const part of parts) {
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    if (name === '') fail('sort', 'expected comma-separated field names, e.g. -volume,createdAt');
    const f = resource.field(name);
    if (!f || !sortable(f)) {
      const allowed = [...resource.fields.values()].filter(sortable).map((s) => s.name);
      fail('sort', `"${name}" is not a sortable field; sortable fields are ${allowed.join(', ')}`);
    }
    if (keys.some((k) => k.field === name)) fail('sort', `"${name}" is given more than once`);
    keys.push(key(f, descending ? 'desc' : 'asc'));
  }
  const last = keys[keys.length - 1];
  const id = resource.field('id');
  if (last && id && !keys.some((k) => k.field === 'id')) keys.push(key(id, last.direction));
  return keys;
}

/**
 * The order of a list request without `sort`: the resource's `defaultSort`, else
 * `-createdAt`. A bad `defaultSort` is the developer's mistake, not the client's, so
 * it throws a TypeError (a 500 and a log line) rather than a 400.
 *
 * @example
 * defaultSortOf(markets); // createdAt desc, then id desc
 */
export function defaultSortOf(resource: AnyResource): SortKey[] {
  const raw = resource.definition.defaultSort ?? fallbackSort;
  try {
    return parseSort(resource, raw);
  } catch (error) {
    const reason = error instanceof QueryIssueError ? error.issue.message : String(error);
    throw new TypeError(`${resource.name}: defaultSort "${raw}" is invalid: ${reason}`);
  }
}

/**
 * A canonical text of an order, e.g. `-volume,-id`. Cursors carry it so one made for
 * another order is refused instead of silently returning the wrong page.
 *
 * @example
 * sortSignature(parseSort(markets, '-volume')); // '-volume,-id'
 */
export function sortSignature(sort: readonly SortKey[]): string {
  return sort.map((k) => (k.direction === 'desc' ? '-' : '') + k.field).join(',');
}
