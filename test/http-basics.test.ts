import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { InjectOptions } from 'fastify';
import { allow, route } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

const boom = route({
  method: 'GET',
  path: '/api/v1/boom',
  access: allow.public,
  handler: () => {
    throw new Error('secret internal detail: db password is hunter2');
  },
});

const echo = route({
  method: 'POST',
  path: '/api/v1/echo',
  access: allow.public,
  body: z.strictObject({ text: z.string().max(10), count: z.int().min(1) }),
  response: z.object({ text: z.string(), count: z.int() }),
  handler: ({ body }) => ({ ...body, internal: 'must not leak' }),
});

const chatty = route({
  method: 'POST',
  path: '/api/v1/chatty',
  access: allow.public,
  body: z.strictObject({ email: z.string(), password: z.string() }),
  handler: ({ body, log, request }) => {
    // What a careless handler might log: the body, nested secrets, the raw headers.
    log.info({ body, user: { token: 'tok-SECRET-1', apiKey: 'key-SECRET-2' }, headers: request.headers }, 'chatty');
    return { ok: true };
  },
});

beforeAll(async () => {
  t = await startTestApp({ routes: [boom, echo, chatty] }, { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT: '2048' });
});
afterAll(async () => t.close());

const inject = (opts: InjectOptions) => t.app.fastify.inject(opts);

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:rampart:error:${code.toLowerCase()}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('request id', () => {
  it.each([
    ['a sane id is echoed', 'abc-123_DEF.9', 'abc-123_DEF.9'],
    ['a 128-character id is echoed', 'a'.repeat(128), 'a'.repeat(128)],
  ])('%s', async (_name, sent, expected) => {
    const res = await inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': sent } });
    expect(res.headers['x-request-id']).toBe(expected);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['bad characters', 'abc def'],
    ['log injection', 'x\n{"level":60}'],
  ])('an id with %s is replaced by a UUID', async (_name, sent) => {
    const res = await inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': sent } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('binds the id to the request log line', async () => {
    t.logs.clear();
    await inject({ method: 'GET', url: '/api/v1/markets', headers: { 'x-request-id': 'trace-me-1' } });
    const lines = t.logs.entries.filter((e) => e.requestId === 'trace-me-1');
    expect(lines.some((e) => e.msg === 'request completed' && e.statusCode === 200)).toBe(true);
  });
});

describe('log redaction', () => {
  it('keeps passwords, tokens, secrets, cookies and authorization headers out of the logs', async () => {
    t.logs.clear();
    const res = await inject({
      method: 'POST',
      url: '/api/v1/chatty',
      payload: { email: 'a@example.com', password: 'pw-SECRET-0' },
      headers: { cookie: 'session=cookie-SECRET-4' },
    });
    expect(res.statusCode).toBe(200);
    // A request whose bad bearer token is refused leaves no trace of it either.
    const refused = await inject({ method: 'GET', url: '/api/v1/markets', headers: { authorization: 'Bearer auth-SECRET-3' } });
    expect(refused.statusCode).toBe(401);
    const text = t.logs.lines.join('\n');
    expect(text).toContain('chatty');
    expect(text).toContain('a@example.com');
    expect(text).not.toMatch(/SECRET/);
    expect(text).toContain('[redacted]');
  });
});

describe('security headers and CORS', () => {
  it("sets the API security headers (OWASP's set for APIs) on every response, errors included", async () => {
    for (const url of ['/health/live', '/nope', '/api/v1/markets', '/openapi.json']) {
      const res = await inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Page-only headers are for the docs pages.
      expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    }
  });

  it("gives the docs pages helmet's page headers instead, under which Swagger UI runs", async () => {
    for (const url of ['/docs', '/docs/static/swagger-ui-bundle.js']) {
      const res = await inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers a configured origin with credentials allowed', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/markets', headers: { origin: 'https://app.example.com' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('gives an unknown origin no CORS grant', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/markets', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never pairs a wildcard origin with credentials', async () => {
    const wild = await startTestApp({}, { CORS_ORIGINS: '*' });
    try {
      const res = await wild.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', headers: { origin: 'https://x.example' } });
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    } finally {
      await wild.close();
    }
  });
});

describe('bodies', () => {
  it('refuses a body over the limit with 413', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/echo', payload: { text: 'x'.repeat(4000), count: 1 } });
    expectProblem(res, 413, 'RAMPART_BODY_TOO_LARGE');
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'text=a&count=1'],
    ['application/xml', '<a/>'],
  ])('refuses %s on a JSON route with 415', async (type, payload) => {
    const res = await inject({ method: 'POST', url: '/api/v1/echo', payload, headers: { 'content-type': type } });
    expectProblem(res, 415, 'RAMPART_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/echo', payload: '{"text":', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'RAMPART_INVALID_JSON');
  });

  it('refuses prototype pollution attempts with 400', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: '{"text":"a","count":1,"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('lists every failing field of a custom route body', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/echo', payload: { text: 'far too long text', count: 0, extra: 1 } });
    const body = expectProblem(res, 400, 'RAMPART_VALIDATION');
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.count', 'body.extra', 'body.text']);
  });

  it('sends only what the response schema declares', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/echo', payload: { text: 'hi', count: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: 'hi', count: 2 });
  });
});

