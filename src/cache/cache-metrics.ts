import { Counter, type Registry } from 'prom-client';

/** The cache's Prometheus counters, each labelled with the resource whose GET it served. */
export interface CacheMetrics {
  hits: Counter<'resource'>;
  misses: Counter<'resource'>;
  evictions: Counter<'resource'>;
  bypasses: Counter<'resource'>;
}

/**
 * Registers the cache counters on the app's registry (served by `/metrics`). Labels are
 * resource names, a set fixed at startup, so they cannot grow with traffic.
 *
 * @example
 * const metrics = createCacheMetrics(app.metrics.registry);
 * metrics.hits.inc({ resource: 'markets' });
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['resource'] as const, registers: [registry] });
  return {
    hits: counter('rampart_cache_hits_total', 'Resource GETs answered from the cache.'),
    misses: counter('rampart_cache_misses_total', 'Resource GETs the cache had no current answer for (read from the database, or joined a read in progress).'),
    evictions: counter('rampart_cache_evictions_total', 'Cached answers evicted to make room (CACHE_MAX_ENTRIES).'),
    bypasses: counter('rampart_cache_bypasses_total', 'Resource GETs read from the database because the shared cache store was unreachable.'),
  };
}
