import { Counter, type Registry } from 'prom-client';

/** The cache's Prometheus counters, each labelled with the resource whose GET it served. */
export interface CacheMetrics {
  hits: Counter<'resource'>;
  misses: Counter<'resource'>;
  evictions: Counter<'resource'>;
  /**
   * Also labelled with the `reason`: `store_unreachable` (the shared store is down;
   * should be rare and short) or `custom_rule` (a custom access rule decided the
   * answer, so it is never cached; steady by design).
   */
  bypasses: Counter<'resource' | 'reason'>;
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
  // A label keeps an outage apart from the steady bypasses of custom rules on one graph.
  const bypasses = new Counter({
    name: 'rampart_cache_bypasses_total',
    help: 'GETs of cached resources read from the database without the cache, by reason: store_unreachable (the shared store was down) or custom_rule (a custom access rule decided the answer, which is never cached).',
    labelNames: ['resource', 'reason'] as const,
    registers: [registry],
  });
  return {
    hits: counter('rampart_cache_hits_total', 'Resource GETs answered from the cache.'),
    misses: counter('rampart_cache_misses_total', 'Resource GETs the cache had no current answer for (read from the database, or joined a read in progress).'),
    evictions: counter('rampart_cache_evictions_total', 'Cached answers evicted to make room (CACHE_MAX_ENTRIES).'),
    bypasses,
  };
}
