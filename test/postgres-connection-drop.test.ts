import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { allow, createApp, route, type RampartApp } from 'rampart';
import { createTestDatabaseUrl, testPostgresUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { cuttableRelay, type CuttableRelay } from './support/cuttable-relay.js';
import { LogCapture } from './support/log-capture.js';

/*
 * A connection checked out of the pool, between two statements of a transaction, loses
 * its server. pg then emits 'error' on that client, which the pool only listens for while
 * the client is idle in it: without a listener of Rampart's own, the process would end.
 * Here the request answers 503 and the app goes on serving once the database is back.
 */
describe('a checked-out PostgreSQL connection dropping', () => {
  let database: TestDatabaseUrl;
  let relay: CuttableRelay;
  let app: RampartApp;
  let inTransaction: () => void = () => undefined;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    database = await createTestDatabaseUrl('postgres');
    const server = new URL(testPostgresUrl);
    relay = await cuttableRelay({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(database.url);
    url.port = String(relay.port);
    const hold = route({
      method: 'POST',
      path: '/api/v1/hold',
      access: allow.public,
      handler: async ({ db }) =>
        db.transaction(async (trx) => {
          await sql`select 1`.execute(trx);
          inTransaction();
          await new Promise<void>((resolve) => (release = resolve));
          await sql`select 1`.execute(trx);
          return { ok: true };
        }),
    });
    app = await createApp({
      routes: [hold],
      migrations: { dir: false },
      logStream: new LogCapture(),
      env: { NODE_ENV: 'test', LOG_LEVEL: 'fatal', DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_MS: '500', JOBS_WORKER: 'false' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await relay?.close();
    await database?.drop();
  });

  it('answers 503 and keeps the process up', async () => {
    const held = new Promise<void>((resolve) => (inTransaction = resolve));
    const answer = app.fastify.inject({ method: 'POST', url: '/api/v1/hold' });
    await held;
    relay.cut();
    // pg notices the closed socket on its next turn; the 'error' it emits must find a listener.
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const res = await answer;
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('RAMPART_UNAVAILABLE');
    relay.restore();
    const ready = await app.fastify.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });
});
