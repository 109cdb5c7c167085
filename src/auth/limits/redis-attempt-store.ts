import type { Redis } from 'ioredis';
import { storeUnavailable } from '../../rate-limit/store-unavailable.js';
import type { AttemptStore, AttemptWindow } from './attempt-store.js';

// DECR alone would create a key at -1 (a free attempt) once the window has expired.
const undoScript = "if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then redis.call('DECR', KEYS[1]) end";

/** Options of {@link createRedisAttemptStore}. */
export interface RedisAttemptStoreOptions {
  /** A client that fails fast while Redis is down (see redis/redis-connection.ts). */
  client: Redis;
  /** Prefix of every key, e.g. `rampart:attempts:`. */
  prefix: string;
  /** The clock, in ms since the epoch, that turns Redis's time-to-live into `resetAt`. */
  now?: () => number;
}

/**
 * An {@link AttemptStore} in Redis, shared by every instance. Each method is one
 * MULTI/EXEC, so it is atomic and one round trip: `hit` is INCR + PEXPIRE NX (only the
 * first hit sets the expiry, so later ones do not extend the window; Redis 7) + PTTL.
 *
 * It fails closed: when Redis is unreachable or slower than the connection's command
 * timeout, every method rejects with a 503 `RAMPART_UNAVAILABLE` (with `Retry-After`),
 * because a login budget that cannot be counted must not let guesses through.
 *
 * @example
 * const store = createRedisAttemptStore({ client: redis.client, prefix: 'rampart:attempts:' });
 * await store.hit('login:ann@example.com', 3_600_000); // { count: 1, resetAt: ... }
 */
export function createRedisAttemptStore(options: RedisAttemptStoreOptions): AttemptStore {
  const { client, prefix, now = Date.now } = options;

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw storeUnavailable(error);
    }
  };

  // EXEC answers [error, value] per command; any error fails the whole step.
  const values = (replies: [Error | null, unknown][] | null): unknown[] => {
    if (!replies) throw new Error('transaction aborted');
    return replies.map(([error, value]) => {
      if (error) throw error;
      return value;
    });
  };

  const windowOf = (count: number, ttlMs: number, fallbackMs: number): AttemptWindow => ({
    count,
    // PTTL is -1 without an expiry and -2 without a key; neither can follow our INCR
    // with PEXPIRE in one transaction, but a key written by hand should not break this.
    resetAt: now() + (ttlMs > 0 ? ttlMs : fallbackMs),
  });

  return {
    hit(key, windowMs) {
      if (!Number.isFinite(windowMs) || windowMs <= 0) {
        return Promise.reject(new RangeError(`windowMs: expected a positive number, got ${windowMs}`));
      }
      const k = prefix + key;
      return run(async () => {
        const [count, , ttl] = values(await client.multi().incr(k).pexpire(k, Math.ceil(windowMs), 'NX').pttl(k).exec());
        return windowOf(Number(count), Number(ttl), windowMs);
      });
    },

    get(key) {
      const k = prefix + key;
      return run(async () => {
        const [count, ttl] = values(await client.multi().get(k).pttl(k).exec());
        return count === null ? null : windowOf(Number(count), Number(ttl), 0);
      });
    },

    undo(key) {
      return run(async () => {
        await client.eval(undoScript, 1, prefix + key);
      });
    },
    reset(key) {
      return run(async () => {
        await client.del(prefix + key);
      });
    },
  };
}
