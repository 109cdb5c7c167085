import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { allow, decide, type AccessContext, type AccessRule } from './rule.js';

function context(record?: Record<string, unknown>) {
  const logged: unknown[] = [];
  const request = { log: { error: (entry: unknown) => logged.push(entry) } } as unknown as FastifyRequest;
  const ctx: AccessContext = { request, user: { id: 'u1', role: 'user', permissions: new Set() }, operation: 'read', resource: 'notes', owner: { field: 'owner', column: 'owner' }, record };
  return { ctx, logged };
}

describe('decide', () => {
  it('answers synchronously for rules that decide synchronously, with or without a record', () => {
    expect(decide(allow.owner, context().ctx)).toBe(true);
    expect(decide(allow.owner, context({ owner: 'u1' }).ctx)).toBe(true);
    expect(decide(allow.owner, context({ owner: 'u2' }).ctx)).toBe(false);
    expect(decide(allow.role('admin'), context().ctx)).toBe(false);
    // A truthy answer other than true denies.
    expect(decide({ name: 'loose', check: () => 1 as unknown as boolean }, context().ctx)).toBe(false);
  });

  it('answers with a promise for asynchronous rules, compositions of them included', async () => {
    const slow: AccessRule = { name: 'slow', check: async () => true };
    const answer = decide(slow, context().ctx);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe(true);
    expect(await decide(allow.any(allow.role('admin'), slow), context().ctx)).toBe(true);
  });

  it('denies and logs when a rule throws or rejects', async () => {
    const throwing = context();
    expect(decide({ name: 'throwing', check: () => { throw new Error('bug'); } }, throwing.ctx)).toBe(false);
    expect(throwing.logged).toMatchObject([{ rule: 'throwing' }]);
    const rejecting = context({ owner: 'u1' });
    const rule: AccessRule = { name: 'rejecting', check: () => true, checkRecord: () => Promise.reject(new Error('bug')) };
    expect(await decide(rule, rejecting.ctx)).toBe(false);
    expect(rejecting.logged).toMatchObject([{ rule: 'rejecting' }]);
  });
});
