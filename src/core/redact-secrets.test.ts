import { describe, expect, it } from 'vitest';
import { censor, createRedactor, redactSecrets } from './redact-secrets.js';
import { createSecretNames } from './secret-names.js';

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

  it('redacts the whole family of names, in headers and bodies alike', () => {
    const out = redactSecrets({
      headers: { 'x-auth-token': 't', 'proxy-authorization': 'p', 'x-csrf-token': 'c', 'x-signature': 's', accept: 'a' },
      body: { otp: '123456', code: '654321', jwt: 'j', client_secret: 's', api_key: 'k', sort: 'name', status: 'open' },
    });
    expect(out).toEqual({
      headers: { 'x-auth-token': censor, 'proxy-authorization': censor, 'x-csrf-token': censor, 'x-signature': censor, accept: 'a' },
      body: { otp: censor, code: censor, jwt: censor, client_secret: censor, api_key: censor, sort: 'name', status: 'open' },
    });
  });

  it('keeps `code` where it is an error or exit code: on a line itself and on errors', () => {
    const err = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    expect(redactSecrets({ code: 'RAMPART_FORBIDDEN', status: 403 })).toEqual({ code: 'RAMPART_FORBIDDEN', status: 403 });
    expect(redactSecrets({ err }).err).toBe(err);
    expect(redactSecrets({ code: 1, signal: null, statusCode: 500 })).toEqual({ code: 1, signal: null, statusCode: 500 });
  });

  it('masks secret query parameters in any string: URLs, error messages, stacks and causes', () => {
    expect(redactSecrets({ url: '/a?jwt=x&sort=1' })).toEqual({ url: `/a?jwt=${censor}&sort=1` });
    expect(redactSecrets({ job: { target: 'https://h.example/in?sig=s' } })).toEqual({ job: { target: `https://h.example/in?sig=${censor}` } });
    const cause = new Error('GET https://api.example/v1?api_key=k1 answered 500');
    const err = new Error('upstream failed', { cause });
    const out = redactSecrets({ err }).err as unknown as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(out)).not.toContain('k1');
    expect(out.cause?.message).toBe(`GET https://api.example/v1?api_key=${censor} answered 500`);
    const withUrl = new Error('fetch https://x.example/?token=t1 failed');
    const copy = redactSecrets({ err: withUrl }).err as unknown as Record<string, unknown>;
    expect(copy.message).toBe(`fetch https://x.example/?token=${censor} failed`);
    expect(String(copy.stack)).not.toContain('t1');
    const aggregate = new AggregateError([new Error('https://x/?secret=s9')], 'all failed');
    expect(JSON.stringify(redactSecrets({ err: aggregate }))).not.toContain('s9');
  });

  it('applies a rule of the app: extra names and a matcher', () => {
    const redact = createRedactor(createSecretNames({ names: ['ssn'], match: (name, builtIn) => builtIn && name !== 'sortKey' }));
    expect(redact.line({ body: { ssn: '1', sortKey: 'a', token: 't' }, url: '/a?user_ssn=2' })).toEqual({
      body: { ssn: censor, sortKey: 'a', token: censor },
      url: `/a?user_ssn=${censor}`,
    });
  });
});
