import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFetchHandler, type AppOptions, type AppPlugin, type FetchHandler } from 'rampart';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { notes } from './fixtures/next-app/app/api/[...rampart]/route.js';
import { LogCapture } from './support/log-capture.js';
import { mountedApiTests, type Send } from './support/mounted-api.js';

/*
 * The Fetch handler called directly with Request objects, as a Next.js route handler
 * calls it (test/mount-next.test.ts serves the same app from a real Next.js build).
 */

const jwtSecret = 'test-secret-0123456789-0123456789-abcdef';

// Routes of the test's own that show what the app saw and send what a test needs.
const probes: AppPlugin = {
  stage: 'beforeRoutes',
  plugin: async (fastify: FastifyInstance) => {
    fastify.get('/whoami', async (request) => ({ ip: request.ip }));
    fastify.get('/two-cookies', async (_request, reply) => {
      reply.header('set-cookie', ['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure']);
      return { ok: true };
    });
  },
};

function sendTo(handler: FetchHandler, headers: Record<string, string> = {}): Send {
  return (path, init = {}) => handler(new Request(`http://localhost${path}`, { ...init, headers: { ...headers, ...init.headers } }));
}

function appOptions(database: TestDatabaseUrl, env: Record<string, string> = {}, extra: AppOptions = {}): AppOptions {
  return {
    resources: [notes],
    migrations: { dir: false },
    ...extra,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, JWT_SECRET: jwtSecret, ...env },
  };
}

describe('toFetchHandler', () => {
  let database: TestDatabaseUrl;
  let handler: FetchHandler;
  const logs = new LogCapture();
  let builds = 0;

  beforeAll(async () => {
    database = await createTestDatabaseUrl();
    const countBuilds = { stage: 'beforeAuth' as const, plugin: async () => void builds++ };
    // The handler's peer is the host framework, at 127.0.0.1: a proxy the app trusts.
    handler = toFetchHandler(appOptions(database, { TRUST_PROXY: '127.0.0.1' }, { logStream: logs, plugins: [countBuilds, probes] }));
  });
  afterAll(async () => {
    await handler.close();
    await database.drop();
  });

  it('builds the app once, on the first requests, however many arrive together', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => handler(new Request('http://localhost/api/v1/notes'))));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(builds).toBe(1);
    expect(await handler.app()).toBe(await handler.app());
  });

  mountedApiTests(() => sendTo(handler));

  it('takes the client address from X-Forwarded-For as TRUST_PROXY allows, as on a socket', async () => {
    const res = await handler(new Request('http://localhost/whoami', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } }));
    // The host framework trusted: the nearest address in the header is the client's.
    expect(await res.json()).toEqual({ ip: '203.0.113.9' });
  });

  it('refuses a body over BODY_LIMIT with 413, streamed without a length or declared with one', async () => {
    const res = await sendTo(handler)('/api/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `big-${Date.now()}@example.com`, password: 'a long pass phrase for mounting' }),
    });
    const token = ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
    const big = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(big);
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const chunked = await handler(new Request('http://localhost/api/v1/notes', { method: 'POST', headers, body: streamed, duplex: 'half' } as RequestInit));
    expect(chunked.status).toBe(413);
    expect(chunked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const declared = await handler(
      new Request('http://localhost/api/v1/notes', { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(big)) }, body: big }),
    );
    expect(declared.status).toBe(413);
  });

  it('passes every Set-Cookie on as a header of its own, and answers HEAD without a body', async () => {
    const res = await handler(new Request('http://localhost/two-cookies'));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure']);
    expect(await res.json()).toEqual({ ok: true });
    const head = await handler(new Request('http://localhost/two-cookies', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('uses the address clientAddress gives as the peer; without it or a trusted proxy every client is 127.0.0.1, with a warning', async () => {
    const withAddress = toFetchHandler(await handler.app(), { clientAddress: (request) => request.headers.get('x-real-ip') ?? undefined });
    const seen = await withAddress(new Request('http://localhost/whoami', { headers: { 'x-real-ip': '192.0.2.44' } }));
    expect(await seen.json()).toEqual({ ip: '192.0.2.44' });

    const other = await createTestDatabaseUrl();
    const capture = new LogCapture();
    const untrusting = toFetchHandler(appOptions(other, {}, { logStream: capture, plugins: [probes] }));
    try {
      const res = await untrusting(new Request('http://localhost/whoami', { headers: { 'x-forwarded-for': '192.0.2.45' } }));
      expect(await res.json()).toEqual({ ip: '127.0.0.1' });
      expect(capture.entries.some((e) => e.level === 40 && String(e.msg).includes('TRUST_PROXY=false'))).toBe(true);
    } finally {
      await untrusting.close();
      await other.drop();
    }
  });

  it('lets a failed build fail the request (the host reports it) and tries again on the next one', async () => {
    const other = await createTestDatabaseUrl();
    const env: Record<string, string> = { NODE_ENV: 'test', DATABASE_URL: other.url, JWT_SECRET: 'short' };
    const retrying = toFetchHandler({ resources: [notes], migrations: { dir: false }, env });
    try {
      await expect(retrying(new Request('http://localhost/api/v1/notes'))).rejects.toThrow(/JWT_SECRET/);
      env.JWT_SECRET = jwtSecret;
      expect((await retrying(new Request('http://localhost/api/v1/notes'))).status).toBe(401);
    } finally {
      await retrying.close();
      await other.drop();
    }
  });

  it('answers 503 problems once closed, with Retry-After', async () => {
    const other = await createTestDatabaseUrl();
    const closing = toFetchHandler(appOptions(other));
    try {
      expect((await closing(new Request('http://localhost/api/v1/notes'))).status).toBe(401);
      await closing.close();
      const res = await closing(new Request('http://localhost/api/v1/notes'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('RAMPART_UNAVAILABLE');
      const never = toFetchHandler(appOptions(other));
      await never.close();
      expect((await never(new Request('http://localhost/api/v1/notes'))).status).toBe(503);
    } finally {
      await other.drop();
    }
  });
});
