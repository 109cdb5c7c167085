import type { Registry } from 'prom-client';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { AnyResource } from '../resources/resource.js';
import { createCacheMetrics } from './cache-metrics.js';
import { createMemoryCacheStore } from './memory-cache-store.js';
import { createReadCache, keyedResources, type ReadCache } from './read-cache.js';
import { createRedisCacheStore, type CacheLog } from './redis-cache-store.js';

/** Options of {@link createAppCache}. */
export interface AppCacheOptions {
  resources: readonly AnyResource[];
  /** `CACHE_MAX_ENTRIES`: the bound of the in-process LRU (the whole store, or Redis's local copy). */
  maxEntries: number;
  /** With a connection, answers and generations are shared through Redis. */
  redis?: RedisConnection;
  /** `REDIS_PREFIX`: the cache's keys and channel start with it. */
  prefix: string;
  /** The app's metric registry (`/metrics`). */
  registry: Registry;
  log: CacheLog;
}

/**
 * The app's read cache: in memory by default, in Redis (with an in-process copy) when
 * the app has a Redis connection. No store is made, and Redis is not subscribed to, when
 * no resource declares `cache` (the counters are registered all the same).
 *
 * @example
 * const cache = createAppCache({ resources, maxEntries: config.cacheMaxEntries, redis, prefix: config.redisPrefix, registry, log });
 */
export function createAppCache(options: AppCacheOptions): ReadCache {
  const { resources, maxEntries, redis } = options;
  const metrics = createCacheMetrics(options.registry);
  if (!resources.some((r) => r.cache)) return createReadCache({ resources, metrics });
  const onEvict = (resource: string) => metrics.evictions.inc({ resource });
  const store = redis
    ? createRedisCacheStore({ redis, prefix: options.prefix, maxEntries, resources: [...keyedResources(resources)], onEvict, log: options.log })
    : createMemoryCacheStore({ maxEntries, onEvict });
  return createReadCache({ resources, store, metrics });
}
