import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allow, loadConfig, resource, route } from 'rampart';
import { marketFields } from '../examples/markets/resources.js';
import { RawConnection } from './support/raw-socket.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Parse-cost attacks on the body path: deep JSON is refused without being built, and a
 * request that will be refused anyway (no route, wrong method, bad token, no
 * credentials, over budget) is answered before its body is read. "Before it is read" is
 * tested literally: the headers announce a body that is never sent, and the answer
 * must come anyway.
 */

const echo = route({
  method: 'POST',
  path: '/api/v1/echo',
  access: allow.public,
  body: z.unknown(),
  handler: ({ body }) => ({ received: body !== undefined }),
});

const signedInOnly = resource('vaults', {
  fields: marketFields,
  access: { list: allow.authenticated, read: allow.authenticated, create: allow.authenticated, update: allow.authenticated, delete: allow.authenticated },
});

// A composition decides asynchronously: its verdict for anonymous callers is learnt once.
const adminsOnly = resource('ledgers', {
  fields: marketFields,
  access: { list: allow.public, read: allow.public, create: allow.any(allow.role('admin'), allow.permission('ledgers:write')), update: allow.nobody, delete: allow.nobody },
});

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ routes: [echo], resources: [signedInOnly, adminsOnly] }, { PORT: '0', JSON_MAX_DEPTH: '8' });
  port = Number(new URL(await t.app.listen()).port);
});
afterAll(async () => t.close());

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.fastify.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting', () => {
  it('refuses a body nested deeper than JSON_MAX_DEPTH with a 400 naming the cap', async () => {
    const res = await post('/api/v1/echo', nested(9));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'RAMPART_INVALID_JSON' });
    expect(res.json().detail).toContain('more than 8 levels');
  });

  it('accepts a body nested exactly to the cap, and brackets inside strings do not count', async () => {
    expect((await post('/api/v1/echo', nested(8))).statusCode).toBe(200);
    expect((await post('/api/v1/echo', JSON.stringify({ text: '[[[[[[[[[[{{{{{{{{{{' }))).statusCode).toBe(200);
  });

  it('refuses a 900 KB body of brackets without building it', async () => {
    const start = performance.now();
    const res = await post('/api/v1/echo', nested(450_000));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_INVALID_JSON');
    // JSON.parse alone takes 120-220 ms of this; the scan stops after nine brackets.
    expect(performance.now() - start).toBeLessThan(100);
  });

  it.each([
    ['__proto__', '{"__proto__":{"admin":true}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"admin":true}}}'],
  ])('still refuses %s keys (secure-json-parse)', async (_name, payload) => {
    const res = await post('/api/v1/echo', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_INVALID_JSON');
  });

  it.each(['0', '1001', 'deep', '-1'])('refuses JSON_MAX_DEPTH=%s at boot', (value) => {
    expect(() => loadConfig({ JSON_MAX_DEPTH: value })).toThrow(/JSON_MAX_DEPTH/);
  });
});

/** Sends a request whose announced body never comes, and reads the answer. */
async function announceBody(path: string, headers: Record<string, string> = {}) {
  const conn = await RawConnection.open(port);
  const lines = Object.entries({ host: 'x', 'content-type': 'application/json', 'content-length': '100000', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  conn.write(`POST ${path} HTTP/1.1\r\n${lines}\r\n`);
  return conn;
}

describe('requests refused before their body is read', () => {
  it.each([
    ['no route', '/api/v1/nothing-here', {}, 404, 'RAMPART_ROUTE_NOT_FOUND'],
    ['a method the path lacks', '/health/live', {}, 405, 'RAMPART_METHOD_NOT_ALLOWED'],
    ['a bad token', '/api/v1/echo', { authorization: 'Bearer not-a-token' }, 401, 'RAMPART_UNAUTHENTICATED'],
    ['a malformed authorization header', '/api/v1/echo', { authorization: 'Basic abc' }, 401, 'RAMPART_UNAUTHENTICATED'],
    ['no credentials where they are required', '/api/v1/vaults', {}, 401, 'RAMPART_UNAUTHENTICATED'],
  ])('%s: answered without waiting for the body', async (_name, path, headers, status, code) => {
    const conn = await announceBody(path, headers);
    try {
      const res = await conn.next(2000);
      expect(res.status).toBe(status);
      expect(JSON.parse(res.body).code).toBe(code);
    } finally {
      conn.close();
    }
  });

  it('learns the verdict of a composed rule from the first anonymous request', async () => {
    const first = await post('/api/v1/ledgers', JSON.stringify({ name: 'x' }));
    expect(first.statusCode).toBe(401);
    const conn = await announceBody('/api/v1/ledgers');
    try {
      const res = await conn.next(2000);
      expect(res.status).toBe(401);
    } finally {
      conn.close();
    }
  });

  it('waits for the body of a request it will serve (so the tests above can tell)', async () => {
    const conn = await announceBody('/api/v1/echo');
    try {
      await expect(conn.next(300)).rejects.toThrow(/no response/);
    } finally {
      conn.close();
    }
  });

  it('discards the unread body and serves the next request on the connection', async () => {
    const conn = await announceBody('/api/v1/nothing-here');
    try {
      expect((await conn.next()).status).toBe(404);
      conn.write(nested(50_000));
      conn.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await conn.next()).status).toBe(200);
    } finally {
      conn.close();
    }
  });

  it('counts the refused request against the address budget first', async () => {
    const limited = await startTestApp({ routes: [echo] }, { PORT: '0', RATE_LIMIT_IP_PER_MINUTE: '2' });
    try {
      const limitedPort = Number(new URL(await limited.app.listen()).port);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const conn = await RawConnection.open(limitedPort);
        conn.write('POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer garbage\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
        statuses.push((await conn.next(2000)).status);
        conn.close();
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
