import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * CORS as a browser app sees it: the preflight must grant every method the API serves
 * and every header it reads, be cacheable, and the answers must expose the headers the
 * app reads. Both modes: listed origins with credentials, and `*` without them.
 */

const app = 'https://app.example.com';
const evil = 'https://evil.example';
const served = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const read = ['authorization', 'content-type', 'idempotency-key', 'if-none-match', 'if-match', 'x-request-id'];

const list = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

const preflight = (t: TestApp, origin: string, method: string, url = '/api/v1/markets/0190a6f0-0000-7000-8000-000000000000') =>
  t.app.fastify.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': read.join(',') },
  });

describe.each([
  { mode: 'listed origins, with credentials', env: app, allowedOrigin: app, expectedOrigin: app, credentials: 'true' },
  { mode: 'any origin, without credentials', env: '*', allowedOrigin: evil, expectedOrigin: '*', credentials: undefined },
])('CORS: $mode', ({ env, allowedOrigin, expectedOrigin, credentials }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { CORS_ORIGINS: env, RATE_LIMIT_IP_PER_MINUTE: '3' });
  });
  afterAll(async () => t.close());
  const inject = (options: InjectOptions) => t.app.fastify.inject(options);

  it.each(served)('a preflight for %s grants the method, every header the API reads, and is cacheable', async (method) => {
    const res = await preflight(t, allowedOrigin, method);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(expectedOrigin);
    expect(res.headers['access-control-allow-credentials']).toBe(credentials);
    expect(list(res.headers['access-control-allow-methods'])).toEqual(expect.arrayContaining(served.map((m) => m.toLowerCase())));
    expect(list(res.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(read));
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThanOrEqual(600);
  });

  it('exposes the headers a browser app reads, the rate limiter\'s included, on answers and errors', async () => {
    const created = await inject({ method: 'POST', url: '/api/v1/markets', payload: { name: 'cors' }, headers: { origin: allowedOrigin } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe(expectedOrigin);
    expect(created.headers['access-control-allow-credentials']).toBe(credentials);
    const exposed = list(created.headers['access-control-expose-headers']);
    expect(exposed).toEqual(expect.arrayContaining(['location', 'etag', 'retry-after', 'x-request-id']));
    // Whatever names the rate limiter sends, a browser may read them.
    const sent = Object.keys(created.headers).filter((name) => name.startsWith('ratelimit-') || name === 'retry-after');
    expect(sent.length).toBeGreaterThan(0);
    expect(exposed).toEqual(expect.arrayContaining(sent));
    // Errors are readable too: the 429 with its Retry-After.
    let limited = created;
    for (let i = 0; i < 5 && limited.statusCode !== 429; i++) {
      limited = await inject({ method: 'GET', url: '/api/v1/markets', headers: { origin: allowedOrigin } });
    }
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe(expectedOrigin);
    expect(list(limited.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining(Object.keys(limited.headers).filter((n) => n.startsWith('ratelimit-') || n === 'retry-after')));
  });

  it('answers a bare OPTIONS without a text/plain error', async () => {
    const res = await inject({ method: 'OPTIONS', url: '/api/v1/markets' });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(env === '*' ? '*' : undefined);
  });
});

describe('CORS: an origin not listed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { CORS_ORIGINS: `${app},https://admin.example.com` });
  });
  afterAll(async () => t.close());

  it('gets no grant on a preflight or an answer, and caches are told answers vary by Origin', async () => {
    const pre = await preflight(t, evil, 'DELETE');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', headers: { origin: evil } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(list(res.headers.vary)).toContain('origin');
  });

  it('grants each listed origin its own name, never another', async () => {
    const res = await preflight(t, 'https://admin.example.com', 'PATCH');
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    expect(list(res.headers.vary)).toContain('origin');
  });
});
