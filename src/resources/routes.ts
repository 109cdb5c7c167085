/**
 * The generated routes of a resource:
 *
 * | method | path                 | access rule       | body          | success            |
 * |--------|----------------------|-------------------|---------------|--------------------|
 * | GET    | <base>/<name>        | `access.list`     | -             | 200 `{ data, pagination }`, 304 |
 * | GET    | <base>/<name>/:id    | `access.read`     | -             | 200 `{ data }`, 304 |
 *   (`:id` is the `lookup` field when the resource declares one, e.g. `/articles/:slug`)
 * | POST   | <base>/<name>        | `access.create`   | create schema | 201 `{ data }` + Location |
 * | PUT    | <base>/<name>/:id    | `access.update`   | create schema | 200 `{ data }`     |
 * | PATCH  | <base>/<name>/:id    | `access.update`   | patch schema  | 200 `{ data }`     |
 * | DELETE | <base>/<name>/:id    | `access.delete`   | -             | 204                |
 *
 * `<base>` is the app's `api.basePath` (default `/api/v1`), `<name>` the resource's segment.
 *
 * Errors are Problem Details: 400 (validation, query), 401/403 (operation denied),
 * 404 (missing or not readable), 409 (unique field, reference), 413, 415.
 *
 * GETs carry an `ETag` and answer 304 to a matching `If-None-Match`; a resource with
 * `cache` serves them from the read cache (src/cache/), which every write here
 * invalidates through the service.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { AuthService } from '../auth/auth-service.js';
import { createResourceReads, sendAnswer, type ReadCache } from '../cache/index.js';
import { allow, decide, toRule, type AccessRule, type RowFilter } from '../policies/rule.js';
import type { View } from './views.js';
import { isReload, reloadAnswer, type BoundRoute } from './bound-route.js';
import fastJson from 'fast-json-stringify';
import { aggregateControls, aggregatePath, aggregateResponseSchema } from './aggregate-routes.js';
import { invalidQuery } from './query/query-issues.js';
import type { RecordStoreFactory } from './record-store.js';
import type { AppDb } from '../db/transactions.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { DomainEvents } from './events.js';
import { accessContext, denied, inputCheck, operationGuard, readScope, recordCheck, rowFilter } from '../policies/guard.js';
import { budgetConfig } from '../rate-limit/route-budget.js';
import { includeRecords, type ResourceLookup } from './include.js';
import { addComputed } from './relations/load-computed.js';
import { pathCondition } from './relations/path-condition.js';
import { relationsOf } from './relations/resolve-relations.js';
import { parseListQuery, parseRecordQuery } from './query/index.js';
import type { ListQueryOptions } from './query/list-query.js';
import { selectFields, type RecordData } from './records.js';
import type { Operation } from './resource.js';
import { responseSchemas } from './response-schemas.js';
import { resolveEnvelope, type EnvelopeSpec, type PageInfo } from '../wire/envelopes.js';
import { createBodySchema, patchBodySchema } from './schemas.js';
import type { RecordCheck, ReferenceScope, ResourceService } from './service.js';
import { AppError } from '../errors/app-error.js';
import { parentNotFound, routesShape } from './nesting.js';
import type { RecordKey } from './record-key.js';

const noQuery = z.strictObject({});

/** Options of {@link registerResourceRoutes}. */
export interface ResourceRoutesOptions {
  database: Database;
  lookup: ResourceLookup;
  /** The API's base path its collection lies under. */
  base: string;
  /** The app's envelope; a resource's own `envelope` wins. */
  envelope?: EnvelopeSpec;
  query?: ListQueryOptions;
  /** The app's read cache; GETs of resources that declare `cache` go through it. */
  cache?: ReadCache;
  /** The services of the app's resources by name: nested routes load their parent through it. */
  services: ReadonlyMap<string, ResourceService>;
  /** Routes declared with `route.for` this resource, and what their handlers get. */
  bound?: readonly BoundRoute[];
  routeServices?: { db: AppDb; records: RecordStoreFactory; jobs: JobQueue; events: DomainEvents; auth: AuthService };
}

