import { StartupProblems } from '../core/startup-problems.js';
import { StartupError } from '../errors/app-error.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { toRule, type AccessRule } from './rule.js';

function isRule(value: unknown): boolean {
  if (typeof value === 'function') return true;
  const rule = value as Partial<AccessRule> | undefined;
  return typeof rule?.check === 'function' && typeof rule.name === 'string';
}

/**
 * Deny by default: every enabled resource operation and every custom route must name an
 * access rule. All missing rules (and misused ones) are listed at once, so one boot shows the whole gap.
 * Each present rule is normalized in place by {@link toRule}.
 */
export function requireAccessRules(resources: readonly AnyResource[], routes: readonly AnyRoute[]): void {
  const missing: string[] = [];
  const ownerless: string[] = [];
  const unfiltered: string[] = [];
  for (const resource of resources) {
    const access = resource.definition.access ?? {};
    for (const op of resource.enabled) {
      const value = access[op];
      if (!isRule(value)) {
        missing.push(`${resource.name}.${op}`);
        continue;
      }
      const rule = toRule(value as AccessRule);
      (access as Record<string, unknown>)[op] = rule;
      // A record-level rule without a row filter would decide for the whole list of other
      // people's rows, or list rows it hides on read: a function included.
      if (op === 'list' && rule.checkRecord && !rule.filter) unfiltered.push(`${resource.name}.list`);
      if (rule.usesOwner && !resource.owner) ownerless.push(`${resource.name}.${op}`);
    }
  }
  for (const route of routes) {
    if (isRule(route.access)) route.access = toRule(route.access);
    else missing.push(`route ${route.method} ${route.path}`);
    if (isRule(route.access) && toRule(route.access).usesOwner) ownerless.push(`route ${route.method} ${route.path}`);
  }
  const problems = new StartupProblems();
  if (unfiltered.length > 0) {
    problems.add(new StartupError(
      'RAMPART_DEFINITION_INVALID',
      `a list rule must filter rows, so lists show only what reads allow (allow.owner, allow.where, allow.via, a rule with a filter), ` +
        `or decide for the whole list on purpose with allow.gate(name, fn); a function or record-level rule cannot: ${unfiltered.join(', ')}`,
    ));
  }
  if (ownerless.length > 0) {
    problems.add(new StartupError(
      'RAMPART_DEFINITION_INVALID',
      `allow.owner needs a resource with an owner field (resource(name, { owner: 'creator', ... })); used by: ${ownerless.join(', ')}`,
    ));
  }
  if (missing.length > 0) {
    problems.add(new StartupError(
      'RAMPART_ACCESS_RULE_MISSING',
      `every operation needs an access rule (use allow.public to make one public on purpose); missing: ${missing.join(', ')}`,
    ));
  }
  problems.throwIfAny();
}
