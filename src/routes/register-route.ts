// Brings the `config.rateLimit` route option into Fastify's types.
import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDb } from '../db/transactions.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { RecordStoreFactory } from '../resources/record-store.js';
import { operationGuard } from '../policies/guard.js';
import type { AccessRule } from '../policies/rule.js';
import type { AnyRoute } from './route.js';

/**
 * JSON Schema of a zod schema for the response serializer (fast-json-stringify), which
 * sends only what the schema declares.
 */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

/** What custom route handlers get from the app. */
export interface RouteServices {
  db: AppDb;
  records: RecordStoreFactory;
  jobs: JobQueue;
}

const isPromise = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Registers one custom route with validation, its access rule and response shaping. */
export function registerCustomRoute(app: FastifyInstance, route: AnyRoute, services: RouteServices): void {
  const status = route.status ?? 200;
  app.route({
    method: route.method,
    url: route.path,
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    ...(route.rateLimit ? { config: { rateLimit: route.rateLimit } } : {}),
    schema: {
      ...(route.params ? { params: route.params } : {}),
      querystring: route.query ?? z.strictObject({}),
      ...(route.body ? { body: route.body } : {}),
      ...(route.response && status !== 204 ? { response: { [status]: responseJsonSchema(route.response) } } : {}),
    },
    preValidation: operationGuard(route.access as AccessRule, `${route.method} ${route.path}`),
    // Not an async function: most handlers return a plain value, which Fastify sends
    // itself, while an async wrapper would add a promise and a microtask turn to every
    // request (S1 benchmark). A handler that answers through `reply` is left alone: it
    // may still be in its onSend hooks (the idempotency store's are async), so nothing
    // here may send again. Fastify waits for a returned `reply` to finish.
    handler: (request, reply) => {
      const answered = (result: unknown) => result === reply || reply.sent;
      const settle = (result: unknown) => {
        if (answered(result)) return reply;
        reply.code(status);
        return status === 204 ? reply.send() : result;
      };
      const result = route.handler({
        params: request.params,
        query: request.query,
        body: request.body,
        user: request.user,
        db: services.db,
        records: services.records,
        jobs: services.jobs,
        log: request.log,
        request,
        reply,
      });
      if (isPromise(result)) return result.then(settle);
      if (answered(result)) return undefined;
      reply.code(status);
      // Fastify sends what a synchronous handler returns, but not undefined.
      if (status === 204 || result === undefined) return void reply.send();
      return result;
    },
  });
}
