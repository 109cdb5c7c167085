import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { AnyResource } from '../resources/resource.js';
import { decidesByCallerOnly } from './caller-only.js';
import { decide, type AccessContext, type AccessRule, type Principal, type RowFilter } from './rule.js';
import type { SubjectLookup } from './subjects.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null. Set by authentication, read by access rules. */
    user: Principal | null;
  }
}

/** Builds what a rule sees for an operation of a resource (or a custom route). */
export function accessContext(request: FastifyRequest, operation: string, resource?: AnyResource): AccessContext {
  return { request, user: request.user, operation, resource: resource?.name, owner: resource?.owner, subjects: subjectsOf(request) };
}

/** The app's subjects, as `createApp` registered them on the server. */
function subjectsOf(request: FastifyRequest): SubjectLookup | undefined {
  return (request.server as { rampartSubjects?: SubjectLookup }).rampartSubjects;
}

/** The answer to a denied operation: 401 for anonymous callers, 403 for signed-in ones. */
export function denied(request: FastifyRequest): AppError {
  return request.user
    ? new AppError('RAMPART_FORBIDDEN', 'You are not allowed to do this.')
    : new AppError('RAMPART_UNAUTHENTICATED', 'Sign in to do this.', {
        headers: { 'www-authenticate': 'Bearer' },
      });
}

/**
 * A `preValidation` hook enforcing a rule's operation-level part. It runs after
 * authentication and before validation, so an unauthorized caller learns nothing about
 * the expected input.
 */
export function operationGuard(rule: AccessRule, operation: string, resource?: AnyResource): preValidationHookHandler {
  // A callback hook: most rules decide synchronously, and then no promise is made.
  const guard: preValidationHookHandler = (request, _reply, done) => {
    const allowed = decide(rule, accessContext(request, operation, resource));
    if (typeof allowed === 'boolean') return done(allowed ? undefined : denied(request));
    allowed.then((yes) => done(yes ? undefined : denied(request)), done);
  };
  if (decidesByCallerOnly(rule)) anonymousVerdicts.set(guard, anonymousVerdict(rule, operation, resource));
  return guard;
}

type AnonymousVerdict = (request: FastifyRequest) => boolean;

// Guards whose rule decides by the caller alone: for an anonymous caller their answer
// is the same on every request, so it is known before the body is read.
const anonymousVerdicts = new WeakMap<object, AnonymousVerdict>();

function anonymousVerdict(rule: AccessRule, operation: string, resource?: AnyResource): AnonymousVerdict {
  // Learnt from the first anonymous request (compositions decide asynchronously), then kept.
  let refused: boolean | undefined;
  return (request) => {
    if (request.user !== null) return false;
    if (refused === undefined) {
      const allowed = decide(rule, accessContext(request, operation, resource));
      if (typeof allowed !== 'boolean') {
        allowed.then((yes) => (refused = !yes), () => undefined);
        return false;
      }
      refused = !allowed;
    }
    return refused;
  };
}

/**
 * Given a route's `preValidation` hooks: a test telling, before the body is read, that
 * the route's guard will refuse an anonymous caller whatever the input. Undefined when
 * the route has no guard or its rule may look at more than the caller (a custom rule).
 * The HTTP layer uses it to leave the bodies of such requests unread.
 *
 * @example
 * const refusesAnonymous = anonymousRefusal(route.preValidation);
 */
export function anonymousRefusal(hooks: unknown): AnonymousVerdict | undefined {
  for (const hook of Array.isArray(hooks) ? (hooks as unknown[]) : [hooks]) {
    const verdict = typeof hook === 'function' ? anonymousVerdicts.get(hook) : undefined;
    if (verdict) return verdict;
  }
  return undefined;
}

/** The record-level part of a rule, as the resource service calls it per stored record. */
export function recordCheck(rule: AccessRule, operation: string, resource: AnyResource, request: FastifyRequest) {
  const ctx = accessContext(request, operation, resource);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (record: Record<string, unknown>, db?: Kysely<any>): boolean | Promise<boolean> => decide(rule, { ...ctx, record, db });
}

/**
 * A create's input check, for rules that decide on what a body points at
 * (`allow.via('project', allow.owner)`): undefined when the rule has none. A throw denies.
 */
export function inputCheck(rule: AccessRule | undefined, operation: string, resource: AnyResource, request: FastifyRequest) {
  if (!rule?.checkInput) return undefined;
  const checkInput = rule.checkInput.bind(rule);
  const ctx = accessContext(request, operation, resource);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (input: Record<string, unknown>, db?: Kysely<any>): Promise<boolean> => {
    try {
      return (await checkInput({ ...ctx, record: input, db })) === true;
    } catch (error) {
      request.log.error({ err: error, rule: rule.name }, 'access rule threw; denying');
      return false;
    }
  };
}

/**
 * The rows a caller may see, as a SQL condition for list queries; undefined when the
 * rule does not restrict rows. A rule that throws here denies every row.
 */
export function rowFilter(rule: AccessRule, operation: string, resource: AnyResource, request: FastifyRequest): RowFilter | undefined {
  if (!rule.filter) return undefined;
  try {
    return rule.filter(accessContext(request, operation, resource)) ?? undefined;
  } catch (error) {
    request.log.error({ err: error, rule: rule.name }, 'access rule filter threw; denying');
    return (eb) => eb.lit(false);
  }
}

/** What a caller may read of a resource: a row condition and a per-record check, either optional. */
export interface ReadScope {
  where?: RowFilter;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  check?: (record: Record<string, unknown>, db?: Kysely<any>) => boolean | Promise<boolean>;
}

/**
 * The records of `target` the caller may read, by its `read` rule; null when it may
 * read none. Everything that reaches into another resource for a caller (`?include=`,
 * reference checks on writes) goes through this one decision.
 */
export async function readScope(request: FastifyRequest, target: AnyResource): Promise<ReadScope | null> {
  const read = target.definition.access.read as AccessRule | undefined;
  if (!read || !(await decide(read, accessContext(request, 'read', target)))) return null;
  return { where: rowFilter(read, 'read', target, request), check: read.checkRecord && recordCheck(read, 'read', target, request) };
}
