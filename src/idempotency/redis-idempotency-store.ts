import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { IdempotencyClaim, IdempotencyLease, IdempotencyStore, StoredResponse } from './idempotency-store.js';

/*
 * One string key per idempotency key, holding JSON: `{ fingerprint, token }` while a
 * request runs (SET NX PX: the lease expires by itself), `{ fingerprint, response }`
 * once it finished (PX: the retention). Finishing and releasing compare the exact
 * lease value the holder wrote, inside a script, so they act only on their own lease.
 */

// KEYS[1]: the key. ARGV[1]: the lease value; ARGV[2]: lease ms.
// Returns nil when the lease was taken, else the value found.
const claimScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])
`;

// KEYS[1]: the key. ARGV[1]: the lease value; ARGV[2]: the answer; ARGV[3]: retention ms.
const completeScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

// KEYS[1]: the key. ARGV[1]: the lease value.
const releaseScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

type ScriptClient = Redis & {
  rampartIdempotencyClaim(key: string, lease: string, leaseMs: number): Promise<string | null>;
  rampartIdempotencyComplete(key: string, lease: string, answer: string, retainMs: number): Promise<number>;
  rampartIdempotencyRelease(key: string, lease: string): Promise<number>;
};

/**
 * Seconds a client is asked to wait while Redis is unreachable: the connection retries
 * every 2 s at most, so a few seconds covers a restart or a failover.
 */
export const idempotencyRetryAfterSeconds = 5;

/** Options of {@link createRedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  redis: RedisConnection;
  /** Prepended to every key (`REDIS_PREFIX`, e.g. `rampart:`). */
  prefix: string;
}

const leaseValue = (lease: IdempotencyLease) => JSON.stringify({ fingerprint: lease.fingerprint, token: lease.token });

/**
 * Keys in Redis, shared by every instance. Fails closed: while Redis is unreachable,
 * `claim` rejects with a 503 `RAMPART_UNAVAILABLE` and `Retry-After`, because running
 * the request unchecked could do it twice, which is what the client's key asked to
 * avoid. Requests without a key are not affected.
 *
 * @example
 * const store = createRedisIdempotencyStore({ redis: app.redis, prefix: 'rampart:' });
 */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const { redis } = options;
  const client = redis.client as ScriptClient;
  if (typeof client.rampartIdempotencyClaim !== 'function') {
    client.defineCommand('rampartIdempotencyClaim', { numberOfKeys: 1, lua: claimScript });
    client.defineCommand('rampartIdempotencyComplete', { numberOfKeys: 1, lua: completeScript });
    client.defineCommand('rampartIdempotencyRelease', { numberOfKeys: 1, lua: releaseScript });
  }
  const keyOf = (id: string) => `${options.prefix}idempotency:${id}`;

  return {
    async claim(id, fingerprint, leaseMs): Promise<IdempotencyClaim> {
      const lease: IdempotencyLease = { id, fingerprint, token: randomUUID() };
      let found: string | null;
      try {
        found = await client.rampartIdempotencyClaim(keyOf(id), leaseValue(lease), leaseMs);
      } catch (error) {
        throw new AppError('RAMPART_UNAVAILABLE', `Idempotency keys cannot be checked right now; retry in ${idempotencyRetryAfterSeconds} s.`, {
          headers: { 'retry-after': String(idempotencyRetryAfterSeconds) },
          cause: error,
        });
      }
      if (found === null) return { state: 'acquired', lease };
      const held = JSON.parse(found) as { fingerprint: string; response?: StoredResponse };
      return held.response ? { state: 'done', fingerprint: held.fingerprint, response: held.response } : { state: 'running', fingerprint: held.fingerprint };
    },

    async complete(lease, response, retainMs) {
      const answer = JSON.stringify({ fingerprint: lease.fingerprint, response });
      return (await client.rampartIdempotencyComplete(keyOf(lease.id), leaseValue(lease), answer, retainMs)) === 1;
    },

    async release(lease) {
      await client.rampartIdempotencyRelease(keyOf(lease.id), leaseValue(lease));
    },
  };
}
