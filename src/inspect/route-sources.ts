import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { routesShape } from '../resources/nesting.js';
import { aggregatePath } from '../resources/aggregate-routes.js';
import type { ApiPaths } from '../wire/paths.js';
import type { RouteSource } from './route-info.js';

/** What declared a served route, as far as the declarations tell. */
export interface RouteOrigin {
  source: RouteSource;
  resource?: AnyResource;
  operation?: string;
  route?: AnyRoute;
}

const itemOperations: Record<string, string> = { GET: 'read', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
const collectionOperations: Record<string, string> = { GET: 'list', POST: 'create' };

const under = (path: string, prefix: string | undefined) => prefix !== undefined && (path === prefix || path.startsWith(`${prefix}/`));

/**
 * Finds what declared a route served at `method path`: the app's (mounted) routes first,
 * then each resource's generated paths, views and aggregates, then Rampart's groups and
 * endpoints; anything else came from a plugin.
 *
 * @example
 * const origin = routeOrigin('GET', '/api/v1/markets/:id', { paths, resources, routes, lookup });
 * // { source: 'resource', resource: markets, operation: 'read' }
 */
export function routeOrigin(
  method: string,
  path: string,
  context: { paths: ApiPaths; resources: readonly AnyResource[]; routes: readonly AnyRoute[]; lookup: (name: string) => AnyResource | undefined },
): RouteOrigin {
  const declared = context.routes.find((r) => r.method === method && r.path === path);
  if (declared) return { source: 'route', route: declared, ...(declared.bound ? { resource: declared.bound.resource } : {}) };
  for (const resource of context.resources) {
    const shape = routesShape(resource, context.lookup, context.paths.base);
    if (path === shape.collection && collectionOperations[method]) return { source: 'resource', resource, operation: collectionOperations[method] };
    if (path === shape.item && itemOperations[method]) return { source: 'resource', resource, operation: itemOperations[method] };
    for (const name of Object.keys(resource.definition.views ?? {})) {
      if (method === 'GET' && path === `${shape.collection}/${name}`) return { source: 'view', resource, operation: name };
    }
    for (const [name, agg] of Object.entries(resource.definition.aggregates ?? {})) {
      if (method === 'GET' && agg.route && path === aggregatePath(context.paths.base, agg.route)) return { source: 'aggregate', resource, operation: name };
    }
  }
  if (under(path, context.paths.group('auth'))) return { source: 'auth' };
  if (under(path, context.paths.group('admin'))) return { source: 'admin' };
  if (under(path, context.paths.group('webhooks'))) return { source: 'webhook' };
  if (under(path, '/health') || path === '/metrics') return { source: 'operational' };
  if (under(path, '/docs') || path === '/openapi.json') return { source: 'docs' };
  return { source: 'plugin' };
}
