/**
 * The generated routes of a resource:
 *
 * | method | path                 | access rule       | body          | success            |
 * |--------|----------------------|-------------------|---------------|--------------------|
 * | GET    | /api/v1/<name>       | `access.list`     | -             | 200 `{ data, pagination }`, 304 |
 * | GET    | /api/v1/<name>/:id   | `access.read`     | -             | 200 `{ data }`, 304 |
 *   (`:id` is the `lookup` field when the resource declares one, e.g. `/articles/:slug`)
 * | POST   | /api/v1/<name>       | `access.create`   | create schema | 201 `{ data }` + Location |
 * | PUT    | /api/v1/<name>/:id   | `access.update`   | create schema | 200 `{ data }`     |
 * | PATCH  | /api/v1/<name>/:id   | `access.update`   | patch schema  | 200 `{ data }`     |
 * | DELETE | /api/v1/<name>/:id   | `access.delete`   | -             | 204                |
 *
 * Errors are Problem Details: 400 (validation, query), 401/403 (operation denied),
 * 404 (missing or not readable), 409 (unique field, reference), 413, 415.
 *
 * GETs carry an `ETag` and answer 304 to a matching `If-None-Match`; a resource with
 * `cache` serves them from the read cache (src/cache/), which every write here
 * invalidates through the service.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { createResourceReads, sendAnswer, type ReadCache } from '../cache/index.js';
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
import { itemParams } from './item-params.js';

const noQuery = z.strictObject({});

/** Options of {@link registerResourceRoutes}. */
export interface ResourceRoutesOptions {
  database: Database;
  lookup: ResourceLookup;
  query?: ListQueryOptions;
  /** The app's read cache; GETs of resources that declare `cache` go through it. */
  cache?: ReadCache;
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
  const reads = createResourceReads(resource, { cache: options.cache, lookup: options.lookup });
  const item = itemParams(resource);
  const itemPath = `${resource.path}/:${item.name}`;

  const routes: Record<Operation, RouteOptions[]> = {
    list: [
      {
        method: 'GET',
        url: resource.path,
        schema: { response: { 200: many } },
        handler: async (request, reply) => {
          const query = parseListQuery(resource, request.query as Record<string, unknown>, options.query);
          const { answer, personal } = await reads.answer(request, { route: 'list', query }, async () => {
            const page = await service.list(query, rowFilter(rule('list'), 'list', resource, request));
            await embed(request, page.records, query.include);
            const pagination: Record<string, unknown> = { limit: query.limit, nextCursor: page.nextCursor };
            if (page.total !== undefined) pagination.total = page.total;
            const payload = { data: page.records, pagination };
            // The route's compiled response serializer (fast-json-stringify) yields a string.
            return query.include.length > 0 ? schemas.includeMany(payload) : (reply.serialize(payload) as string);
          });
          return sendAnswer(request, reply, answer, personal);
        },
      },
    ],
    read: [
      {
        method: 'GET',
        url: itemPath,
        schema: { params: item.schema, response: { 200: one } },
        handler: async (request, reply) => {
          const key = item.key(request.params);
          const query = parseRecordQuery(resource, request.query as Record<string, unknown>);
          const read = { route: 'read', id: item.text(request.params), fields: query.fields, include: query.include } as const;
          const { answer, personal } = await reads.answer(request, read, async () => {
            const found = await service.get(key, recordCheck(rule('read'), 'read', resource, request));
            const data = selectFields(found, query.fields);
            await embed(request, [data], query.include);
            return query.include.length > 0 ? schemas.includeOne({ data }) : (reply.serialize({ data }) as string);
          });
          return sendAnswer(request, reply, answer, personal);
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
          const data = await service.create(request.body as RecordData, request.user?.id, { user: request.user, scope: scopeOf(request) });
          reply.code(201).header('location', `${resource.path}/${encodeURIComponent(String(data[item.name]))}`);
          return { data };
        },
      },
    ],
    update: (['PUT', 'PATCH'] as const).map((method) => ({
      method,
      url: itemPath,
      schema: {
        params: item.schema,
        querystring: noQuery,
        body: method === 'PUT' ? createBodySchema(resource) : patchBodySchema(resource),
        response: { 200: one },
      },
      handler: async (request: FastifyRequest) => {
        const check = recordCheck(rule('update'), 'update', resource, request);
        return { data: await service.update(item.key(request.params), request.body as RecordData, method === 'PATCH', check, { user: request.user, scope: scopeOf(request) }) };
      },
    })),
    delete: [
      {
        method: 'DELETE',
        url: itemPath,
        schema: { params: item.schema, querystring: noQuery },
        handler: async (request, reply) => {
          await service.remove(item.key(request.params), recordCheck(rule('delete'), 'delete', resource, request), { user: request.user });
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
