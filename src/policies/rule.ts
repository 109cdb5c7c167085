import type { FastifyRequest } from 'fastify';

/** The caller as authentication established it, or null for an anonymous request. */
export interface Principal {
  id: string;
  role: string;
}

/** What an access rule sees. `record` is set for read, update and delete of one record. */
export interface AccessContext {
  request: FastifyRequest;
  user: Principal | null;
  /** `list`, `read`, `create`, `update`, `delete`, or a custom route's `METHOD /path`. */
  operation: string;
  resource?: string;
  record?: Record<string, unknown>;
}

/** A custom rule: return true to allow. Throwing denies. */
export type RuleFunction = (ctx: AccessContext) => boolean | Promise<boolean>;

/**
 * A named access rule. `check` decides for the operation before any input is read;
 * a denial answers 401 to an anonymous caller and 403 to a signed-in one.
 * `checkRecord`, when present, then decides per stored record; a denial there answers
 * 404, exactly like a missing record, so existence is never revealed.
 */
export interface AccessRule {
  readonly name: string;
  check(ctx: AccessContext): boolean | Promise<boolean>;
  checkRecord?(ctx: AccessContext & { record: Record<string, unknown> }): boolean | Promise<boolean>;
}

/** What an operation's `access` accepts: a rule from `allow`, or a custom function. */
export type Access = AccessRule | RuleFunction;

/**
 * Access rules. Every resource operation and custom route must name one; there is no
 * implicit default, so forgetting a rule stops the app at startup instead of opening a route.
 *
 * @example
 * access: {
 *   list: allow.public,
 *   read: allow.public,
 *   create: (ctx) => ctx.request.headers['x-api-key'] === process.env.API_KEY,
 * }
 */
export const allow = {
  /** Anyone, signed in or not. Declared, never implied. */
  public: { name: 'public', check: () => true } satisfies AccessRule as AccessRule,
  /** No client at all: the operation gets no route (server-side code only). */
  nobody: { name: 'nobody', check: () => false } satisfies AccessRule as AccessRule,
  /** Wraps a function as a named rule, for clearer startup errors and OpenAPI text. */
  custom(name: string, fn: RuleFunction): AccessRule {
    return { name, check: fn };
  },
};

/** Normalizes an {@link Access} value to a rule. */
export function toRule(access: Access): AccessRule {
  return typeof access === 'function' ? { name: access.name || 'custom', check: access } : access;
}

/**
 * Evaluates a rule: its operation-level part without `ctx.record`, its record-level
 * part with it. An exception inside a rule denies: a broken rule must never open a
 * route. The error is logged for the developer.
 */
export async function isAllowed(rule: AccessRule, ctx: AccessContext): Promise<boolean> {
  try {
    // With a record, only the record-level part is left to decide: the operation-level
    // part ran before the record was loaded.
    if (ctx.record) return rule.checkRecord ? (await rule.checkRecord({ ...ctx, record: ctx.record })) === true : true;
    return (await rule.check(ctx)) === true;
  } catch (error) {
    ctx.request.log.error({ err: error, rule: rule.name }, 'access rule threw; denying');
    return false;
  }
}
