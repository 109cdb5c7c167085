import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/processes.js';
import { needRedis, redisUrl, uniquePrefix } from '../../../test/support/redis.js';
import { AppError } from '../../errors/app-error.js';
import { createAttemptLimiter } from './attempt-limiter.js';
import { createRedisAttemptStore } from './redis-attempt-store.js';

// The same fail-fast settings as the app's connection (redis/redis-connection.ts).
const failFast = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000 } as const;

const up = await needRedis('the Redis attempt store tests against it');
const client = new Redis(redisUrl, { ...failFast, lazyConnect: true });
client.on('error', () => undefined);
if (up) await client.connect();
afterAll(() => client.disconnect());

describe.runIf(up)('createRedisAttemptStore', () => {
  it('counts hits in a fixed window that later hits do not extend', async () => {
    const store = createRedisAttemptStore({ client, prefix: uniquePrefix('attempts') });
    const t0 = Date.now();
    const first = await store.hit('k', 60_000);
    expect(first.count).toBe(1);
    expect(first.resetAt).toBeGreaterThanOrEqual(t0 + 59_000);
    expect(first.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
    await new Promise((r) => setTimeout(r, 30));
    const second = await store.hit('k', 60_000);
    expect(second.count).toBe(2);
    // Not extended: the second hit ends where the first did (give or take the clock).
    expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThan(20);
    expect(await store.get('k')).toMatchObject({ count: 2 });
    expect(await store.get('other')).toBeNull();
  });

  it('starts over once the window has passed, and forgets on reset', async () => {
    const store = createRedisAttemptStore({ client, prefix: uniquePrefix('attempts') });
    await store.hit('short', 50);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.get('short')).toBeNull();
    expect((await store.hit('short', 50)).count).toBe(1);
    await store.hit('gone', 60_000);
    await store.reset('gone');
    expect(await store.get('gone')).toBeNull();
    await store.reset('never-seen');
  });

  it('takes back one hit on undo, keeping the expiry, and never makes a key of its own', async () => {
    const prefix = uniquePrefix('attempts');
    const store = createRedisAttemptStore({ client, prefix });
    await store.hit('k', 60_000);
    await store.hit('k', 60_000);
    await store.undo('k');
    expect(await store.get('k')).toMatchObject({ count: 1 });
    expect(await client.pttl(`${prefix}k`)).toBeGreaterThan(50_000);
    await store.undo('k');
    await store.undo('k');
    expect(await store.get('k')).toMatchObject({ count: 0 });
    expect((await store.hit('k', 60_000)).count).toBe(1);
    // Past its window (or never hit) a key is not brought back at -1, a free attempt.
    await store.undo('gone');
    expect(await client.exists(`${prefix}gone`)).toBe(0);
  });

  it('keeps its keys under the prefix, with an expiry', async () => {
    const prefix = uniquePrefix('attempts');
    await createRedisAttemptStore({ client, prefix }).hit('login:ann@example.com', 60_000);
    expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}login:ann@example.com`]);
    expect(await client.pttl(`${prefix}login:ann@example.com`)).toBeGreaterThan(0);
  });

  it('lets no more than max attempts through, whichever instance counts them', async () => {
    const prefix = uniquePrefix('attempts');
    const other = client.duplicate({ lazyConnect: true });
    other.on('error', () => undefined);
    try {
      await other.connect();
      const limiters = [client, other].map((c) => createAttemptLimiter({ store: createRedisAttemptStore({ client: c, prefix }), max: 5, windowMs: 60_000 }));
      const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => limiters[i % 2]!.consume('ann')));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
      const refused = decisions.find((d) => !d.allowed);
      expect(refused?.retryAfterSeconds).toBeGreaterThan(55);
    } finally {
      other.disconnect();
    }
  });

  it('refuses nonsensical windows', async () => {
    const store = createRedisAttemptStore({ client, prefix: uniquePrefix('attempts') });
    await expect(store.hit('k', 0)).rejects.toThrow(RangeError);
  });
});

describe('createRedisAttemptStore without Redis', () => {
  it('fails closed and fast: every method rejects with a 503 problem', async () => {
    const port = await freePort();
    const dead = new Redis(`redis://127.0.0.1:${port}`, { ...failFast, retryStrategy: () => 1000 });
    dead.on('error', () => undefined);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const store = createRedisAttemptStore({ client: dead, prefix: 'x:' });
      const started = Date.now();
      for (const attempt of [store.hit('k', 1000), store.get('k'), store.undo('k'), store.reset('k')]) {
        const error = await attempt.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503, headers: { 'retry-after': '5' } });
        expect((error as AppError).message).not.toMatch(/stream|enableOfflineQueue|ECONNREFUSED/i);
      }
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      dead.disconnect();
    }
  });
});
