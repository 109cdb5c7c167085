/**
 * | method | path     | access | response |
 * |--------|----------|--------|----------|
 * | GET    | /metrics | public on the app's port; restrict at the proxy in production | Prometheus text |
 */
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

/** The app's metric registry, for features that add their own metrics (cache, jobs...). */
export interface Metrics {
  registry: Registry;
}

/**
 * Counts requests and times them by route pattern and status code, plus the process
 * metrics prom-client collects. Unmatched requests share one `route` label, so scanning
 * for random paths cannot grow the label set without bound.
 */
export function registerMetrics(app: FastifyInstance): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new RequestMetrics();
  requests.register(registry);
  app.addHook('onResponse', (request, reply, done) => {
    requests.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry };
}
