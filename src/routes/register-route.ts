// Brings the `config.rateLimit` route option into Fastify's types.
import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthService } from '../auth/auth-service.js';
import type { AppDb } from '../db/transactions.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { RecordStoreFactory } from '../resources/record-store.js';
import type { DomainEvents } from '../resources/events.js';
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
  events: DomainEvents;
  auth: AuthService;
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
    // request (S1 benchmark). `settle` gives Fastify the value to send, or `reply` once
    // the reply is answered: sent, or still in its onSend hooks (the idempotency store's
    // are async), where sending again would answer twice. Fastify waits for a returned
    // `reply` to finish; a synchronous handler's needs no waiting.
    handler: (request, reply) => {
      const settle = (result: unknown): unknown => {
        if (result === reply || reply.sent) return reply;
        reply.code(status);
        // A 204 carries no body; undefined is an empty one (Fastify sends nothing for a
        // synchronous handler's undefined).
        return status === 204 || result === undefined ? reply.send() : result;
      };
      const result = route.handler({
        params: request.params,
        query: request.query,
        body: request.body,
        user: request.user,
        db: services.db,
        records: services.records,
        jobs: services.jobs,
        events: services.events,
        auth: services.auth,
        log: request.log,
        request,
        reply,
      });
      if (isPromise(result)) return result.then(settle);
      const value = settle(result);
      return value === reply ? undefined : value;
    },
  });
}
