import type { Access, AccessRule } from './rule.js';

// Membership rather than a flag on the rule: a hand-made rule built by spreading a
// built-in one (`{ ...allow.owner, filter: byTenant }`) copies every property, and
// would carry a flag into a decision that no longer depends on the caller alone. A
// spread makes a new object, which is never in this set.
const callerOnly = new WeakSet<AccessRule>();

/**
 * Records that `rule`, a built-in rule, decides from the caller's identity and role
 * (and the role's permissions) alone, plus the record itself. Only `allow` calls it.
 *
 * @example
 * const authenticated = markCallerOnly({ name: 'authenticated', check: (ctx) => ctx.user !== null });
 */
export function markCallerOnly(rule: AccessRule): AccessRule {
  callerOnly.add(rule);
  return rule;
}

/**
 * True when the rule's decisions depend only on who asks (user id, role, the role's
 * permissions) and on the record being decided: `allow.public`, `authenticated`,
 * `owner`, `role(...)`, `permission(...)`, `nobody`, and `any`/`all` composed only of
 * those. False for custom functions, `allow.custom`, hand-made rule objects and any
 * composition containing one: those see `ctx.request` (headers, host, address), the
 * clock or other tables, so two requests from the same caller may be decided
 * differently. The read cache shares answers only for rules this returns true for.
 *
 * @example
 * decidesByCallerOnly(allow.any(allow.owner, allow.role('admin'))); // true
 * decidesByCallerOnly(allow.any(allow.owner, allow.custom('tenant', byHost))); // false
 */
export function decidesByCallerOnly(rule: Access | undefined): boolean {
  return typeof rule === 'object' && rule !== null && callerOnly.has(rule);
}
