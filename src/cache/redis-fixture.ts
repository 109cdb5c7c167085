import { Redis } from 'ioredis';

/*
 * Test support (imported by tests only): the Redis that tests of shared stores use, and
 * whether it is there. On a machine without Redis those tests are skipped with a line
 * that says so; in CI (CI=true) a missing Redis fails the run instead of hiding it.
 */

/** The Redis server tests use. */
export const testRedisUrl = process.env.RAMPART_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Resolves true when Redis answers PING. Otherwise logs that `what` is skipped and
 * resolves false, or rejects when `CI` is `true`.
 *
 * @example
 * const redisUp = await testRedisAvailable('the Redis cache tests');
 * describe.skipIf(!redisUp)('on Redis', () => { ... });
 */
export async function testRedisAvailable(what: string, url = testRedisUrl): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${url} (${reason}); CI runs ${what} on it`);
    console.log(`Redis is not reachable at ${url} (${reason}): skipping ${what}`);
    return false;
  } finally {
    probe.disconnect();
  }
}
