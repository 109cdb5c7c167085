import type { AnyResource, ResolvedField } from '../resource.js';

/**
 * A resource's aliases of its own fields, declared in `filters` beside relation paths
 * (`{ tag: 'tagList', since: 'createdAt' }`): the public name and the field it filters.
 */
export type FilterAliases = ReadonlyMap<string, ResolvedField>;

const none: FilterAliases = new Map();
const cache = new WeakMap<AnyResource, FilterAliases>();

/** A `filters` entry without a dot names a field of the resource itself; with one, a relation path. */
export function isAliasPath(path: string): boolean {
  return !path.includes('.');
}

/**
 * The aliases of a resource's own fields, by name (memoized: the list parser asks on
 * every request). A field that is not `.filterable()` is never reachable through an
 * alias, even where the startup check did not run (server code parsing a query).
 *
 * @example
 * filterAliases(articles).get('tag')?.name; // 'tagList'
 */
export function filterAliases(resource: AnyResource): FilterAliases {
  let aliases = cache.get(resource);
  if (aliases) return aliases;
  const found = new Map<string, ResolvedField>();
  for (const [name, path] of Object.entries(resource.definition.filters ?? {})) {
    const f = isAliasPath(path) ? resource.field(path) : undefined;
    if (f?.field.flags.filterable) found.set(name, f);
  }
  aliases = found.size > 0 ? found : none;
  cache.set(resource, aliases);
  return aliases;
}

/**
 * What is wrong with an alias declaration, as a startup message; undefined when nothing.
 * An alias only renames a filter the resource already offers.
 *
 * @example
 * aliasProblem(articles, 'body'); // 'articles.body is not filterable: declare it .filterable() to alias it'
 */
export function aliasProblem(resource: AnyResource, path: string): string | undefined {
  const f = resource.field(path);
  if (!f) return `"${path}" is not a field of ${resource.name}, nor a path ("author.name")`;
  if (!f.field.flags.filterable) return `${resource.name}.${path} is not filterable: declare it .filterable() to alias it`;
  return undefined;
}
