import { StartupError } from '../errors/app-error.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute, RouteGroup } from '../routes/route.js';
import { envelopeProblems, type EnvelopeSpec } from './envelopes.js';
import type { ResourceLookup } from '../resources/include.js';
import { routesShape } from '../resources/nesting.js';

/** The API's outside shape: `createApp({ api: { basePath, builtIn, envelope } })`. */
export interface ApiOptions {
  /** Prefix of every resource route and of Rampart's own groups (default `/api/v1`; `''` serves them at the root). */
  basePath?: string;
  /**
   * Rampart's own route groups, each a prefix under the base path or `false` to leave it
   * out: `auth` (default `/auth`: register, login, refresh, logout, me, password),
   * `admin` (default `/admin`: users, jobs, webhook endpoints and deliveries) and
   * `webhooks` (default `/webhooks`: inbound webhooks).
   */
  builtIn?: Partial<Record<RouteGroup, string | false>>;
  /**
   * How resources wrap records, lists and request bodies (default `envelope.data()`;
   * `envelope.named()`, `envelope.bare()`); a resource's own `envelope` wins.
   */
  envelope?: EnvelopeSpec;
}

/** The resolved paths one app serves. */
export interface ApiPaths {
  readonly base: string;
  /** A group's full prefix, or undefined when the app leaves the group out. */
  group(name: RouteGroup): string | undefined;
  /** A resource's collection path: the base plus its segment. */
  collection(resource: AnyResource): string;
}

const defaultGroups: Record<RouteGroup, string> = { auth: '/auth', admin: '/admin', webhooks: '/webhooks' };
// Literal segments only: parameters, wildcards and regexps belong to routes, not prefixes.
const prefixPattern = /^(\/[A-Za-z0-9._~-]+)*$/;

/**
 * Resolves and checks the path options; a malformed prefix or an unknown group stops the
 * app before anything opens.
 *
 * @example
 * const paths = apiPaths({ basePath: '/api', builtIn: { admin: false } });
 * paths.group('auth'); // '/api/auth'
 * paths.group('admin'); // undefined
 */
export function apiPaths(options: ApiOptions = {}): ApiPaths {
  const base = options.basePath ?? '/api/v1';
  const problems: string[] = [];
  if (typeof base !== 'string' || !prefixPattern.test(base)) {
    problems.push(`api.basePath ${JSON.stringify(base)} must be '' or literal segments each starting with "/", with no trailing "/" (e.g. "/api")`);
  }
  const groups = new Map<RouteGroup, string | undefined>();
  for (const [name, value] of Object.entries(options.builtIn ?? {})) {
    if (!Object.hasOwn(defaultGroups, name)) {
      problems.push(`api.builtIn.${name} is not a group; the groups are ${Object.keys(defaultGroups).join(', ')}`);
    } else if (value !== false && (typeof value !== 'string' || value === '' || !prefixPattern.test(value))) {
      problems.push(`api.builtIn.${name} must be false or a prefix such as "${defaultGroups[name as RouteGroup]}"`);
    } else groups.set(name as RouteGroup, value === false ? undefined : `${base}${value}`);
  }
  problems.push(...envelopeProblems(options.envelope, 'api.envelope'));
  if (problems.length > 0) throw new StartupError('RAMPART_CONFIG_INVALID', problems.join('; '));
  for (const [name, prefix] of Object.entries(defaultGroups) as [RouteGroup, string][]) {
    if (!groups.has(name)) groups.set(name, `${base}${prefix}`);
  }
  return {
    base,
    group: (name) => groups.get(name),
    collection: (resource) => `${base}${resource.segment}`,
  };
}

/**
 * The routes as served: a built-in route's path is relative to its group (dropped when
 * the group is left out), a resource-bound route's to the base path; the app's own
 * routes keep the absolute path they were declared with.
 *
 * @example
 * mountRoutes(paths, [...auth.routes, ...appRoutes]);
 */
export function mountRoutes(paths: ApiPaths, routes: readonly AnyRoute[], lookup: ResourceLookup = () => undefined): AnyRoute[] {
  return routes.flatMap((route) => {
    if (route.group) {
      const prefix = paths.group(route.group);
      return prefix === undefined ? [] : [{ ...route, path: `${prefix}${route.path}` }];
    }
    if (!route.bound) return [route];
    // Where the resource's routes put it: under the parent's record for a nested resource.
    const { resource, definition } = route.bound;
    const shape = routesShape(resource, lookup, paths.base);
    return [{ ...route, path: `${definition.load ? shape.item : shape.collection}${definition.path}` }];
  });
}

/** Two resources on one path (a `path` option repeating another's segment) stop the app, naming both. */
export function pathClashes(resources: readonly AnyResource[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const r of resources) {
    const key = r.parent ? `${r.parent.field.spec.reference?.resource ?? ''}/${r.segment}` : r.segment;
    const first = seen.get(key);
    if (first) problems.push(`resources ${first} and ${r.name} are both served at ${r.segment}`);
    else seen.set(key, r.name);
  }
  return problems;
}