describe('malformed requests', () => {
  it('answers a malformed URL with a 400 problem carrying a request id', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'RAMPART_BAD_REQUEST', detail: 'The URL is malformed.' });
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
  });

  it('answers an over-long path parameter with a 400 problem', async () => {
    const res = await inject({ method: 'GET', url: `/api/v1/markets/${'a'.repeat(200)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('A path parameter is too long.');
  });

  it('accepts an empty body declared as JSON where no body is expected', async () => {
    const created = await inject({ method: 'POST', url: '/api/v1/markets', payload: { name: 'to delete' } });
    const res = await inject({
      method: 'DELETE',
      url: `/api/v1/markets/${created.json().data.id}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(204);
  });

  it('still refuses an empty JSON body where one is required', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/markets', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_VALIDATION');
  });

  it('masks secret-looking query parameters in the request log line', async () => {
    t.logs.clear();
    await inject({ method: 'GET', url: '/api/v1/markets?access_token=abc123&page=2&apiKey=k9' });
    const line = t.logs.entries.find((e) => e.msg === 'request completed');
    expect(line?.url).toBe('/api/v1/markets?access_token=[redacted]&page=2&apiKey=[redacted]');
  });

  it('tells keep-alive clients to reconnect while shutting down', async () => {
    const closing = await startTestApp();
    closing.app.lifecycle.shuttingDown = true;
    const res = await closing.app.fastify.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers.connection).toBe('close');
    await closing.close();
  });
});

describe('unknown routes and methods', () => {
  it('answers an unknown path with a 404 problem', async () => {
    expectProblem(await inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'RAMPART_ROUTE_NOT_FOUND');
  });

  it('answers a known path with a missing method with 405 and Allow', async () => {
    const res = await inject({ method: 'DELETE', url: '/api/v1/markets' });
    expectProblem(res, 405, 'RAMPART_METHOD_NOT_ALLOWED');
    expect(String(res.headers.allow).split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('does not claim a trailing-slash path exists', async () => {
    expectProblem(await inject({ method: 'GET', url: '/health/live/' }), 404, 'RAMPART_ROUTE_NOT_FOUND');
  });

  it('knows parameterized paths for 405', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/markets/0190a0d0-0000-7000-8000-000000000000' });
    expectProblem(res, 405, 'RAMPART_METHOD_NOT_ALLOWED');
    expect(String(res.headers.allow)).toContain('PATCH');
  });
});

describe('internal errors', () => {
  it('hides the internals of a 500 and logs them instead', async () => {
    t.logs.clear();
    const res = await inject({ method: 'GET', url: '/api/v1/boom' });
    const body = expectProblem(res, 500, 'RAMPART_INTERNAL');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(body.detail).not.toContain('secret');
    const logged = t.logs.entries.find((e) => e.requestId === body.requestId && e.level === 50);
    expect(JSON.stringify(logged)).toContain('secret internal detail');
  });
});

describe('health and metrics', () => {
  it('reports liveness and readiness', async () => {
    expect((await inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('counts requests by route and status in Prometheus format', async () => {
    await inject({ method: 'GET', url: '/api/v1/markets' });
    await inject({ method: 'GET', url: '/api/v1/unknown-thing' });
    const res = await inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/markets",status_code="200"\} [1-9]/);
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="unmatched",status_code="404"\} [1-9]/);
    expect(res.body).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/markets"');
    expect(res.body).toContain('process_resident_memory_bytes');
  });
});

describe('readiness when things go wrong', () => {
  it('answers 503 once the database stops answering', async () => {
    const broken = await startTestApp();
    try {
      await broken.app.database.db.destroy();
      const res = await broken.app.fastify.inject({ method: 'GET', url: '/health/ready' });
      expectProblem(res, 503, 'RAMPART_UNAVAILABLE');
      expect(res.json().detail).toContain('database');
    } finally {
      await broken.app.fastify.close().catch(() => undefined);
    }
  });

  it('answers 503 while shutting down', async () => {
    const closing = await startTestApp();
    closing.app.lifecycle.shuttingDown = true;
    const res = await closing.app.fastify.inject({ method: 'GET', url: '/health/ready' });
    expectProblem(res, 503, 'RAMPART_UNAVAILABLE');
    await closing.close();
  });
});
