import { describe, expect, it } from 'vitest';
import { censor, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces secret-looking keys at any depth, in arrays too, whatever their case', () => {
    const input = {
      body: { email: 'a@example.com', password: 'p' },
      headers: { Authorization: 'Bearer t', cookie: 'c', 'X-Api-Key': 'k', accept: 'json' },
      deep: { a: { b: { c: { d: { refreshToken: 'r' } } } } },
      list: [{ token: 't' }, { ok: 1 }],
    };
    expect(redactSecrets(input)).toEqual({
      body: { email: 'a@example.com', password: censor },
      headers: { Authorization: censor, cookie: censor, 'X-Api-Key': censor, accept: 'json' },
      deep: { a: { b: { c: { d: { refreshToken: censor } } } } },
      list: [{ token: censor }, { ok: 1 }],
    });
    // A flat line, no object in it, is checked as well.
    expect(redactSecrets({ token: 't', ok: 1 })).toEqual({ token: censor, ok: 1 });
    // The caller's object is left as it was.
    expect(input.body.password).toBe('p');
    expect(input.list[0]).toEqual({ token: 't' });
  });

  it('returns the very same object when nothing is secret, so the common log line costs no copy', () => {
    const line = { method: 'GET', url: '/api/v1/markets', statusCode: 200, ms: 1.2, nested: { a: [1, 2] } };
    expect(redactSecrets(line)).toBe(line);
  });

  it('redacts secrets carried by errors, keeping their message and stack, and leaves clean errors alone', () => {
    const leaky = Object.assign(new Error('boom'), { config: { password: 'p' } });
    const out = redactSecrets({ err: leaky }).err as unknown as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', message: 'boom', config: { password: censor } });
    expect(String(out.stack)).toContain('boom');
    const clean = new Error('fine');
    expect(redactSecrets({ err: clean }).err).toBe(clean);
  });

  it('survives cycles and leaves class instances other than errors alone', () => {
    const cyclic: Record<string, unknown> = { token: 't' };
    cyclic.self = cyclic;
    const out = redactSecrets({ cyclic });
    expect((out.cyclic as Record<string, unknown>).token).toBe(censor);
    const date = new Date(0);
    expect(redactSecrets({ date }).date).toBe(date);
  });
});
