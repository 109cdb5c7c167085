import type { OpenAPIV3_1 } from 'openapi-types';
import { createApp, type AppOptions } from '../core/create-app.js';
import type { Config } from '../core/config.js';
import { appResources } from '../core/app-tables.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { apiPaths, mountRoutes, type ApiPaths } from '../wire/paths.js';
import { openApiPath } from '../openapi/route-paths.js';
import { idempotencyApplies } from '../idempotency/idempotency-key.js';
import type { RateLimitNote } from '../openapi/operation-notes.js';
import { routeCollector } from './collect-routes.js';
import { inspectionEnv } from './inspection-env.js';
import type { LiveRoute, RouteEntry, RouteSchemas } from './route-info.js';
import { routeOrigin } from './route-sources.js';

/** Options of {@link inspectApp}. */
export interface InspectOptions {
  /** The environment the app reads (default `process.env`); see {@link inspectionEnv} for what is replaced. */
  env?: Record<string, string | undefined>;
}

/** An app's served routes with what declared them, and the document and config it was built with. */
export interface AppInspection {
  routes: RouteEntry[];
  document: OpenAPIV3_1.Document;
  config: Config;
  resources: AnyResource[];
  /** The app's own routes, mounted where they are served. */
  appRoutes: AnyRoute[];
  paths: ApiPaths;
}

type Operation = Record<string, unknown> & {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  'x-rampart-access'?: string;
  'x-rampart-rate-limit'?: RateLimitNote;
};

const methodOrder = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

const refName = (ref: string | undefined) => (ref === undefined ? 'inline' : ref.slice(ref.lastIndexOf('/') + 1));

function schemaOf(content: Record<string, { schema?: { $ref?: string } }> | undefined): string | null {
  const media = content && Object.values(content)[0];
  return media?.schema ? refName(media.schema.$ref) : null;
}

function schemasOf(operation: Operation | undefined, live: LiveRoute): RouteSchemas {
  if (!operation) {
    return { params: [...live.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!), query: [], body: live.validates.body ? 'inline' : null, responses: Object.fromEntries(live.validates.responses.map((s) => [s, 'inline'])) };
  }
  const parameters = operation.parameters ?? [];
  return {
    params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
    query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
    body: operation.requestBody ? (schemaOf(operation.requestBody.content) ?? 'inline') : null,
    responses: Object.fromEntries(
      Object.entries(operation.responses ?? {}).map(([status, response]) => [status, response.$ref ? refName(response.$ref) : schemaOf(response.content)]),
    ),
  };
}

function rateLimitText(note: RateLimitNote | undefined, live: LiveRoute): string {
  if (!note) return live.ownRateLimit ? 'own budget' : 'global';
  if (note.budget === 'none') return 'none';
  if (note.budget === 'global') return `global: ${note.perUser}/min per user, ${note.perIp}/min per address`;
  return `${note.max} per ${note.timeWindow} (own)`;
}

/**
 * Builds an app without serving it (see {@link inspectionEnv}: an in-memory database,
 * no Redis, no jobs) and lists every route Fastify serves, each with its access rule,
 * request budget, cache, idempotency, body limit and schemas, from the OpenAPI document
 * the app generates and the route options Fastify was given.
 *
 * @example
 * const { routes } = await inspectApp(await loadAppModule('app.ts'));
 * routes.map((r) => `${r.info.method} ${r.info.path} ${r.info.access}`);
 */
export async function inspectApp(options: AppOptions, inspect: InspectOptions = {}): Promise<AppInspection> {
  const collector = routeCollector();
  const app = await createApp({
    ...options,
    env: inspectionEnv(inspect.env ?? options.env ?? process.env),
    migrations: { dir: false },
    plugins: [collector.plugin, ...(options.plugins ?? [])],
  });
  let document: OpenAPIV3_1.Document;
  try {
    document = (await app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
  } finally {
    await app.close();
  }
  const resources = appResources(options);
  const lookup = (name: string) => resources.find((r) => r.name === name);
  const paths = apiPaths(options.api);
  const appRoutes = mountRoutes(paths, options.routes ?? [], lookup);
  const authPrefix = paths.group('auth') ?? false;
  const routes = collector.routes
    .filter((live) => live.method !== 'OPTIONS' && live.method !== 'HEAD')
    .map((live): RouteEntry => {
      const operation = (document.paths?.[openApiPath(live.url)] as Record<string, Operation> | undefined)?.[live.method.toLowerCase()];
      const origin = routeOrigin(live.method, live.url, { paths, resources, routes: appRoutes, lookup });
      const cached = (origin.source === 'resource' || origin.source === 'view') && live.method === 'GET' ? origin.resource?.cache : undefined;
      const access = operation?.['x-rampart-access'] ?? (origin.source === 'docs' ? 'public' : null);
      return {
        info: {
          method: live.method,
          path: live.url,
          source: origin.source,
          ...(origin.resource ? { resource: origin.resource.name } : {}),
          ...(origin.operation ? { operation: origin.operation } : {}),
          ...(typeof operation?.operationId === 'string' ? { operationId: operation.operationId } : {}),
          access,
          rateLimit: rateLimitText(operation?.['x-rampart-rate-limit'], live),
          cacheTtl: cached ? cached.ttl : null,
          idempotency: operation ? (operation.parameters ?? []).some((p) => p.name === 'Idempotency-Key') : idempotencyApplies(live.method, live.url, authPrefix),
          bodyLimit: live.bodyLimit ?? app.config.bodyLimit,
          schemas: schemasOf(operation, live),
          documented: operation !== undefined,
        },
        live,
        ...(operation ? { operation } : {}),
        ...(origin.resource ? { resource: origin.resource } : {}),
        ...(origin.route ? { route: origin.route } : {}),
      };
    })
    .sort((a, b) => a.info.path.localeCompare(b.info.path) || methodOrder.indexOf(a.info.method) - methodOrder.indexOf(b.info.method));
  return { routes, document, config: app.config, resources, appRoutes, paths };
}
