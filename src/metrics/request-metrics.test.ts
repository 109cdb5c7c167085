import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { durationBuckets, RequestMetrics } from './request-metrics.js';

const observations: [string, string, number, number][] = [
  ['GET', '/api/v1/markets', 200, 0.0004],
  ['GET', '/api/v1/markets', 200, 0.003],
  ['POST', '/api/v1/markets', 201, 0.012],
  ['GET', 'unmatched', 404, 0.0001],
  ['GET', '/api/v1/markets', 200, 0.001],
  ['GET', '/api/v1/markets/:id', 304, 2.5],
  ['GET', '/api/v1/markets/:id', 200, 42],
];

/** The same requests through prom-client's own Counter and Histogram. */
function withPromClient(): Registry {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_code'] as const;
  const counter = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status code.', labelNames, registers: [registry] });
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code.',
    labelNames,
    buckets: [...durationBuckets],
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations) {
    const labels = { method, route, status_code: String(status) };
    counter.inc(labels);
    histogram.observe(labels, seconds);
  }
  return registry;
}

describe('RequestMetrics', () => {
  it("prints what prom-client's Counter and Histogram print for the same requests", async () => {
    const registry = new Registry();
    const requests = new RequestMetrics();
    requests.register(registry);
    for (const [method, route, status, seconds] of observations) requests.observe(method, route, status, seconds);
    const text = await registry.metrics();
    expect(text).toBe(await withPromClient().metrics());
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.001",method="GET",route="/api/v1/markets",status_code="200"} 2');
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/markets/:id",status_code="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/api/v1/markets",status_code="200"} 3');
  });

  it('starts again from zero when the registry resets its metrics', async () => {
    const registry = new Registry();
    const requests = new RequestMetrics();
    requests.register(registry);
    requests.observe('GET', '/a', 200, 0.001);
    registry.resetMetrics();
    requests.observe('GET', '/b', 200, 0.001);
    const text = await registry.metrics();
    expect(text).not.toContain('route="/a"');
    expect(text).toContain('http_requests_total{method="GET",route="/b",status_code="200"} 1');
    expect((await registry.getMetricsAsJSON()).map((m) => m.name)).toEqual(['http_requests_total', 'http_request_duration_seconds']);
  });
});
