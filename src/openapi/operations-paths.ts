import { jsonContent, type PathItemObject, type TagObject } from './openapi-objects.js';
import { problemRef } from './problem-schema.js';

/** The tag of the endpoints that operate the service rather than its data. */
export const operationsTag: TagObject = {
  name: 'operations',
  description: 'Health checks and metrics, for load balancers, orchestrators and monitoring.',
};

const live = { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } };
const ready = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { enum: ['ok', 'degraded'], description: '`degraded`: a non-critical dependency (Redis) is down; the app still serves.' },
    checks: {
      type: 'object',
      description: 'The state of each dependency, e.g. `{ "database": "ok" }`.',
      additionalProperties: { type: 'string', enum: ['ok', 'down'] },
    },
  },
};

/**
 * The health and metrics endpoints every Rampart app serves. They are public so that
 * probes need no credentials; they reveal no records.
 *
 * @example
 * Object.assign(document.paths, operationsPaths());
 */
export function operationsPaths(): Record<string, PathItemObject> {
  // Outside every request budget (src/rate-limit/infrastructure-route.ts).
  const common = { tags: [operationsTag.name], 'x-rampart-access': 'public', 'x-rampart-rate-limit': { budget: 'none' as const } };
  return {
    '/health/live': {
      get: {
        ...common,
        operationId: 'getLiveness',
        summary: 'Liveness',
        description: 'Answers 200 while the process runs; a failure means it should be restarted.',
        responses: { '200': { description: 'The process is alive.', content: jsonContent(live) } },
      },
    },
    '/health/ready': {
      get: {
        ...common,
        operationId: 'getReadiness',
        summary: 'Readiness',
        description:
          'Answers 200 when the app can serve traffic (`degraded` while Redis is down: shared stores follow their fallback policy); 503 while it shuts down or the database is down.',
        responses: {
          '200': { description: 'Ready for traffic.', content: jsonContent(ready) },
          '503': problemRef(503),
        },
      },
    },
    '/metrics': {
      get: {
        ...common,
        operationId: 'getMetrics',
        summary: 'Metrics',
        description:
          'Request counts, latencies and process metrics in the Prometheus text format. ' +
          'Public on the app port: restrict it at the proxy in production.',
        responses: {
          '200': {
            description: 'Prometheus text exposition format.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}
