import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { allow, createApp, resource, route, type RampartApp } from 'rampart';
import { postFields } from '../examples/markets/resources.js';
import { createTestDatabaseUrl, testPostgresUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { freezableRelay, type FreezableRelay } from './support/freezable-relay.js';
import { LogCapture } from './support/log-capture.js';
import { everyone } from './support/test-app.js';
import { until } from './support/until.js';

/*
 * PostgreSQL stops answering without closing anything (SIGSTOP, a partition dropping
 * packets): the server cannot enforce its own statement timeout then, so only the
 * client can bound a request. The postgres project only; the freeze comes from a relay
 * of the test's own, so the server other tests share is never touched.
 */

const statementTimeoutMs = 1000;
const poolSize = 3;
// The statement timeout, the margin pg's client-side timeout adds to it
// (src/db/open-postgres.ts), and a second for a loaded machine.
const boundMs = statementTimeoutMs + 1000 + 1000;

const posts = resource('posts', { fields: postFields, access: everyone });

// A transaction that has begun and written when the database freezes: its next statement
// gets no answer, and neither would the ROLLBACK sent on the same connection after it.
let midTransaction = () => {};
let frozenNow: Promise<void> = Promise.resolve();
const stall = route({
  method: 'POST',
  path: '/api/v1/stall',
  access: allow.public,
  handler: ({ db }) =>
    db.transaction(async (trx) => {
      await sql`INSERT INTO posts (id, title, body, created_at, updated_at) VALUES (gen_random_uuid(), 'stalled', '', now(), now())`.execute(trx);
      midTransaction();
      await frozenNow;
      await sql`SELECT count(*) FROM posts`.execute(trx);
      return { done: true };
    }),
});

describe('a frozen PostgreSQL', () => {
  let database: TestDatabaseUrl;
  let relay: FreezableRelay;
  let app: RampartApp;

  beforeAll(async () => {
    database = await createTestDatabaseUrl('postgres');
    const server = new URL(testPostgresUrl);
    relay = await freezableRelay({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(database.url);
    url.port = String(relay.port);
    app = await createApp({
      resources: [posts],
      routes: [stall],
      migrations: { dir: false },
      logStream: new LogCapture(),
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: url.toString(),
        DATABASE_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        DATABASE_POOL_SIZE: String(poolSize),
      },
    });
  });
  afterAll(async () => {
    relay?.resume();
    await app?.close();
    await relay?.close();
    await database?.drop();
  });

  const list = () => app.fastify.inject({ method: 'GET', url: '/api/v1/posts' });
  const create = (title: string) => app.fastify.inject({ method: 'POST', url: '/api/v1/posts', payload: { title, body: 'text' } });

  it('answers 503 problems within the statement timeout and a margin, then serves again once it thaws, keeping no dead connection', async () => {
    expect((await create('before')).statusCode).toBe(201);
    // Every pooled connection open and idle, as on a busy server: the freeze catches them mid-use.
    expect((await Promise.all(Array.from({ length: poolSize }, list))).map((r) => r.statusCode)).toEqual(Array(poolSize).fill(200));

    const timed = async (what: string, work: Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>) => {
      const started = Date.now();
      const res = await work;
      return { what, res, ms: Date.now() - started };
    };
    let freeze = () => {};
    frozenNow = new Promise((resolve) => (freeze = resolve));
    const inTransaction = new Promise<void>((resolve) => (midTransaction = resolve));
    const stalled = timed('transaction', app.fastify.inject({ method: 'POST', url: '/api/v1/stall' }));
    await inTransaction;
    // What the connections send meanwhile is lost: they never get an answer, even after the thaw.
    relay.freeze('drop');
    freeze();
    // Unbounded requests would wait for the thaw; it comes anyway, well past the bound.
    const thaw = setTimeout(() => relay.resume(), boundMs + 3000);
    // Reads on pooled connections, writes in transactions (BEGIN ... COMMIT), requests
    // waiting for a connection (more than the pool holds), and the readiness probe.
    // The writes first, so that they hold pooled connections rather than wait for one.
    const writes = [timed('write', create('during 1')), timed('write', create('during 2'))];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const frozen = await Promise.all([
      stalled,
      ...writes,
      ...Array.from({ length: poolSize + 2 }, () => timed('read', list())),
      timed('readiness', app.fastify.inject({ method: 'GET', url: '/health/ready' })),
    ]);
    clearTimeout(thaw);
    for (const { what, res, ms } of frozen) {
      expect(res.statusCode, `${what}: ${res.body}`).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503 });
      if (what !== 'readiness') expect(res.headers['retry-after'], what).toBe('5');
      expect(ms, `${what} took ${ms} ms`).toBeLessThanOrEqual(boundMs);
    }

    relay.resume();
    await until(async () => (await list()).statusCode === 200, 10_000, 'a read after the thaw');
    // A stuck connection kept in the pool would fail or hold these.
    const burst = await Promise.all([...Array.from({ length: 2 * poolSize }, list), create('after')]);
    expect(burst.map((r) => r.statusCode)).toEqual([...Array(2 * poolSize).fill(200), 201]);
    // The pool's connections and the job runner's LISTEN connection; the stuck ones are gone.
    await until(() => relay.open <= poolSize + 1, 5000, `at most ${poolSize + 1} connections (open: ${relay.open})`);
    expect((await app.fastify.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});
