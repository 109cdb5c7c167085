import type { z } from 'zod';
import type { ErrorCode } from '../errors/catalog.js';
import type { Access } from '../policies/rule.js';
import type { HandlerContext } from './handler-context.js';
import type { RecordData } from './records.js';
import type { AnyResource, Operation } from './resource.js';
import type { AuditDeclaration } from '../audit/audit-declaration.js';

const reloadMark: unique symbol = Symbol('reload');

/** What `ctx.reload()` returns: "answer with the record as it is now". */
export interface Reload {
  readonly [reloadMark]: true;
}

/** Whether a bound handler asked for the record as it is now. */
export function isReload(value: unknown): value is Reload {
  return typeof value === 'object' && value !== null && reloadMark in value;
}

/** What a bound route's handler receives. */
export interface BoundRouteContext<Q, B> extends HandlerContext<Q, B> {
  /** The record named by the path, loaded under the rule of `load`; null without `load`. */
  record: RecordData | null;
  /** Answers with the record as it is now, through the resource's read pipeline (computed fields included). */
  reload(): Reload;
}

/** The declaration of a route bound to a resource, as passed to `route.for`. */
export interface BoundRouteDefinition<Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * The path after the record's (with `load`: `/favorite` is `/api/v1/articles/:slug/favorite`)
   * or after the collection's (without).
   */
  path: string;
  /** Who may call it, like any route. */
  access: Access;
  /**
   * Loads the record the path names under that operation's rule of the resource (404 when
   * it is missing or the caller may not), before the handler runs.
   */
  load?: Extract<Operation, 'read' | 'update' | 'delete'>;
  summary?: string;
  description?: string;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The success status (default 200; 204 when the handler returns nothing). */
  status?: number;
  errors?: readonly ErrorCode[];
  rateLimit?: { max: number; timeWindow: string | number };
  /** Checks of `rampart audit` this route is exempt from, each with its reason (docs/audit.md#waivers). */
  audit?: AuditDeclaration;
  /** Returns a record of the resource, `ctx.reload()`, or nothing (204). */
  handler(ctx: BoundRouteContext<Q, B>): RecordData | Reload | undefined | Promise<RecordData | Reload | undefined>;
}

/** A bound route with its resource, as the app's route list carries it. */
export interface BoundRoute {
  resource: AnyResource;
  definition: BoundRouteDefinition;
}

/** A `reload()` answer. */
export const reloadAnswer: Reload = Object.freeze({ [reloadMark]: true as const });
