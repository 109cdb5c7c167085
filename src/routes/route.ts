import type { ErrorCode } from '../errors/catalog.js';
import type { z } from 'zod';
import type { Access } from '../policies/rule.js';
import type { BoundRoute, BoundRouteDefinition } from '../resources/bound-route.js';
import type { AnyResource } from '../resources/resource.js';
import type { HandlerContext } from '../resources/handler-context.js';
import type { AuditDeclaration } from '../audit/audit-declaration.js';

/** HTTP methods a custom route may use. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Rampart's own route groups, each movable or left out with `createApp({ api: { builtIn } })`. */
export type RouteGroup = 'auth' | 'admin' | 'webhooks';

/** What a custom route's handler receives: validated input and the app's services. */
export interface RouteContext<P, Q, B> extends HandlerContext<Q, B> {
  params: P;
}

/** The declaration of a custom route, as passed to {@link route}. */
export interface RouteDefinition<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: RouteMethod;
  /**
   * The full path, with `:name` parameters, e.g. `/api/v1/markets/:id/summary`. The app's
   * `api.basePath` does not apply: a custom route is served exactly where it says.
   */
  path: string;
  /** Who may call it. Required: a route without one stops the app at startup. */
  access: Access;
  summary?: string;
  description?: string;
  tags?: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The success body. Only what it declares is sent. */
  response?: z.ZodType<R>;
  /** The success status (default 200; 201 for creation, 204 for no body). */
  status?: number;
  /** A per-IP request budget for this route, e.g. `{ max: 10, timeWindow: '1 minute' }` (429 above it). */
  rateLimit?: { max: number; timeWindow: string | number };
  /** A body size bound below the app's, so oversized input is refused before any work. */
  bodyLimit?: number;
  /**
   * Error codes the handler may answer with, beyond those every route can give
   * (validation, access, rate limit...), e.g. `['RAMPART_CONFLICT']`: OpenAPI lists their
   * statuses. A route with path parameters lists 404 without being told.
   */
  errors?: readonly ErrorCode[];
  /**
   * OpenAPI security of a route that authenticates callers its own way (an API key
   * header, a signature), by scheme name: `[{ partnerKey: [] }]`, the scheme declared in
   * `createApp({ securitySchemes })`. Documentation only: `access` still decides who
   * gets in, so such a route is usually `allow.public` and checks the key itself.
   */
  security?: readonly Readonly<Record<string, readonly string[]>>[];
  /**
   * Checks of `rampart audit` this route is exempt from, each with its reason:
   * `{ waive: { RA002: 'sign-up is for callers without an account' } }`. See docs/audit.md#waivers.
   */
  audit?: AuditDeclaration;
  /** @internal Set by `route.for`: the route belongs to a resource, whose routes register it. */
  bound?: BoundRoute;
  /** @internal Rampart's own routes: `path` is relative to the group's prefix, which the app sets. */
  group?: RouteGroup;
  handler(ctx: RouteContext<P, Q, B>): R | Promise<R>;
}

/** Any custom route, whatever its types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, any>;

/**
 * Declares a custom route with the same validation, access rules, errors and OpenAPI
 * treatment as resource routes. Objects in `params`, `query` and `body` should be
 * `z.strictObject` so unknown input is refused.
 *
 * @example
 * export const summary = route({
 *   method: 'GET',
 *   path: '/api/v1/markets/:id/summary',
 *   access: allow.public,
 *   params: z.strictObject({ id: z.uuid() }),
 *   response: z.object({ data: z.object({ positions: z.int() }) }),
 *   handler: async ({ params, db }) => ({ data: { positions: await countPositions(db, params.id) } }),
 * });
 */
export function route<P = unknown, Q = unknown, B = unknown, R = unknown>(
  definition: RouteDefinition<P, Q, B, R>,
): RouteDefinition<P, Q, B, R> {
  return definition;
}

/**
 * Declares a route bound to a resource: under its paths, with the record the path names
 * loaded under the resource's rule (`load`), and answered through the resource's read
 * pipeline and response schema (computed fields included) rather than fields repeated.
 *
 * @example
 * route.for(articles, {
 *   method: 'POST',
 *   path: '/favorite',
 *   load: 'read',
 *   access: allow.authenticated,
 *   handler: async ({ record, user, records, reload }) => {
 *     await records(favorites).create({ article: record!.id }, { owner: user!.id });
 *     return reload();
 *   },
 * });
 */
route.for = function boundRoute<Q = unknown, B = unknown>(resource: AnyResource, definition: BoundRouteDefinition<Q, B>): AnyRoute {
  const item = definition.load ? `/:${resource.lookup.name}` : '';
  return {
    method: definition.method,
    // Relative to the API's base path until the app mounts it (wire/paths.ts).
    path: `${resource.segment}${item}${definition.path}`,
    access: definition.access,
    summary: definition.summary,
    description: definition.description,
    tags: [resource.name],
    query: definition.query,
    body: definition.body,
    status: definition.status,
    errors: definition.errors,
    rateLimit: definition.rateLimit,
    ...(definition.audit ? { audit: definition.audit } : {}),
    bound: { resource, definition: definition as BoundRouteDefinition },
    handler: () => {
      throw new TypeError(`${definition.method} ${definition.path}: a bound route is served by its resource's routes`);
    },
  };
};
