import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/processes.js';
import { needRedis, redisUrl, uniquePrefix } from '../../test/support/redis.js';
import { openDatabase, type Database } from '../db/database.js';
import { prepareSchema } from '../db/migrations/index.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../db/test-database-url.js';
import { AppError } from '../errors/app-error.js';
import { connectRedis, type RedisConnection } from '../redis/redis-connection.js';
import { createDatabaseIdempotencyStore } from './database-idempotency-store.js';
import { idempotencyKeysTable, idempotencyKeysTableName } from './idempotency-keys-table.js';
import type { IdempotencyLease, IdempotencyStore, StoredResponse } from './idempotency-store.js';
import { createRedisIdempotencyStore } from './redis-idempotency-store.js';

/*
 * One contract for every store: the database store on SQLite and on PostgreSQL (this
 * file runs in the sqlite project only, so it opens both itself) and the Redis store.
 * Each backend gives two stores over separate connections, standing for two instances.
 */

const quiet = { warn: () => undefined, info: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Backend {
  stores: [IdempotencyStore, IdempotencyStore];
  /** Database backends: the connection, to look at rows. */
  database?: Database;
  close(): Promise<void>;
}

async function databaseBackend(dialect: 'sqlite' | 'postgres'): Promise<Backend> {
  const fresh: TestDatabaseUrl = await createTestDatabaseUrl(dialect);
  const first = openDatabase(fresh.url);
  const second = openDatabase(fresh.url);
  await prepareSchema(first, [], { dir: false, env: 'test', extraTables: [idempotencyKeysTable] });
  return {
    stores: [createDatabaseIdempotencyStore(first), createDatabaseIdempotencyStore(second)],
    database: first,
    async close() {
      await first.close();
      await second.close();
      await fresh.drop();
    },
  };
}

async function connected(url: string): Promise<RedisConnection> {
  const redis = connectRedis(url, quiet);
  if (redis.client.status !== 'ready') await new Promise((r) => redis.client.once('ready', r));
  return redis;
}

async function redisBackend(): Promise<Backend> {
  const prefix = uniquePrefix('idempotency');
  const connections = [await connected(redisUrl), await connected(redisUrl)];
  return {
    stores: [createRedisIdempotencyStore({ redis: connections[0]!, prefix }), createRedisIdempotencyStore({ redis: connections[1]!, prefix })],
    async close() {
      for (const c of connections) await c.close();
    },
  };
}

async function postgresReachable(): Promise<boolean> {
  try {
    await (await createTestDatabaseUrl('postgres')).drop();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn('no PostgreSQL for the idempotency store contract: its PostgreSQL run is skipped');
    return false;
  }
}

const backends: [string, () => Promise<Backend>][] = [['database on SQLite', () => databaseBackend('sqlite')]];
if (await postgresReachable()) backends.push(['database on PostgreSQL', () => databaseBackend('postgres')]);
if (await needRedis('the Redis idempotency store is tested against it')) backends.push(['Redis', redisBackend]);

const answer: StoredResponse = {
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/api/v1/markets/1' },
  body: '{"data":{"id":"1","name":"ünïcode ✓"}}',
};
let counter = 0;
const freshId = () => `key-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;

async function acquire(store: IdempotencyStore, id: string, fingerprint: string, leaseMs = 60_000): Promise<IdempotencyLease> {
  const claim = await store.claim(id, fingerprint, leaseMs);
  if (claim.state !== 'acquired') throw new Error(`expected to acquire ${id}, found ${claim.state}`);
  return claim.lease;
}

describe.each(backends)('idempotency store: %s', (_name, open) => {
  let backend: Backend;
  let a: IdempotencyStore;
  let b: IdempotencyStore;
  beforeAll(async () => {
    backend = await open();
    [a, b] = backend.stores;
  });
  afterAll(() => backend.close());

  it('gives a free key to one claimant and reports it running to the next, whatever its fingerprint', async () => {
    const id = freshId();
    const lease = await acquire(a, id, 'fp-1');
    expect(lease).toMatchObject({ id, fingerprint: 'fp-1', token: expect.any(String) });
    expect(await b.claim(id, 'fp-1', 60_000)).toEqual({ state: 'running', fingerprint: 'fp-1' });
    expect(await a.claim(id, 'fp-2', 60_000)).toEqual({ state: 'running', fingerprint: 'fp-1' });
    expect(await b.claim(freshId(), 'fp-1', 60_000)).toMatchObject({ state: 'acquired' });
  });

  it('keeps the answer of a completed lease and reports it to every later claim', async () => {
    const id = freshId();
    const lease = await acquire(a, id, 'fp');
    expect(await a.complete(lease, answer, 60_000)).toBe(true);
    expect(await b.claim(id, 'fp', 60_000)).toEqual({ state: 'done', fingerprint: 'fp', response: answer });
    expect(await a.claim(id, 'other', 60_000)).toEqual({ state: 'done', fingerprint: 'fp', response: answer });
    const binary: StoredResponse = { status: 200, headers: {}, body: Buffer.from([0, 255, 1]).toString('base64'), base64: true };
    const other = freshId();
    await a.complete(await acquire(a, other, 'fp'), binary, 60_000);
    expect(await b.claim(other, 'fp', 60_000)).toEqual({ state: 'done', fingerprint: 'fp', response: binary });
  });

  it('frees a released key for the next claim', async () => {
    const id = freshId();
    await a.release(await acquire(a, id, 'fp'));
    const again = await b.claim(id, 'fp', 60_000);
    expect(again.state).toBe('acquired');
  });

  it('lets only the holder of the current lease complete or release it', async () => {
    const id = freshId();
    const real = await acquire(a, id, 'fp');
    const forged: IdempotencyLease = { ...real, token: 'not-the-token' };
    expect(await b.complete(forged, answer, 60_000)).toBe(false);
    await b.release(forged);
    expect(await b.claim(id, 'fp', 60_000)).toEqual({ state: 'running', fingerprint: 'fp' });
    expect(await a.complete(real, answer, 60_000)).toBe(true);
    // A finished answer is no lease: completing or releasing it again changes nothing.
    expect(await a.complete(real, { ...answer, status: 500 }, 60_000)).toBe(false);
    await a.release(real);
    expect(await b.claim(id, 'fp', 60_000)).toMatchObject({ state: 'done', response: answer });
  });

  it('hands an expired lease (its holder died) to the next claimant, and the old holder can no longer write', async () => {
    const id = freshId();
    const dead = await acquire(a, id, 'fp', 100);
    expect((await b.claim(id, 'fp', 60_000)).state).toBe('running');
    await sleep(150);
    const taken = await acquire(b, id, 'fp-new');
    expect(await a.complete(dead, answer, 60_000)).toBe(false);
    await a.release(dead);
    expect(await a.claim(id, 'fp-new', 60_000)).toEqual({ state: 'running', fingerprint: 'fp-new' });
    expect(await b.complete(taken, answer, 60_000)).toBe(true);
  });

  it('forgets an answer once its retention has passed', async () => {
    const id = freshId();
    await a.complete(await acquire(a, id, 'fp'), answer, 100);
    expect((await b.claim(id, 'fp', 60_000)).state).toBe('done');
    await sleep(150);
    expect((await b.claim(id, 'other', 60_000)).state).toBe('acquired');
  });

  it('gives a key to exactly one of many concurrent claimants across instances', async () => {
    for (let round = 0; round < 3; round++) {
      const id = freshId();
      const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).claim(id, 'fp', 60_000)));
      expect(claims.filter((c) => c.state === 'acquired')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'running')).toHaveLength(15);
    }
  });

  it('takes an expired key over for exactly one of many concurrent claimants', async () => {
    const id = freshId();
    await acquire(a, id, 'fp', 50);
    await sleep(100);
    const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).claim(id, 'fp', 60_000)));
    expect(claims.filter((c) => c.state === 'acquired')).toHaveLength(1);
  });
});

describe.each(backends.filter(([name]) => name.startsWith('database')))('database idempotency store: %s', (_name, open) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('purges expired leases and answers, and only those', async () => {
    const [store] = backend.stores;
    const db = backend.database!.db;
    await db.deleteFrom(idempotencyKeysTableName).execute();
    const live = await acquire(store, freshId(), 'fp');
    await store.complete(await acquire(store, freshId(), 'fp'), answer, 60_000);
    await acquire(store, freshId(), 'fp', 10);
    await store.complete(await acquire(store, freshId(), 'fp'), answer, 10);
    await sleep(50);
    expect(await store.purgeExpired!()).toBe(2);
    const left = await db.selectFrom(idempotencyKeysTableName).select(['id', 'token']).execute();
    expect(left).toHaveLength(2);
    expect(left.map((r) => r.token)).toContain(live.token);
  });
});

describe.runIf(backends.some(([name]) => name === 'Redis'))('Redis idempotency store', () => {
  it('keeps keys under its prefix, each with an expiry', async () => {
    const prefix = uniquePrefix('idempotency');
    const redis = await connected(redisUrl);
    try {
      const store = createRedisIdempotencyStore({ redis, prefix });
      await acquire(store, 'running', 'fp', 60_000);
      await store.complete(await acquire(store, 'done', 'fp'), answer, 3_600_000);
      expect((await redis.client.keys(`${prefix}*`)).sort()).toEqual([`${prefix}idempotency:done`, `${prefix}idempotency:running`]);
      const [leaseTtl, answerTtl] = await Promise.all([redis.client.pttl(`${prefix}idempotency:running`), redis.client.pttl(`${prefix}idempotency:done`)]);
      expect(leaseTtl).toBeGreaterThan(50_000);
      expect(leaseTtl).toBeLessThanOrEqual(60_000);
      expect(answerTtl).toBeGreaterThan(3_500_000);
    } finally {
      await redis.close();
    }
  });
});

describe('Redis idempotency store with Redis down', () => {
  it('refuses to claim with a 503 and Retry-After (fails closed)', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, quiet);
    try {
      const store = createRedisIdempotencyStore({ redis, prefix: uniquePrefix('idempotency') });
      const refusal = await store.claim('k', 'fp', 60_000).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503, headers: { 'retry-after': '5' } });
    } finally {
      await redis.close();
    }
  });
});
