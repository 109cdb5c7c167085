import { decidesByCallerOnly, markCallerOnly } from './caller-only.js';
import { me, related, via, where } from './relation-rules.js';
import type { AccessContext, AccessRule, RowFilter, RuleFunction } from './rule.js';

const signedIn = (ctx: AccessContext) => ctx.user !== null;

function ownerOf(ctx: AccessContext): { field: string; column: string } {
  // requireAccessRules refuses `owner` on a resource without an owner field at startup.
  if (!ctx.owner) throw new Error(`allow.owner used where "${ctx.resource ?? ctx.operation}" declares no owner`);
  return ctx.owner;
}

const owner: AccessRule = markCallerOnly({
  name: 'owner',
  usesOwner: true,
  // Creating is owning: the owner field is set from the caller.
  check: signedIn,
  checkRecord: (ctx) => ctx.user !== null && ctx.record[ownerOf(ctx).field] === ctx.user.id,
  filter: (ctx) => {
    const { column } = ownerOf(ctx);
    const id = ctx.user?.id ?? '';
    return (eb) => eb(column, '=', id);
  },
});

function hasPermission(ctx: AccessContext, permission: string): boolean {
  const granted = ctx.user?.permissions;
  return granted !== undefined && (granted.has('*') || granted.has(permission));
}

/** A composition decides by the caller alone only when every rule in it does. */
const composed = (rules: readonly AccessRule[], rule: AccessRule): AccessRule =>
  rules.every(decidesByCallerOnly) ? markCallerOnly(rule) : rule;

type Verdict = boolean | Promise<boolean>;
const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === 'function';

/**
 * True when some check is: synchronous while the checks are (so compositions of built-in
 * rules decide without a promise, and can gate row filters), a promise from the first
 * asynchronous one on. Checks run in order and stop at the first true.
 */
function some(checks: readonly (() => Verdict)[], from = 0): Verdict {
  for (let i = from; i < checks.length; i++) {
    const verdict = (checks[i] as () => Verdict)();
    if (isPromise(verdict)) return verdict.then((v) => (v === true ? true : some(checks, i + 1)));
    if (verdict === true) return true;
  }
  return false;
}

/** True when every check is; the same synchronous-first evaluation as {@link some}. */
function every(checks: readonly (() => Verdict)[], from = 0): Verdict {
  for (let i = from; i < checks.length; i++) {
    const verdict = (checks[i] as () => Verdict)();
    if (isPromise(verdict)) return verdict.then((v) => (v === true ? every(checks, i + 1) : false));
    if (verdict !== true) return false;
  }
  return true;
}

/** The input-level part of a rule (a create's body); a rule without one accepts every input. */
function inputAllowed(rule: AccessRule, ctx: AccessContext & { record: Record<string, unknown> }): Verdict {
  return rule.checkInput ? rule.checkInput(ctx) : true;
}

/** The record-level part of a rule; a rule without one accepts every record. */
function recordAllowed(rule: AccessRule, ctx: AccessContext & { record: Record<string, unknown> }): Verdict {
  return rule.checkRecord ? rule.checkRecord(ctx) : true;
}

function any(...rules: AccessRule[]): AccessRule {
  return composed(rules, {
    name: `any(${rules.map((r) => r.name).join(', ')})`,
    usesOwner: rules.some((r) => r.usesOwner),
    check: (ctx) => some(rules.map((rule) => () => rule.check(ctx))),
    // A record passes when one rule that admits the caller also admits the record.
    checkRecord: (ctx) => some(rules.map((rule) => () => every([() => rule.check(ctx), () => recordAllowed(rule, ctx)]))),
    ...(rules.some((r) => r.checkInput) ? { checkInput: (ctx) => some(rules.map((rule) => () => every([() => rule.check(ctx), () => inputAllowed(rule, ctx)]))) } : {}),
    filter: (ctx) => {
      const filters: RowFilter[] = [];
      for (const rule of rules) {
        // Filters must be synchronous decisions; an async check cannot be part of one.
        const admits = rule.check(ctx);
        if (admits !== true) continue;
        const f = rule.filter?.(ctx) ?? null;
        if (f === null) return null;
        filters.push(f);
      }
      if (filters.length === 0) return (eb) => eb.lit(false);
      return (eb) => eb.or(filters.map((f) => f(eb)));
    },
  });
}

