import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, allow, route } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

// Every shape a custom route's handler may take: a plain value or a promise, a throw or
// a rejection, a reply it sends itself, and the declared status, including 204.
const handlers = [
  route({ method: 'GET', path: '/api/v1/plain', access: allow.public, handler: () => ({ shape: 'plain' }) }),
  route({
    method: 'GET',
    path: '/api/v1/later',
    access: allow.public,
    handler: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { shape: 'later' };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/made',
    access: allow.public,
    status: 201,
    body: z.strictObject({ name: z.string() }),
    response: z.object({ name: z.string() }),
    handler: ({ body }) => ({ ...body, hidden: 'not in the response schema' }),
  }),
  route({ method: 'DELETE', path: '/api/v1/gone', access: allow.public, status: 204, handler: () => undefined }),
  route({ method: 'DELETE', path: '/api/v1/gone-later', access: allow.public, status: 204, handler: async () => undefined }),
  route({
    method: 'GET',
    path: '/api/v1/throws',
    access: allow.public,
    handler: () => {
      throw new AppError('RAMPART_CONFLICT', 'Thrown at once.');
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/rejects',
    access: allow.public,
    handler: async () => {
      await Promise.resolve();
      throw new AppError('RAMPART_CONFLICT', 'Rejected later.');
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/own-reply',
    access: allow.public,
    handler: ({ reply }) => reply.code(202).header('content-type', 'text/plain').send('sent by the handler'),
  }),
  route({
    method: 'GET',
    path: '/api/v1/own-reply-later',
    access: allow.public,
    handler: async ({ reply }) => {
      await Promise.resolve();
      return reply.code(202).header('content-type', 'text/plain').send('sent later by the handler');
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/own-reply-keyed',
    access: allow.public,
    handler: async ({ reply }) => {
      await Promise.resolve();
      return reply.code(202).header('content-type', 'text/plain').send('sent once under a key');
    },
  }),
  route({ method: 'POST', path: '/api/v1/gone-keyed', access: allow.public, status: 204, handler: async () => undefined }),
  route({ method: 'GET', path: '/api/v1/nothing', access: allow.public, handler: () => undefined }),
  route({ method: 'GET', path: '/api/v1/nothing-later', access: allow.public, handler: async () => undefined }),
];

let t: TestApp;
let origin: string;

beforeAll(async () => {
  t = await startTestApp({ routes: handlers }, { PORT: '0' });
  origin = (await t.app.listen()).replace('localhost', '127.0.0.1');
});
afterAll(async () => t.close());

describe('custom route handlers over HTTP', () => {
  it.each([
    ['a plain value', '/api/v1/plain', { shape: 'plain' }],
    ['a promise', '/api/v1/later', { shape: 'later' }],
  ])('answer %s with 200 and the security headers', async (_shape, path, body) => {
    const res = await fetch(origin + path);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(body);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers with the declared status and only the response schema', async () => {
    const res = await fetch(`${origin}/api/v1/made`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'a' });
  });

  it.each(['/api/v1/gone', '/api/v1/gone-later'])('%s answers 204 with no body', async (path) => {
    const res = await fetch(origin + path, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it.each([
    ['thrown at once', '/api/v1/throws', 'Thrown at once.'],
    ['rejected later', '/api/v1/rejects', 'Rejected later.'],
  ])('an error %s becomes its problem response', async (_when, path, detail) => {
    const res = await fetch(origin + path);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'RAMPART_CONFLICT', detail });
  });

  it.each([
    ['/api/v1/own-reply', 'sent by the handler'],
    ['/api/v1/own-reply-later', 'sent later by the handler'],
  ])('%s keeps the reply the handler sent, once', async (path, text) => {
    t.logs.clear();
    const res = await fetch(origin + path);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe(text);
    // Sending a second time would log Fastify's "Reply was already sent" warning.
    expect(t.logs.entries.filter((e) => Number(e.level) >= 40)).toEqual([]);
  });

  it.each(['/api/v1/nothing', '/api/v1/nothing-later'])('%s, returning nothing, gets an empty 200 rather than a hanging request', async (path) => {
    const res = await fetch(origin + path, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  // With an Idempotency-Key the answer is stored by an async onSend hook before it goes
  // out: a reply still in that hook is not sent yet, and answering it again would fail.
  it.each([
    ['/api/v1/own-reply-keyed', 202, 'sent once under a key'],
    ['/api/v1/gone-keyed', 204, ''],
  ])('%s answers once under an Idempotency-Key, and the replay is the same', async (path, status, text) => {
    t.logs.clear();
    const init = { method: 'POST', headers: { 'idempotency-key': `key-${path.slice(8)}` }, signal: AbortSignal.timeout(5000) };
    const first = await fetch(origin + path, init);
    expect(first.status).toBe(status);
    expect(await first.text()).toBe(text);
    const again = await fetch(origin + path, init);
    expect(again.status).toBe(status);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.text()).toBe(text);
    expect(t.logs.entries.filter((e) => Number(e.level) >= 40)).toEqual([]);
  });
});
