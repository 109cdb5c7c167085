import { describe, expect, it } from 'vitest';
import { decidesByCallerOnly } from './caller-only.js';
import { allow, toRule, type AccessContext, type AccessRule } from './rule.js';

const byHost = (ctx: AccessContext) => ctx.record?.tenant === ctx.request.hostname;
const tenant = allow.custom('tenant', byHost);

describe('decidesByCallerOnly', () => {
  it.each<[string, AccessRule]>([
    ['public', allow.public],
    ['authenticated', allow.authenticated],
    ['owner', allow.owner],
    ['role', allow.role('admin', 'editor')],
    ['permission', allow.permission('markets:delete')],
    ['nobody', allow.nobody],
    ['any of built-ins', allow.any(allow.owner, allow.role('admin'))],
    ['all of built-ins', allow.all(allow.authenticated, allow.permission('markets:read'))],
    ['nested built-ins', allow.any(allow.all(allow.owner, allow.role('user')), allow.permission('*'))],
  ])('is true for %s', (_name, rule) => {
    expect(decidesByCallerOnly(rule)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['allow.custom', tenant],
    ['a plain function', byHost],
    ['a function as startup normalizes it', toRule(byHost)],
    ['a hand-made rule object', { name: 'tenant', check: () => true, filter: () => null }],
    // Spreading copies every property of a built-in, but not its decision.
    ['a built-in spread into a new object', { ...allow.owner, checkRecord: byHost }],
    ['owner or a custom rule', allow.any(allow.owner, tenant)],
    ['owner and a custom rule', allow.all(allow.owner, tenant)],
    ['a custom rule deep inside', allow.any(allow.role('admin'), allow.all(allow.owner, tenant))],
    ['nothing', undefined],
  ])('is false for %s', (_name, rule) => {
    expect(decidesByCallerOnly(rule as AccessRule)).toBe(false);
  });
});
