import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toNodeHandler, type NodeHandler } from 'rampart';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { notes } from './fixtures/next-app/app/api/[...rampart]/route.js';
import { mountedApiTests, type Send } from './support/mounted-api.js';

/*
 * The Node handler mounted in a real Express 5 app that listens on a port, beside
 * routes of Express's own, and asked over real HTTP.
 */

const jwtSecret = 'test-secret-0123456789-0123456789-abcdef';

describe('toNodeHandler in Express 5', () => {
  let database: TestDatabaseUrl;
  let handler: NodeHandler;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabaseUrl();
    handler = toNodeHandler({
      resources: [notes],
      migrations: { dir: false },
      env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, JWT_SECRET: jwtSecret },
    });
    const app = express();
    app.get('/hello', (_req, res) => {
      res.json({ from: 'express' });
    });
    // A body parser that ran first leaves nothing for Rampart to read: refused, not hung.
    app.use('/parsed-first', express.json(), handler);
    // Mounted under its base path: Express strips it from req.url, the handler routes the whole path.
    app.use('/api/v1', handler);
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Built at boot rather than on the first request: boot errors show here.
    await handler.app();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await handler.close();
    await database.drop();
  });

  const send: Send = (path, init = {}) => fetch(`${base}${path}`, init);
  mountedApiTests(() => send);

  it("leaves Express's own routes and paths to Express", async () => {
    const hello = await send('/hello');
    expect(hello.status).toBe(200);
    expect(await hello.json()).toEqual({ from: 'express' });
    // Outside the mount path Express answers its own 404, not a problem.
    const elsewhere = await send('/elsewhere');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).not.toMatch(/problem/);
  });

  it('refuses a body a parser read before it with an error for Express, instead of hanging', async () => {
    const parsed = await send('/parsed-first/api/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'parsed@example.com', password: 'a long pass phrase for mounting' }),
      signal: AbortSignal.timeout(5000),
    });
    // Express's error handler answers the error the handler passed to next().
    expect(parsed.status).toBe(500);
    expect(await parsed.text()).toMatch(/body was read before/);
  });

  it("applies a route's body limit over the real socket: a 413 problem", async () => {
    const big = JSON.stringify({ email: 'x'.repeat(20_000) + '@example.com', password: 'a long pass phrase' });
    const res = await send('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    // The auth routes take 8 KiB at most.
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('toNodeHandler in a bare Node server', () => {
  it("serves as http.createServer's listener; a failed build is a 500 problem (logged), a closed handler's answer a 503", async () => {
    const database = await createTestDatabaseUrl();
    const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, JWT_SECRET: 'short' };
    const handler = toNodeHandler({ resources: [notes], migrations: { dir: false }, env });
    const server = createServer(handler).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/notes`;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failed = await fetch(url);
      expect(failed.status).toBe(500);
      expect(failed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await failed.json()) as { code: string; detail: string };
      expect(problem.code).toBe('RAMPART_INTERNAL');
      expect(problem.detail).not.toMatch(/JWT_SECRET/);
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/JWT_SECRET/);

      env.JWT_SECRET = jwtSecret;
      expect((await fetch(url)).status).toBe(401);
      await handler.close();
      const closed = await fetch(url);
      expect(closed.status).toBe(503);
      expect(closed.headers.get('retry-after')).toBe('1');
    } finally {
      logged.mockRestore();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
      await database.drop();
    }
  });
});
