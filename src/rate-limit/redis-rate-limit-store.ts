import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { OutageLog } from './outage-log.js';
import { storeUnavailable } from './store-unavailable.js';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
type RouteParams = Parameters<FastifyRateLimitStore['child']>[0];

/** The shape of @fastify/rate-limit's own RedisStore (the package ships it untyped). */
interface LibraryStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: RouteParams): LibraryStore;
}
type LibraryStoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => LibraryStore;

// The plugin's own Redis store (one Lua script: INCR and PEXPIRE atomically, a key per
// route under the name space) is reused rather than rewritten. The package has no
// `exports` map, so its file is reachable; it is loaded at startup, so an upgrade that
// moves it fails at boot and in the tests, not on a request.
const LibraryRedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore') as LibraryStoreCtor;

/** Options of {@link createRedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** A client that fails fast while Redis is down (see redis/redis-connection.ts). */
  client: Redis;
  /** Prefix of every key, e.g. `rampart:rate-limit:`. */
  nameSpace: string;
  /** Where failures are reported, at a bounded rate. */
  outage: OutageLog;
}

/** Adds the failure policy to a library store and to the per-route stores it makes. */
class SharedStore implements FastifyRateLimitStore {
  constructor(
    private readonly inner: LibraryStore,
    private readonly outage: OutageLog,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.inner.incr(key, this.guard(callback), timeWindow, max);
  }

  read(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.inner.read(key, this.guard(callback), timeWindow, max);
  }

  child(routeOptions: RouteParams): SharedStore {
    return new SharedStore(this.inner.child(routeOptions), this.outage);
  }

  private guard(callback: Callback): Callback {
    return (error, result) => {
      if (!error) return callback(null, result);
      this.outage.report(error);
      callback(storeUnavailable(error));
    };
  }
}

/**
 * A store for @fastify/rate-limit's `store` option that keeps counts in Redis, so every
 * instance spends the same budgets. The plugin's plain `redis` option would pass a
 * Redis failure on as a 500 and, with `skipOnError`, swallow it without a trace; this
 * store reports failures to an {@link OutageLog} and turns them into a 503 problem with
 * `Retry-After`. Whether that 503 reaches the client is the budget's `skipOnError`:
 * true serves the request anyway (fail open), false answers the 503 (fail closed).
 *
 * @example
 * await fastify.register(rateLimit, {
 *   store: createRedisRateLimitStore({ client: redis.client, nameSpace: 'rampart:rate-limit:', outage }),
 *   skipOnError: true,
 * });
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): FastifyRateLimitStoreCtor {
  const { client, nameSpace, outage } = options;
  return class RedisRateLimitStore extends SharedStore {
    constructor(params: FastifyRateLimitOptions) {
      const { continueExceeding = false, exponentialBackoff = false } = params as { continueExceeding?: boolean; exponentialBackoff?: boolean };
      super(new LibraryRedisStore(continueExceeding, exponentialBackoff, client, nameSpace), outage);
    }
  };
}
