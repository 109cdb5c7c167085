import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import { createTestDatabaseUrl, testDialect, testPostgresUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { cuttableRelay, type CuttableRelay } from './support/cuttable-relay.js';
import { LogCapture } from './support/log-capture.js';
import { redisAnswers, redisUrl, uniquePrefix } from './support/redis.js';

/*
 * Only judged attempts spend an account's login budget (10 an hour): a login the
 * database could not check answers 503 and is given back, so an outage cannot lock
 * users out once it ends. PostgreSQL only: the database goes down through a relay of
 * the test's own; an embedded SQLite file has no outage to simulate short of closing it.
 */

const budget = 10;
const password = 'a passphrase that is long enough';
const stores = ['memory', ...((await redisAnswers()) ? ['redis'] : [])];

describe.runIf(testDialect() === 'postgres')('login budgets across a database outage', () => {
  let database: TestDatabaseUrl;
  let relay: CuttableRelay;
  beforeAll(async () => {
    database = await createTestDatabaseUrl('postgres');
    const server = new URL(testPostgresUrl);
    relay = await cuttableRelay({ host: server.hostname, port: Number(server.port || 5432) });
  });
  afterAll(async () => {
    await relay?.close();
    await database?.drop();
  });

  it.each(stores)('counts only judged attempts (%s attempt store)', async (store) => {
    const url = new URL(database.url);
    url.port = String(relay.port);
    let app: RampartApp | undefined;
    try {
      app = await createApp({
        migrations: { dir: false },
        logStream: new LogCapture(),
        env: {
          NODE_ENV: 'test',
          LOG_LEVEL: 'fatal',
          DATABASE_URL: url.toString(),
          DATABASE_CONNECT_TIMEOUT_MS: '500',
          JWT_SECRET: randomBytes(32).toString('base64url'),
          JOBS_WORKER: 'false',
          ...(store === 'redis' ? { REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('outage') } : {}),
        },
      });
      const email = `ann-${store}@example.com`;
      let address = 0;
      // A new address per request, so the per-address route budget never answers first.
      const login = (pass: string) =>
        app!.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `10.9.0.${++address}`, payload: { email, password: pass } });
      const registered = await app.fastify.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password } });
      expect(registered.statusCode).toBe(201);

      relay.cut();
      // Let the pool see its connections drop while they are idle. A client checked out
      // in the same instant gets pg's 'error' event with no listener (the pool listens
      // only while a client is idle), which is the database layer's to handle, not this test's.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < budget + 3; i++) {
        const res = await login(password);
        expect(res.statusCode, res.body).toBe(503);
      }
      relay.restore();

      expect((await login(password)).statusCode).toBe(200);
      // Judged attempts still count: wrong passwords use the budget up, then 429.
      for (let i = 0; i < budget; i++) expect((await login('not the passphrase at all')).statusCode).toBe(401);
      const refused = await login(password);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    } finally {
      relay.restore();
      await app?.close();
    }
  });
});
