import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allow, route } from 'rampart';

// Any query parameter accepted, so a request carrying secrets is served, not refused.
const anyQuery = z.record(z.string(), z.unknown());
import { startTestApp, type TestApp } from './support/test-app.js';

// Every way a secret can reach a log line of a running app: the request line's URL, a
// 500's error (message, cause), a handler logging headers and body, Fastify's `req`
// serializer and a message quoting a URL; with the built-in rule and an app's own.
const routes = [
  route({ method: 'GET', path: '/api/v1/echo', access: allow.public, query: anyQuery, handler: () => ({ ok: true }) }),
  route({
    method: 'GET',
    path: '/api/v1/upstream',
    access: allow.public,
    query: anyQuery,
    handler: () => {
      throw new Error('upstream failed', { cause: new Error('GET https://api.example/v1?api_key=CAUSE-SECRET answered 500') });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/logs-everything',
    access: allow.public,
    query: anyQuery,
    handler: ({ request }) => {
      request.log.warn({ headers: request.headers, body: request.body, req: request }, `handling ${request.url}`);
      return { ok: true };
    },
  }),
];

const secrets = ['jwt', 'refresh', 'pwd', 'sig', 'sid', 'otp', 'bearer', 'credential', 'access_token', 'AccessToken', 'client-secret', 'X-Api-Key', 'access%5Ftoken', 'code'];

describe('secrets never reach the logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      { routes, logRedaction: { names: ['ssn'], match: (name, builtIn) => builtIn || name === 'internal_ref' } },
      { LOG_REDACT_NAMES: 'membership_number' },
    );
  });
  afterAll(() => t.close());

  const logged = () => t.logs.lines.join('\n');

  it.each(secrets)('?%s= in the request line', async (name) => {
    t.logs.clear();
    const res = await t.app.fastify.inject({ method: 'GET', url: `/api/v1/echo?sort=name&${name}=LEAKED-${name}&limit=5` });
    expect(res.statusCode).toBe(200);
    const line = t.logs.entries.find((e) => e.msg === 'request completed');
    expect(line?.url).toBe(`/api/v1/echo?sort=name&${name}=[redacted]&limit=5`);
    expect(logged()).not.toContain('LEAKED');
  });

  it("applies the app's names (option and LOG_REDACT_NAMES) and matcher to the request line", async () => {
    t.logs.clear();
    await t.app.fastify.inject({ method: 'GET', url: '/api/v1/echo?ssn=S1&membershipNumber=M1&internal_ref=R1&status=active' });
    const line = t.logs.entries.find((e) => e.msg === 'request completed');
    expect(line?.url).toBe('/api/v1/echo?ssn=[redacted]&membershipNumber=[redacted]&internal_ref=[redacted]&status=active');
  });

  it('masks URLs quoted by errors and their causes in the 500 log', async () => {
    t.logs.clear();
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/upstream?token=URL-SECRET' });
    expect(res.statusCode).toBe(500);
    const failed = t.logs.entries.find((e) => e.msg === 'request failed');
    expect(JSON.stringify(failed)).toContain('api_key=[redacted]');
    expect(logged()).not.toContain('CAUSE-SECRET');
    expect(logged()).not.toContain('URL-SECRET');
  });

  it('redacts headers, body fields, the req serializer and the message of a handler logging everything', async () => {
    t.logs.clear();
    const res = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/logs-everything?sig=Q-SECRET',
      headers: { 'proxy-authorization': 'Basic H-SECRET', 'x-auth-token': 'T-SECRET', cookie: 'sid=C-SECRET', 'x-api-key': 'K-SECRET', 'x-custom': 'visible' },
      payload: { password: 'B-SECRET', otp: '000000', ssn: 'SSN-SECRET', note: 'visible too' },
    });
    expect(res.statusCode).toBe(200);
    const line = t.logs.entries.find((e) => typeof e.msg === 'string' && e.msg.startsWith('handling'));
    expect(line?.msg).toBe('handling /api/v1/logs-everything?sig=[redacted]');
    expect((line?.req as { url: string }).url).toBe('/api/v1/logs-everything?sig=[redacted]');
    expect(line?.headers).toMatchObject({ 'proxy-authorization': '[redacted]', 'x-auth-token': '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', 'x-custom': 'visible' });
    expect(line?.body).toEqual({ password: '[redacted]', otp: '[redacted]', ssn: '[redacted]', note: 'visible too' });
    expect(logged()).not.toMatch(/[A-Z]-SECRET|SSN-SECRET|000000/);
  });
});