/** Registers the routes of one resource; rules were checked for presence at startup. */
export function registerResourceRoutes(app: FastifyInstance, service: ResourceService, options: ResourceRoutesOptions): void {
  const resource = service.resource;
  const envelope = resolveEnvelope(resource.definition.envelope ?? options.envelope, resource.name);
  const schemas = responseSchemas(resource, options.lookup, envelope);
  const createdStatus = resource.definition.statuses?.create ?? 201;
  const merges = resource.definition.put === 'merge';
  const deletedStatus = resource.definition.statuses?.delete ?? 204;
  // References and relations every answer embeds, as if `?include=` named them.
  const embed = resource.definition.embed ?? [];
  const withEmbeds = (query: { include: string[]; fields?: string[] }) => {
    if (embed.length === 0) return;
    query.include = [...new Set([...embed, ...query.include])];
    if (query.fields) query.fields = [...new Set([...query.fields, ...embed])];
  };
  /** A write's answer: compiled by the route's schema, or with embeds by the include serializer. */
  const answerOne = async (request: FastifyRequest, reply: FastifyReply, data: RecordData) => {
    await complete(request, [data], undefined, embed);
    if (embed.length === 0) return envelope.one(data);
    return reply.type('application/json; charset=utf-8').send(schemas.includeOne(envelope.one(data)));
  };
  const bodyOf = (request: FastifyRequest) => envelope.unwrap(request.body) as RecordData;
  const { one, many } = schemas;
  const rule = (op: Operation) => resource.definition.access[op] as AccessRule;
  const { database, lookup } = options;
  const hasComputed = Object.keys(resource.definition.computed ?? {}).length > 0;
  /** Computed fields (those `fields` selects), then what `include` embeds: a constant number of queries per page. */
  const complete = async (request: FastifyRequest, records: RecordData[], fields?: readonly string[], include: readonly string[] = []) => {
    // Guarded here rather than returning early inside: a resource without either pays no await per request.
    if (hasComputed) await addComputed(database.db, database.dialect, resource, lookup, records, fields, request.user?.id ?? null);
    if (include.length > 0) await includeRecords(database, resource, records, include, lookup, request);
  };
  // A caller may only point references at records it may read.
  const scopeOf = (request: FastifyRequest): ReferenceScope => (target) => readScope(request, target);
  const reads = createResourceReads(resource, { cache: options.cache, lookup: options.lookup });
  const shape = routesShape(resource, options.lookup, options.base);
  const { paths } = relationsOf(resource, lookup);
  const nest = shape.nest;
  /**
   * The parent a nested request names, loaded under the parent's own read rule: missing
   * and unreadable both answer 404. Its id scopes the request (lists, item checks, creates).
   */
  const parentOf = async (request: FastifyRequest): Promise<string | undefined> => {
    if (!nest) return undefined;
    const params = request.params;
    const read = nest.target.definition.access.read as AccessRule;
    const scope = await readScope(request, nest.target);
    const parentService = options.services.get(nest.target.name);
    if (!scope || !parentService) throw parentNotFound(nest.target, nest.text(params));
    try {
      const parent = await parentService.get(nest.key(params), recordCheck(read, 'read', nest.target, request));
      return parent.id as string;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RAMPART_NOT_FOUND') throw parentNotFound(nest.target, nest.text(params));
      throw error;
    }
  };
  /** The record's own rule, and for a nested route that the record belongs to the parent in the path. */
  const checkIn = (parentId: string | undefined, check: RecordCheck): RecordCheck =>
    parentId === undefined || !nest ? check : (record, db) => record[nest.field.name] === parentId && check(record, db);
  const keyOf = (request: FastifyRequest): RecordKey => shape.own.key(request.params);

  /** The plain list, or a view's: one pipeline, the view adding its condition and order. */
  const listRoute = (name?: string, view?: View): RouteOptions => ({
    method: 'GET',
    url: name ? `${shape.collection}/${name}` : shape.collection,
    schema: { params: shape.collectionParams, response: { 200: many } },
    handler: async (request, reply) => {
      const raw = request.query as Record<string, unknown>;
      const query = parseListQuery(resource, view?.sort && raw.sort === undefined ? { ...raw, sort: view.sort } : raw, options.query, paths);
      // An envelope with a count key counts every list, as `total=true` would.
      if (envelope.counts) query.total = true;
      withEmbeds(query);
      const parentId = nest ? await parentOf(request) : undefined;
      // The parent scope is one more equality filter: the SQL, the count and the cache key all carry it.
      if (nest && parentId !== undefined) query.filters.push({ field: nest.field.name, column: nest.field.column, op: 'eq', value: parentId });
      const read = { route: 'list', query, ...(view && name ? { view: { name, access: view.access, dependsOn: view.dependsOn ?? [] } } : {}) } as const;
      const { answer, personal } = await reads.answer(request, read, async () => {
        // A view of a resource without a list operation has no list rule: its own condition narrows the rows.
        const listRule = rule('list') as AccessRule | undefined;
        const rows = both(listRule && rowFilter(listRule, 'list', resource, request), (query.paths ? await pathCondition(resource, paths, query.paths, request, database.dialect) : undefined));
        const page = await service.list(query, view ? both(rows, viewCondition(view, name as string, request)) : rows);
        await complete(request, page.records, query.fields, query.include);
        const pagination: PageInfo = { limit: query.limit, nextCursor: page.nextCursor };
        if (page.total !== undefined) pagination.total = page.total;
        const payload = envelope.many(page.records, pagination);
        // The route's compiled response serializer (fast-json-stringify) yields a string.
        const body = query.include.length > 0 ? schemas.includeMany(payload) : (reply.serialize(payload) as string);
        const headers = envelope.pageHeaders?.(pagination, (cursor) => nextPageUrl(request.url, cursor));
        return headers ? { body, headers } : body;
      });
      return sendAnswer(request, reply, answer, personal);
    },
  });
  const viewCondition = (view: View, name: string, request: FastifyRequest): RowFilter | undefined => {
    try {
      return view.where(accessContext(request, `view:${name}`, resource)) ?? undefined;
    } catch (error) {
      // Like a rule's filter that throws: nothing rather than everything.
      request.log.error({ err: error, view: name }, 'view condition threw; answering no rows');
      return (eb) => eb.lit(false);
    }
  };

  const routes: Record<Operation, RouteOptions[]> = {
    list: [listRoute()],
    read: [
      {
        method: 'GET',
        url: shape.item,
        schema: { params: shape.itemParams, response: { 200: one } },
        handler: async (request, reply) => {
          const query = parseRecordQuery(resource, request.query as Record<string, unknown>);
          withEmbeds(query);
          const parentId = nest ? await parentOf(request) : undefined;
          const read = { route: 'read', id: shape.itemText(request.params), fields: query.fields, include: query.include } as const;
          const { answer, personal } = await reads.answer(request, read, async () => {
            const found = await service.get(keyOf(request), checkIn(parentId, recordCheck(rule('read'), 'read', resource, request)));
            const data = selectFields(found, query.fields);
            await complete(request, [data], query.fields, query.include);
            return query.include.length > 0 ? schemas.includeOne(envelope.one(data)) : (reply.serialize(envelope.one(data)) as string);
          });
          return sendAnswer(request, reply, answer, personal);
        },
      },
    ],
    create: [
      {
        method: 'POST',
        url: shape.collection,
        schema: { params: shape.collectionParams, querystring: noQuery, body: envelope.body(createBodySchema(resource)), response: { [createdStatus]: one } },
        handler: async (request, reply) => {
          // An owned resource needs a caller to own the record, whatever its rule says.
          if (resource.owner && !request.user) throw denied(request);
          const parentId = nest ? await parentOf(request) : undefined;
          const input = nest ? { ...bodyOf(request), [nest.field.name]: parentId } : bodyOf(request);
          // A rule on what the body points at (allow.via) decides before anything is written.
          const onInput = inputCheck(rule('create'), 'create', resource, request);
          if (onInput && !(await onInput(input))) throw denied(request);
          const data = await service.create(input, request.user?.id, { user: request.user, scope: scopeOf(request) });
          const collection = request.url.split('?')[0] as string;
          reply.code(createdStatus).header('location', `${collection}/${encodeURIComponent(String(data[shape.own.name]))}`);
          return answerOne(request, reply, data);
        },
      },
    ],
    update: (['PUT', 'PATCH'] as const).map((method) => ({
      method,
      url: shape.item,
      schema: {
        params: shape.itemParams,
        querystring: noQuery,
        body: envelope.body(method === 'PUT' && !merges ? createBodySchema(resource) : patchBodySchema(resource)),
        response: { 200: one },
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const check = checkIn((nest ? await parentOf(request) : undefined), recordCheck(rule('update'), 'update', resource, request));
        const data = await service.update(keyOf(request), bodyOf(request), method === 'PATCH' || merges, check, { user: request.user, scope: scopeOf(request) });
        return answerOne(request, reply, data);
      },
    })),
    delete: [
      {
        method: 'DELETE',
        url: shape.item,
        schema: { params: shape.itemParams, querystring: noQuery },
        handler: async (request, reply) => {
          const check = checkIn((nest ? await parentOf(request) : undefined), recordCheck(rule('delete'), 'delete', resource, request));
          await service.remove(keyOf(request), check, { user: request.user });
          return reply.code(deletedStatus).send();
        },
      },
    ],
  };

  for (const { definition: d } of options.bound ?? []) {
    if (d.access === allow.nobody) continue;
    const url = `${d.load ? shape.item : shape.collection}${d.path}`;
    const loadRule = d.load && rule(d.load);
    if (d.load && !loadRule) throw new TypeError(`${d.method} ${url}: load '${d.load}' needs ${resource.name}.${d.load} to have a rule`);
    app.route({
      method: d.method,
      url,
      schema: {
        params: d.load ? shape.itemParams : shape.collectionParams,
        querystring: d.query ?? noQuery,
        ...(d.body ? { body: d.body } : {}),
        response: { [d.status ?? 200]: one },
      },
      ...(d.rateLimit ? { config: { rateLimit: d.rateLimit } } : {}),
      preValidation: operationGuard(toRule(d.access), `${d.method} ${url}`, resource),
      handler: async (request, reply) => {
        const parentId = nest ? await parentOf(request) : undefined;
        const record = loadRule ? await service.get(keyOf(request), checkIn(parentId, recordCheck(loadRule, d.load as string, resource, request))) : null;
        const services = options.routeServices;
        if (!services) throw new TypeError(`${url}: bound routes need the app's services`);
        const result = await d.handler({ query: request.query, body: request.body, user: request.user, record, reload: () => reloadAnswer, ...services, log: request.log, request, reply });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        if (isReload(result) && !record) throw new TypeError(`${url}: reload() needs load`);
        // The record as it is now, under the read rule: the answer reflects the handler's change.
        const data = isReload(result) ? await service.get((record as RecordData).id as string, checkIn(parentId, recordCheck(rule('read'), 'read', resource, request))) : result;
        reply.code(d.status ?? 200);
        return answerOne(request, reply, data);
      },
    });
  }
  for (const [name, agg] of Object.entries(resource.definition.aggregates ?? {})) {
    if (!agg.route || !agg.access || agg.access === allow.nobody) continue;
    const schema = aggregateResponseSchema(resource, agg, envelope, name);
    const serialize = fastJson(schema as unknown as fastJson.Schema) as (value: unknown) => string;
    const rowRule = (rule('list') ?? rule('read')) as AccessRule | undefined;
    const access = agg.access;
    app.route({
      method: 'GET',
      url: aggregatePath(options.base, agg.route),
      schema: { response: { 200: schema } },
      ...budgetConfig(resource.definition.rateLimit, 'list', resource.name),
      preValidation: operationGuard(toRule(access), `aggregate ${name}`, resource),
      handler: async (request, reply) => {
        const raw = request.query as Record<string, unknown>;
        const controls = Object.keys(raw).filter((param) => aggregateControls.includes(param));
        if (controls.length > 0) throw invalidQuery(controls.map((param) => ({ param, message: 'not used by aggregates; filters and q are' })));
        const query = parseListQuery(resource, raw, options.query, paths);
        const read = { route: 'list', query, view: { name: `aggregate:${name}`, access, dependsOn: [] } } as const;
        const { answer, personal } = await reads.answer(request, read, async () => {
          // The rows the caller may list: none at all when the row rule refuses the caller outright.
          const listed = !rowRule || (await decide(rowRule, accessContext(request, 'list', resource)));
          // Relation filters narrow the rows as on the list (`/tags?author=jake`).
          const related = query.paths ? await pathCondition(resource, paths, query.paths, request, database.dialect) : undefined;
          const where = both(rowRule && rowFilter(rowRule, 'list', resource, request), related);
          const result = listed ? await service.aggregate(name, query, where) : { values: [], truncated: false };
          return serialize(envelope.values(name, result.values, result.truncated));
        });
        return sendAnswer(request, reply, answer, personal);
      },
    });
  }
  for (const [name, view] of Object.entries(resource.definition.views ?? {})) {
    if (view.access === allow.nobody) continue;
    app.route({ ...listRoute(name, view), ...budgetConfig(resource.definition.rateLimit, 'list', resource.name), preValidation: operationGuard(toRule(view.access), 'list', resource) });
  }
  for (const op of resource.enabled) {
    // An operation no client may perform gets no route: 404/405 like any absent one.
    if (rule(op) === allow.nobody) continue;
    for (const options_ of routes[op]) {
      app.route({ ...options_, ...budgetConfig(resource.definition.rateLimit, op, resource.name), preValidation: operationGuard(rule(op), op, resource) });
    }
  }
}

/** Two optional row conditions, both required. */
function both(a: RowFilter | undefined, b: RowFilter | undefined): RowFilter | undefined {
  if (!a || !b) return a ?? b;
  return (eb) => eb.and([a(eb), b(eb)]);
}

/** The URL of the page after this one: the same request with the next cursor, and no offset. */
function nextPageUrl(url: string, cursor: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete('offset');
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}
