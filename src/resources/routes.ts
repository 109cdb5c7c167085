/**
 * The generated routes of a resource:
 *
 * | method | path                 | access rule       | body          | success            |
 * |--------|----------------------|-------------------|---------------|--------------------|
 * | GET    | /api/v1/<name>       | `access.list`     | -             | 200 `{ data, pagination }` |
 * | GET    | /api/v1/<name>/:id   | `access.read`     | -             | 200 `{ data }`     |
 * | POST   | /api/v1/<name>       | `access.create`   | create schema | 201 `{ data }` + Location |
 * | PUT    | /api/v1/<name>/:id   | `access.update`   | create schema | 200 `{ data }`     |
 * | PATCH  | /api/v1/<name>/:id   | `access.update`   | patch schema  | 200 `{ data }`     |
 * | DELETE | /api/v1/<name>/:id   | `access.delete`   | -             | 204                |
 *
 * Errors are Problem Details: 400 (validation, query), 401/403 (operation denied),
 * 404 (missing or not readable), 409 (unique field, reference), 413, 415.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { allow, type AccessRule } from '../policies/rule.js';
import { denied, operationGuard, readScope, recordCheck, rowFilter } from '../policies/guard.js';
import { budgetConfig } from '../rate-limit/route-budget.js';
import { includeReferences, type ResourceLookup } from './include.js';
import { parseListQuery, parseRecordQuery } from './query/index.js';
import type { ListQueryOptions } from './query/list-query.js';
import { selectFields, type RecordData } from './records.js';
import type { Operation } from './resource.js';
import { responseSchemas } from './response-schemas.js';
import { createBodySchema, patchBodySchema } from './schemas.js';
import type { ReferenceScope, ResourceService } from './service.js';

const idParams = z.strictObject({ id: z.uuid({ error: 'expected a UUID' }).transform((v) => v.toLowerCase()) });
const noQuery = z.strictObject({});

/** Options of {@link registerResourceRoutes}. */
export interface ResourceRoutesOptions {
  database: Database;
  lookup: ResourceLookup;
  query?: ListQueryOptions;
}

/** Registers the routes of one resource; rules were checked for presence at startup. */
export function registerResourceRoutes(app: FastifyInstance, service: ResourceService, options: ResourceRoutesOptions): void {
  const resource = service.resource;
  const schemas = responseSchemas(resource, options.lookup);
  const { one, many } = schemas;
  const rule = (op: Operation) => resource.definition.access[op] as AccessRule;
  const embed = async (request: FastifyRequest, records: RecordData[], include: string[]) =>
    includeReferences(options.database, resource, records, include, options.lookup, request);
  // A caller may only point references at records it may read.
  const scopeOf = (request: FastifyRequest): ReferenceScope => (target) => readScope(request, target);

  const routes: Record<Operation, RouteOptions[]> = {
    list: [
      {
        method: 'GET',
        url: resource.path,
        schema: { response: { 200: many } },
        handler: async (request, reply) => {
          const query = parseListQuery(resource, request.query as Record<string, unknown>, options.query);
          const page = await service.list(query, rowFilter(rule('list'), 'list', resource, request));
          await embed(request, page.records, query.include);
          if (query.include.length > 0) reply.serializer(schemas.includeMany);
          const pagination: Record<string, unknown> = { limit: query.limit, nextCursor: page.nextCursor };
          if (page.total !== undefined) pagination.total = page.total;
          return { data: page.records, pagination };
        },
      },
    ],
    read: [
      {
        method: 'GET',
        url: `${resource.path}/:id`,
        schema: { params: idParams, response: { 200: one } },
        handler: async (request, reply) => {
          const { id } = request.params as { id: string };
          const query = parseRecordQuery(resource, request.query as Record<string, unknown>);
          if (query.include.length > 0) reply.serializer(schemas.includeOne);
          const found = await service.get(id, recordCheck(rule('read'), 'read', resource, request));
          const data = selectFields(found, query.fields);
          await embed(request, [data], query.include);
          return { data };
        },
      },
    ],
    create: [
      {
        method: 'POST',
        url: resource.path,
        schema: { querystring: noQuery, body: createBodySchema(resource), response: { 201: one } },
        handler: async (request, reply) => {
          // An owned resource needs a caller to own the record, whatever its rule says.
          if (resource.owner && !request.user) throw denied(request);
          const data = await service.create(request.body as RecordData, request.user?.id, scopeOf(request));
          reply.code(201).header('location', `${resource.path}/${String(data.id)}`);
          return { data };
        },
      },
    ],
    update: (['PUT', 'PATCH'] as const).map((method) => ({
      method,
      url: `${resource.path}/:id`,
      schema: {
        params: idParams,
        querystring: noQuery,
        body: method === 'PUT' ? createBodySchema(resource) : patchBodySchema(resource),
        response: { 200: one },
      },
      handler: async (request: FastifyRequest) => {
        const { id } = request.params as { id: string };
        const check = recordCheck(rule('update'), 'update', resource, request);
        return { data: await service.update(id, request.body as RecordData, method === 'PATCH', check, scopeOf(request)) };
      },
    })),
    delete: [
      {
        method: 'DELETE',
        url: `${resource.path}/:id`,
        schema: { params: idParams, querystring: noQuery },
        handler: async (request, reply) => {
          const { id } = request.params as { id: string };
          await service.remove(id, recordCheck(rule('delete'), 'delete', resource, request));
          return reply.code(204).send();
        },
      },
    ],
  };

  for (const op of resource.enabled) {
    // An operation no client may perform gets no route: 404/405 like any absent one.
    if (rule(op) === allow.nobody) continue;
    for (const options_ of routes[op]) {
      app.route({ ...options_, ...budgetConfig(resource.definition.rateLimit, op, resource.name), preValidation: operationGuard(rule(op), op, resource) });
    }
  }
}
