import type { AnyResource } from '../resource.js';
import { decodeCursor } from './cursor-codec.js';
import { listControls, type Filter, type ListQuery, type ListQueryOptions, type PathFilter, type SortKey } from './list-query.js';
import type { ResolvedPath } from '../relations/resolve-paths.js';
import { parsePathFilter, pathTarget } from './parse-path-filter.js';
import { filterTarget, parseFilter } from './parse-filter.js';
import { parseLimit, parseOffset, parseTotal } from './parse-pagination.js';
import { parseFields, parseInclude } from './parse-projection.js';
import { defaultSortOf, parseSort } from './parse-sort.js';
import { IssueCollector, invalidQuery } from './query-issues.js';
import { parseSearch } from './search-terms.js';

/** Default page size when `limit` is absent. */
export const defaultListLimit = 20;
/** Default largest accepted `limit`. */
export const maxListLimit = 100;

type Control = (typeof listControls)[number];

function isControl(resource: AnyResource, param: string): param is Control {
  // Without searchable fields there is no `q`: it is unknown like any other name.
  if (param === 'q') return resource.searchable.length > 0;
  return (listControls as readonly string[]).includes(param);
}

/**
 * Parses and validates the query string of a list request against a resource. Every
 * parameter is checked: unknown names, repeated parameters, undeclared or
 * non-filterable fields, bad values, an oversize `limit` or a forged `cursor` all end
 * in one 400 (`RAMPART_INVALID_QUERY`) that names each bad parameter.
 *
 * @param query Fastify's parsed querystring: raw keys such as `volume[gte]`, string
 *   values, arrays when a parameter is repeated.
 *
 * @example
 * const listQuery = parseListQuery(markets, { status: 'active', 'volume[gte]': '100', sort: '-volume' });
 * // listQuery.filters → [{ field: 'status', op: 'eq', ... }, { field: 'volume', op: 'gte', ... }]
 */
export function parseListQuery(
  resource: AnyResource,
  query: Record<string, unknown>,
  options: ListQueryOptions = {},
  paths?: ReadonlyMap<string, ResolvedPath>,
): ListQuery {
  const issues = new IssueCollector();
  const given = new Map<Control, string>();
  const filters: Filter[] = [];
  const pathFilters: PathFilter[] = [];
  for (const [param, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      // Unknown names are reported as unknown first: that is the more useful message.
      if (isControl(resource, param) || pathTarget(paths, param) || issues.attempt(() => filterTarget(resource, param))) {
        const message = Array.isArray(value) ? 'given more than once; give it once' : 'expected a single value';
        issues.list.push({ param, message });
      }
    } else if (isControl(resource, param)) {
      given.set(param, value);
    } else {
      // Aliases of own fields are the resource's filters (parseFilter); paths are relation filters.
      const target = pathTarget(paths, param);
      if (target) {
        const filter = issues.attempt(() => parsePathFilter(target, param, value));
        if (filter) pathFilters.push(filter);
      } else {
        const filter = issues.attempt(() => parseFilter(resource, param, value));
        if (filter) filters.push(filter);
      }
    }
  }
  const read = <T>(name: Control, parse: (raw: string) => T): T | undefined => {
    const raw = given.get(name);
    return raw === undefined ? undefined : issues.attempt(() => parse(raw));
  };

  const limit = read('limit', (raw) => parseLimit(raw, options.maxLimit ?? maxListLimit));
  const offset = read('offset', parseOffset);
  const rawSort = given.get('sort');
  const sort: SortKey[] | undefined =
    rawSort === undefined ? defaultSortOf(resource) : issues.attempt(() => parseSort(resource, rawSort));
  // A cursor is only meaningful for a known order; with a bad `sort` it is not checked.
  const cursor = sort && read('cursor', (raw) => decodeCursor(resource, sort, raw));
  if (given.has('cursor') && given.has('offset')) {
    issues.list.push({ param: 'offset', message: 'cannot be combined with cursor; use one or the other' });
  }
  let fields = read('fields', (raw) => parseFields(resource, raw));
  const include = read('include', (raw) => parseInclude(resource, raw)) ?? [];
  // An embedded record takes its reference field's place, so including it selects it.
  if (fields) fields = [...fields, ...include.filter((name) => !fields?.includes(name))];
  const q = read('q', parseSearch);
  const total = read('total', parseTotal) ?? false;

  if (issues.list.length > 0 || !sort) throw invalidQuery(issues.list);
  const listQuery: ListQuery = {
    filters,
    sort,
    limit: limit ?? options.defaultLimit ?? defaultListLimit,
    include,
    total,
  };
  if (pathFilters.length > 0) listQuery.paths = pathFilters;
  if (cursor) listQuery.cursor = cursor;
  if (offset !== undefined) listQuery.offset = offset;
  if (fields) listQuery.fields = fields;
  if (q !== undefined) listQuery.q = q;
  return listQuery;
}