function all(...rules: AccessRule[]): AccessRule {
  return composed(rules, {
    name: `all(${rules.map((r) => r.name).join(', ')})`,
    usesOwner: rules.some((r) => r.usesOwner),
    check: (ctx) => every(rules.map((rule) => () => rule.check(ctx))),
    checkRecord: (ctx) => every(rules.map((rule) => () => recordAllowed(rule, ctx))),
    ...(rules.some((r) => r.checkInput) ? { checkInput: (ctx) => every(rules.map((rule) => () => inputAllowed(rule, ctx))) } : {}),
    filter: (ctx) => {
      const filters = rules.map((r) => r.filter?.(ctx) ?? null).filter((f): f is RowFilter => f !== null);
      if (filters.length === 0) return null;
      return (eb) => eb.and(filters.map((f) => f(eb)));
    },
  });
}

/**
 * Access rules. Every resource operation and custom route must name one; there is no
 * implicit default, so forgetting a rule stops the app at startup instead of opening a route.
 *
 * @example
 * access: {
 *   list: allow.public,
 *   read: allow.public,
 *   create: allow.authenticated,
 *   update: allow.any(allow.owner, allow.role('admin')),
 *   delete: allow.any(allow.owner, allow.permission('markets:delete')),
 * }
 */
export const allow = {
  /** Anyone, signed in or not. Declared, never implied. */
  public: markCallerOnly({ name: 'public', check: () => true }),
  /** No client: the operation gets no route at all (server-side code only). */
  nobody: markCallerOnly({ name: 'nobody', check: () => false }),
  /** Any signed-in user. */
  authenticated: markCallerOnly({ name: 'authenticated', check: signedIn }),
  /**
   * The record's owner (the resource's `owner` field). On create, any signed-in user
   * (who becomes the owner); on lists, only the caller's rows; others' records answer 404.
   */
  owner,
  /** Signed-in users with one of these roles. */
  role(...roles: string[]): AccessRule {
    return markCallerOnly({ name: `role(${roles.join(', ')})`, check: (ctx) => ctx.user !== null && roles.includes(ctx.user.role) });
  },
  /** Signed-in users whose role grants this permission in the app's role table. */
  permission(permission: string): AccessRule {
    return markCallerOnly({ name: `permission(${permission})`, check: (ctx) => hasPermission(ctx, permission) });
  },
  /** Allowed when at least one rule allows. */
  any,
  /** Allowed when every rule allows. */
  all,
  /**
   * Wraps a function as a named rule, for clearer startup errors and OpenAPI text. It
   * may decide on anything in `ctx.request`, so reads it decides are never cached.
   */
  custom(name: string, fn: RuleFunction): AccessRule {
    return { name, check: fn, checkRecord: fn };
  },
  /**
   * A named rule that decides for the operation as a whole, never per record: the one
   * way to put a function on a list (`list: allow.gate('beta', (ctx) => flags.beta(ctx.user))`).
   */
  gate(name: string, fn: RuleFunction): AccessRule {
    return { name, check: fn };
  },
  /** The record's user-reference field is the caller: `allow.where('assignee', allow.me)`. */
  where,
  /** Stands for the caller in `allow.where`. */
  me,
  /** A rule decided on a referenced record: `allow.via('project', allow.owner)`, `allow.via('article', 'read')`. */
  via,
  /** The caller is among the users a relation of the record reaches: `allow.related('members')`. */
  related,
};
