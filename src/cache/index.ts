/**
 * Per-resource read caching: cache-aside GET answers keyed by request, caller and
 * per-resource generations; invalidated by every write; in memory or in Redis; with
 * ETag/304 on every resource GET. See docs/resources.md#caching.
 *
 * @example
 * const markets = resource('markets', { fields, access, cache: { ttl: 30 } });
 */
export { checkCacheOptions, maxCacheTtl, type ResourceCacheOptions } from './cache-options.js';
export { cacheKey, describeListQuery, describeRead, type CacheCaller, type ListRead, type ReadRequest, type RecordRead } from './cache-key.js';
export { CacheUnavailableError, type CacheLookup, type CachedAnswer, type CacheSlot, type CacheStore } from './cache-store.js';
export { createCacheMetrics, type CacheMetrics } from './cache-metrics.js';
export { createMemoryCacheStore, type MemoryCacheStoreOptions } from './memory-cache-store.js';
export { createRedisCacheStore, type CacheLog, type RedisCacheStore, type RedisCacheStoreOptions } from './redis-cache-store.js';
export { createReadCache, deletionReach, keyedResources, type ReadCache, type ReadCacheOptions, type WriteOperation } from './read-cache.js';
export { createResourceReads, type ResourceAnswer, type ResourceReads, type ResourceReadsOptions } from './resource-reads.js';
export { createAppCache, type AppCacheOptions } from './app-cache.js';
export { etagOf, ifNoneMatch } from './etag.js';
export { addVary, sendAnswer } from './send-answer.js';
