import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';

/**
 * Where a served route comes from: a resource's generated operations (`resource`), its
 * views and aggregates, an app route (`route`, `route.for` included), Rampart's own
 * groups (`auth`, `admin`, `webhook`), the operational endpoints (health, metrics), the
 * docs pages, or a plugin (served, but declared nowhere Rampart can see).
 */
export type RouteSource = 'resource' | 'view' | 'aggregate' | 'route' | 'auth' | 'admin' | 'webhook' | 'operational' | 'docs' | 'plugin';

/** The schemas a route validates its input with and answers with. */
export interface RouteSchemas {
  /** Path parameters, by name. */
  params: string[];
  /** Query parameters, by name (a list's filters, sort and page controls included). */
  query: string[];
  /** The request body's schema (an OpenAPI component name, or `inline`); null: the route takes none. */
  body: string | null;
  /** Each documented status and its body's schema (a component name or `inline`); null: no body. */
  responses: Record<string, string | null>;
}

/** One served route as `rampart routes` lists it. */
export interface RouteInfo {
  method: string;
  /** The path as Fastify serves it (`:id` parameters). */
  path: string;
  source: RouteSource;
  /** The resource it belongs to, when it does. */
  resource?: string;
  /** The resource operation (`list`, `read`...), view or aggregate name. */
  operation?: string;
  operationId?: string;
  /** The access rule's name; null when no rule of Rampart's guards it (plugin routes). */
  access: string | null;
  /** Its request budget in words: own, global or none. */
  rateLimit: string;
  /** Seconds answers are cached for; null: not cached. */
  cacheTtl: number | null;
  /** Whether `Idempotency-Key` makes a retry safe. */
  idempotency: boolean;
  /** The largest body accepted, in bytes (the route's own or the app's `BODY_LIMIT`). */
  bodyLimit: number;
  schemas: RouteSchemas;
  /** Whether the OpenAPI document describes it. */
  documented: boolean;
}

/** What the live Fastify route carries, as its `onRoute` hook saw it. */
export interface LiveRoute {
  method: string;
  url: string;
  bodyLimit?: number;
  /** The schema parts the route validates: `params`, `querystring`, `body`, and response statuses. */
  validates: { params: boolean; querystring: boolean; body: boolean; responses: string[] };
  ownRateLimit: boolean;
}

/** A route with what declared it, for the checks that need the declaration. */
export interface RouteEntry {
  info: RouteInfo;
  live?: LiveRoute;
  /** The OpenAPI operation, when documented. */
  operation?: Record<string, unknown>;
  /** The resource that declares it (generated operations, views, aggregates, `route.for`). */
  resource?: AnyResource;
  /** The app route that declares it. */
  route?: AnyRoute;
}
