/**
 * | method | path     | access | rate limit | response |
 * |--------|----------|--------|------------|----------|
 * | GET    | /metrics | `Authorization: Bearer <METRICS_TOKEN>` when set, else public (a warning at boot in production) | none: a scraper is never refused | Prometheus text; 401 problem without the token |
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../core/config.js';
import { infrastructureRoute } from '../rate-limit/infrastructure-route.js';
import { answerWithBearer } from './metrics-token.js';
import { RequestMetrics } from './request-metrics.js';

/** The app's metric registry, for features that add their own metrics (cache, jobs...). */
export interface Metrics {
  registry: Registry;
}

/**
 * Counts requests and times them by route pattern and status code, plus the process
 * metrics prom-client collects. Unmatched requests share one `route` label, so scanning
 * for random paths cannot grow the label set without bound. With `METRICS_TOKEN` set,
 * `/metrics` answers only to it; in production without it, a warning says so at boot.
 *
 * @example
 * const metrics = registerMetrics(fastify, config);
 * new Counter({ name: 'orders_total', help: 'Orders', registers: [metrics.registry] });
 */
export function registerMetrics(app: FastifyInstance, config?: Pick<Config, 'metricsToken' | 'nodeEnv'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new RequestMetrics();
  requests.register(registry);
  app.addHook('onResponse', (request, reply, done) => {
    requests.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const token = config?.metricsToken;
  if (!token && config?.nodeEnv === 'production') {
    app.log.warn('GET /metrics is open to anyone who reaches this port: set METRICS_TOKEN, or keep the path off the public internet at the proxy');
  }
  const serve = async (reply: FastifyReply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  };
  app.get(
    '/metrics',
    { logLevel: 'warn', ...infrastructureRoute, ...(token ? { onRequest: answerWithBearer(token, serve) } : {}) },
    async (_request, reply) => serve(reply),
  );
  return { registry };
}
