import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, errorFormat, errorsByField, field, resource, route, z, type AnyResource, type ErrorFormat } from 'rampart';
import { apiSecurityHeaders } from '../src/http/security-headers.js';
import { apiClient } from './support/api-client.js';
import { RawConnection, type RawResponse } from './support/raw-socket.js';
import { expectStartupError } from './support/startup-error.js';
import { everyone, publicResources, startTestApp, type TestApp } from './support/test-app.js';

/*
 * An app-level error format (RealWorld's: 422 `{ "errors": { field: [messages] } }`)
 * reaches every error the process answers: the ones raised in routes, the refusals made
 * before a route runs (body parsing, content type, body limit, JSON depth, rate limit,
 * tokens, idempotency, shutdown, readiness, the metrics token) and the answers written
 * to the raw socket. Each is provoked through a real request and checked for its status,
 * body (against the format's own schema), content type and the headers errors carry.
 */

const conduitSchema = z.object({ errors: z.record(z.string(), z.array(z.string())) });
const conduit = errorFormat({
  status: (e) => (e.status === 400 ? 422 : e.status),
  schema: conduitSchema,
  name: 'GenericErrorModel',
  body: (e) => ({ errors: errorsByField(e) }),
});

const boom = route({
  method: 'GET',
  path: '/api/v1/boom',
  access: allow.public,
  handler: () => {
    throw new Error('secret internal detail: db password is hunter2');
  },
});
const handles = resource('handles', { fields: { name: field.string({ max: 40 }).unique() }, access: everyone });
const metricsToken = 'metrics-0123456789abcdef0123456789abcdef';
const security = apiSecurityHeaders();

let t: TestApp;
let port: number;
let counter = 0;
// A new client address per request, so only the test that pins one meets the budget.
const inject = (options: InjectOptions) => {
  counter++;
  return t.app.fastify.inject({ remoteAddress: `10.9.${(counter >> 8) & 255}.${counter & 255}`, ...options });
};

beforeAll(async () => {
  const { markets } = publicResources();
  t = await startTestApp(
    { resources: [markets, handles], routes: [boom], errors: conduit },
    { PORT: '0', BODY_LIMIT: '2048', JSON_MAX_DEPTH: '8', RATE_LIMIT_IP_PER_MINUTE: '20', METRICS_TOKEN: metricsToken },
  );
  port = Number(new URL(await t.app.listen()).port);
});
afterAll(async () => t.close());

type Answer = { status: number; headers: Record<string, unknown>; body: string };
const answerOf = (res: LightMyRequestResponse): Answer => ({ status: res.statusCode, headers: res.headers, body: res.body });

/** Asserts the format was applied, with the headers every error carries; returns the field map. */
function expectConduit(res: Answer, status: number): Record<string, string[]> {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  for (const [name, value] of Object.entries(security)) expect(res.headers[name], name).toBe(value);
  expect(res.headers['x-request-id']).toMatch(/\S/);
  const body = conduitSchema.strict().parse(JSON.parse(res.body));
  expect(JSON.stringify(body)).not.toMatch(/RAMPART_|problem|hunter2/);
  return body.errors;
}

describe('the Conduit format, on errors raised in and before routes', () => {
  it('validation: 422 with messages by field, unknown fields named', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/markets', payload: { name: '', bogus: 1 } });
    const errors = expectConduit(answerOf(res), 422);
    expect(Object.keys(errors).sort()).toEqual(['bogus', 'name']);
    expect(errors.bogus).toEqual(['unknown field']);
  });

  it('a whole-body issue and an invalid query', async () => {
    const missing = await inject({ method: 'POST', url: '/api/v1/markets', headers: { 'content-type': 'application/json' }, payload: '[]' });
    expect(Object.keys(expectConduit(answerOf(missing), 422))).toEqual(['body']);
    const query = await inject({ method: 'GET', url: '/api/v1/markets?sort=nope' });
    expect(Object.keys(expectConduit(answerOf(query), 422))).toEqual(['sort']);
  });

  it('body parsing: malformed JSON, JSON too deep, wrong content type, body too large', async () => {
    const json = { 'content-type': 'application/json' };
    const malformed = await inject({ method: 'POST', url: '/api/v1/markets', headers: json, payload: '{"name":' });
    expect(expectConduit(answerOf(malformed), 422)).toEqual({ body: ['The request body is not valid JSON.'] });
    const deep = await inject({ method: 'POST', url: '/api/v1/markets', headers: json, payload: `${'['.repeat(20)}${']'.repeat(20)}` });
    expect(expectConduit(answerOf(deep), 422).body?.[0]).toMatch(/JSON_MAX_DEPTH/);
    const text = await inject({ method: 'POST', url: '/api/v1/markets', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    expectConduit(answerOf(text), 415);
    const large = await inject({ method: 'POST', url: '/api/v1/markets', payload: { name: 'x'.repeat(4000) } });
    expectConduit(answerOf(large), 413);
  });

  it('401 with WWW-Authenticate, for a bad token and for an access rule', async () => {
    const badToken = await inject({ method: 'GET', url: '/api/v1/markets', headers: { authorization: 'Bearer not-a-token' } });
    expectConduit(answerOf(badToken), 401);
    expect(badToken.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const anonymous = await inject({ method: 'GET', url: '/api/v1/auth/me' });
    expectConduit(answerOf(anonymous), 401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('403, 404 (record and route) and 405 with Allow', async () => {
    const api = apiClient(t.app);
    await api.register('ann');
    expectConduit(answerOf(await api.call('GET', '/api/v1/admin/users', 'ann')), 403);
    expectConduit(answerOf(await inject({ method: 'GET', url: '/api/v1/markets/0190a0d0-0000-7000-8000-000000000000' })), 404);
    expect(expectConduit(answerOf(await inject({ method: 'GET', url: '/nowhere' })), 404)).toEqual({ body: ['No route matches GET /nowhere.'] });
    const wrongMethod = await inject({ method: 'DELETE', url: '/api/v1/markets' });
    expectConduit(answerOf(wrongMethod), 405);
    expect(String(wrongMethod.headers.allow).split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('409 naming the unique field', async () => {
    expect((await inject({ method: 'POST', url: '/api/v1/handles', payload: { name: 'jake' } })).statusCode).toBe(201);
    const again = await inject({ method: 'POST', url: '/api/v1/handles', payload: { name: 'jake' } });
    expect(expectConduit(answerOf(again), 409)).toEqual({ name: ['already taken'] });
  });

  it('422 for an Idempotency-Key reused with another body', async () => {
    const keyed = (name: string) =>
      t.app.fastify.inject({ method: 'POST', url: '/api/v1/markets', remoteAddress: '10.8.0.1', headers: { 'idempotency-key': 'key-1' }, payload: { name } });
    expect((await keyed('first')).statusCode).toBe(201);
    expectConduit(answerOf(await keyed('second')), 422);
  });

  it('429 with Retry-After and the RateLimit headers', async () => {
    const pinned = () => t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress: '10.7.0.1' });
    for (let i = 0; i < 20; i++) expect((await pinned()).statusCode).toBe(200);
    const limited = await pinned();
    expectConduit(answerOf(limited), 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-limit']).toBe('20');
  });

  it('500 without internals, and the metrics token 401', async () => {
    const failed = await inject({ method: 'GET', url: '/api/v1/boom' });
    expect(expectConduit(answerOf(failed), 500).body?.[0]).toMatch(/unexpected error/);
    const metrics = await inject({ method: 'GET', url: '/metrics' });
    expectConduit(answerOf(metrics), 401);
    expect(metrics.headers['www-authenticate']).toBe('Bearer');
  });

  it('readiness 503 while shutting down', async () => {
    t.app.lifecycle.shuttingDown = true;
    try {
      const res = await inject({ method: 'GET', url: '/health/ready' });
      expect(expectConduit(answerOf(res), 503)).toEqual({ body: ['The server is shutting down.'] });
      expect(res.headers.connection).toBe('close');
    } finally {
      t.app.lifecycle.shuttingDown = false;
    }
  });

  it('a malformed URL refused by the router', async () => {
    expect(expectConduit(answerOf(await inject({ method: 'GET', url: '/api/v1/%zz' })), 422)).toEqual({ body: ['The URL is malformed.'] });
  });

  it('keeps a success untouched', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/markets' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty('data');
  });
});

async function send(bytes: string, target = port): Promise<RawResponse> {
  const conn = await RawConnection.open(target);
  try {
    conn.write(bytes);
    return await conn.next();
  } finally {
    conn.close();
  }
}

describe('the Conduit format on answers written to the raw socket', () => {
  it.each([
    ['unparseable HTTP', 'hello there\r\n\r\n', 422],
    ['oversized headers', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
    ['an HTTP/1.1 request without Host', 'GET /health/live HTTP/1.1\r\n\r\n', 422],
    ['an expectation other than 100-continue', 'GET /health/live HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', 417],
  ])('%s', async (_name, bytes, status) => {
    const res = await send(bytes);
    expectConduit(res, status);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  it('closes the connection after unparseable HTTP', async () => {
    expect((await send('GET / HTTP/9.9\r\nHost: x\r\n\r\n')).headers.connection).toBe('close');
  });

  it('answers a request arriving while the server closes with 503, Retry-After and Connection: close', async () => {
    let release: () => void = () => undefined;
    const gate = route({
      method: 'GET',
      path: '/api/v1/gate',
      access: allow.public,
      handler: () => new Promise<{ ok: boolean }>((resolve) => (release = () => resolve({ ok: true }))),
    });
    const own = await startTestApp({ routes: [gate], errors: conduit }, { PORT: '0' });
    const conn = await RawConnection.open(Number(new URL(await own.app.listen()).port));
    let closed: Promise<void> | undefined;
    try {
      conn.write('GET /api/v1/gate HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      closed = own.app.fastify.close();
      conn.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      expect((await conn.next()).status).toBe(200);
      const res = await conn.next();
      expectConduit(res, 503);
      expect(res.headers.connection).toBe('close');
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      conn.close();
      release();
      await closed;
      await own.close();
    }
  });
});

/** An app on an in-memory database, for what needs no rows. */
const start = (errors: unknown, resources: AnyResource[] = []) =>
  createApp({ resources, errors: errors as ErrorFormat, migrations: { dir: false }, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:' } });

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { description: string; content: Record<string, { schema: { $ref: string } }> }> };
};

describe('OpenAPI under the format', () => {
  it('documents every error response with the format schema, media type and statuses', async () => {
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
    expect(doc.components.schemas.GenericErrorModel).toMatchObject({ type: 'object', required: ['errors'] });
    expect(doc.components.schemas).not.toHaveProperty('Problem');
    const refs = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.responses, `${method} ${path}`).not.toHaveProperty('400');
        for (const [status, response] of Object.entries(operation.responses)) if (Number(status) >= 400) refs.add(response.$ref!);
      }
    }
    expect(doc.paths['/api/v1/markets']!.post!.responses['422']).toEqual({ $ref: '#/components/responses/UnprocessableContent' });
    expect(doc.paths['/api/v1/markets']!.get!.responses['422']).toBeDefined();
    for (const ref of refs) {
      const response = doc.components.responses[ref.split('/').pop()!];
      expect(response?.content, ref).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/GenericErrorModel' } } });
    }
    expect(doc.components.responses).not.toHaveProperty('BadRequest');
    expect(doc.components.responses.UnprocessableContent!.description).toContain('`RAMPART_VALIDATION`');
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });

  it('keeps a status some codes still use beside the one others move to', async () => {
    const partial = errorFormat({ ...conduit, status: (e) => (e.code === 'RAMPART_VALIDATION' ? 422 : e.status), name: undefined, contentType: 'application/vnd.conduit+json' });
    const app = await start(partial, [publicResources().markets]);
    const doc = (await app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
    await app.close();
    const list = doc.paths['/api/v1/markets']!.get!.responses;
    expect(list['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(list['422']).toEqual({ $ref: '#/components/responses/UnprocessableContent' });
    expect(doc.components.responses.BadRequest!.description).not.toContain('RAMPART_VALIDATION');
    expect(doc.components.responses.BadRequest!.content).toEqual({ 'application/vnd.conduit+json': { schema: { $ref: '#/components/schemas/Error' } } });
  });
});

describe('a format that fails on a request', () => {
  const fragile = errorFormat({
    schema: z.object({ message: z.string() }),
    body: (e) => {
      if (e.requestId.startsWith('explode')) throw new Error('formatter internals: secret-xyz');
      if (e.requestId.startsWith('refuse')) return { message: 42 } as unknown as { message: string };
      return { message: e.detail, internal: 'stripped by the schema' } as { message: string };
    },
  });
  let f: TestApp;
  let fPort: number;
  beforeAll(async () => {
    f = await startTestApp({ routes: [boom], errors: fragile }, { PORT: '0' });
    fPort = Number(new URL(await f.app.listen()).port);
  });
  afterAll(async () => f.close());

  it('sends the schema output, so undeclared keys never leave', async () => {
    const res = await f.app.fastify.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ message: 'No route matches GET /nowhere.' });
  });

  it.each([
    ['throws', 'explode-1', '/nowhere', 404, 'RAMPART_ROUTE_NOT_FOUND'],
    ['throws on a 500', 'explode-2', '/api/v1/boom', 500, 'RAMPART_INTERNAL'],
    ['returns what its schema refuses', 'refuse-1', '/nowhere', 404, 'RAMPART_ROUTE_NOT_FOUND'],
  ])('that %s: Problem Details under the error own status, and an error logged', async (_name, requestId, url, status, code) => {
    f.logs.clear();
    const res = await f.app.fastify.inject({ method: 'GET', url, headers: { 'x-request-id': requestId } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ status, code, requestId });
    expect(res.body).not.toMatch(/secret-xyz|hunter2/);
    const failures = f.logs.entries.filter((e) => e.level === 50 && /error format failed/.test(String(e.msg)));
    expect(failures).toHaveLength(1);
  });

  it('on the raw socket too', async () => {
    const teapot = (id: string) => send(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-ID: ${id}\r\nExpect: teapot\r\n\r\n`, fPort);
    const formatted = await teapot('fine-1');
    expect(formatted.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(formatted.body)).toEqual({ message: 'Only the expectation 100-continue is supported.' });
    f.logs.clear();
    const res = await teapot('explode-3');
    expect(res.status).toBe(417);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'RAMPART_EXPECTATION_FAILED', requestId: 'explode-3' });
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(f.logs.entries.some((e) => e.level === 50 && /error format failed/.test(String(e.msg)))).toBe(true);
  });
});

describe('a bad errors option stops the app', () => {
  const schema = z.object({ message: z.string() });

  it.each([
    ['a status outside 400-599', errorFormat({ schema, status: (e) => (e.code === 'RAMPART_NOT_FOUND' ? 200 : e.status), body: (e) => ({ message: e.detail }) }), /status for RAMPART_NOT_FOUND is 200/],
    ['a body that always throws', errorFormat({ schema, body: () => { throw new Error('nope'); } }), /body for RAMPART_BAD_REQUEST: nope/],
    ['a body its schema refuses', errorFormat({ schema, body: (e) => ({ message: e.status as unknown as string }) }), /the schema refuses the body: message: /],
    ['a body that fails only with issues', errorFormat({ schema, body: (e) => ({ message: e.errors![0]!.message }) }), /body for RAMPART_BAD_REQUEST: /],
    ['a media type that is not JSON', { schema, body: () => ({ message: '' }), contentType: 'text/html' }, /contentType: "text\/html" is not a JSON media type/],
    ['an unknown option', { schema, body: () => ({ message: '' }), statuses: {} }, /unknown option "statuses"/],
    ['no schema', { body: () => ({}) }, /schema: expected a zod schema/],
    ['not an object', 'problem+json', /expected errorFormat/],
  ])('%s', async (_name, errors, message) => {
    const error = await expectStartupError(start(errors));
    expect(error.code).toBe('RAMPART_CONFIG_INVALID');
    expect(error.message).toMatch(/^RAMPART_CONFIG_INVALID: errors: /);
    expect(error.message).toMatch(message);
  });

  it('starts with errorsByField, which suits every code with and without issues', async () => {
    const ok = errorFormat({ schema: conduitSchema, body: (e) => ({ errors: errorsByField(e, { other: 'error' }) }) });
    const app = await start(ok);
    try {
      const res = await app.fastify.inject({ method: 'GET', url: '/nowhere' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ errors: { error: ['No route matches GET /nowhere.'] } });
    } finally {
      await app.close();
    }
  });
});
