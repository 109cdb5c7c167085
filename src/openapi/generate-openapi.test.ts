import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StartupError } from '../errors/app-error.js';
import { errorCatalog } from '../errors/catalog.js';
import { allow, toRule } from '../policies/rule.js';
import { field } from '../resources/fields/index.js';
import { resource, type AnyResource } from '../resources/resource.js';
import { route, type AnyRoute } from '../routes/route.js';
import { categories, markets, positions, resources, routes } from './docs-fixture.js';
import { generateOpenApi } from './generate-openapi.js';
import type { OperationObject, ParameterObject, PathItemObject } from './openapi-objects.js';

const document = generateOpenApi({ resources, routes, info: { title: 'Markets API', version: '1.2.3' } });
const json = JSON.parse(JSON.stringify(document)) as {
  paths: Record<string, PathItemObject>;
  components: { schemas: Record<string, Record<string, unknown>>; responses: Record<string, unknown> };
  tags: { name: string; description?: string }[];
  info: { title: string; version: string };
};

function op(path: string, method: keyof PathItemObject): OperationObject {
  const found = json.paths[path]?.[method];
  if (!found) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
  return found;
}

function param(operation: OperationObject, name: string): ParameterObject | undefined {
  return operation.parameters?.find((p) => p.name === name);
}

/** Follows a local JSON pointer such as `#/components/schemas/Market`. */
function resolve(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], json);
}

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

describe('generateOpenApi', () => {
  it('produces a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(json) as Record<string, unknown>);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(json.info).toEqual({ title: 'Markets API', version: '1.2.3' });
  });

  it('only holds refs that resolve inside the document', () => {
    const all = refs(json);
    expect(all.length).toBeGreaterThan(20);
    for (const ref of all) expect(resolve(ref), ref).toBeDefined();
  });

  it('documents every enabled resource operation with stable, unique operation ids', () => {
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining(['/api/v1/markets', '/api/v1/markets/{id}', '/api/v1/categories/{id}']),
    );
    expect(Object.keys(json.paths['/api/v1/markets']!)).toEqual(['get', 'post']);
    expect(Object.keys(json.paths['/api/v1/markets/{id}']!)).toEqual(['get', 'put', 'patch', 'delete']);
    expect(op('/api/v1/markets', 'get').operationId).toBe('listMarkets');
    expect(op('/api/v1/markets/{id}', 'get').operationId).toBe('getMarket');
    expect(op('/api/v1/markets/{id}', 'put').operationId).toBe('replaceMarket');
    expect(op('/api/v1/markets/{id}', 'patch').operationId).toBe('updateMarket');
    expect(op('/api/v1/categories/{id}', 'get').operationId).toBe('getCategory');
    const ids = Object.values(json.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(generateOpenApi({ resources, routes, info: json.info })).toEqual(document);
  });

  it('leaves out operations that are not enabled or that no client may call', () => {
    expect(Object.keys(json.paths['/api/v1/categories']!)).toEqual(['get']);
    expect(Object.keys(json.paths['/api/v1/categories/{id}']!)).toEqual(['get']);
    expect(json.paths['/api/v1/positions/{id}']!.delete).toBeUndefined(); // allow.nobody
    expect(json.paths['/api/v1/internal/reindex']).toBeUndefined();
  });

  it('documents list paging, shaping, search and filters as the query language defines them', () => {
    const list = op('/api/v1/markets', 'get');
    expect(param(list, 'limit')).toMatchObject({
      in: 'query',
      style: 'form',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(param(list, 'offset')?.schema).toMatchObject({ type: 'integer', minimum: 0 });
    expect(param(list, 'cursor')?.schema).toEqual({ type: 'string' });
    expect(param(list, 'total')?.schema).toMatchObject({ type: 'boolean' });
    expect(param(list, 'sort')?.description).toContain('Sortable: `createdAt`, `updatedAt`, `volume`.');
    expect(param(list, 'sort')?.description).toContain('`-`');
    expect(param(list, 'fields')).toMatchObject({ explode: false, schema: { type: 'array' } });
    expect(param(list, 'q')?.description).toContain('`name`');
    expect(param(list, 'include')).toBeUndefined(); // markets reference nothing

    // One parameter per filtered field: its operators as an object, sent as `status[ne]=x`.
    const status = param(list, 'status');
    expect(status).toMatchObject({ style: 'deepObject', explode: true, schema: { type: 'object', additionalProperties: false } });
    expect(Object.keys(status?.schema.properties as object)).toEqual(['eq', 'ne', 'in']); // enums are not ordered
    expect(status?.schema.properties).toMatchObject({
      eq: { type: 'string', enum: ['active', 'closed', 'resolved'] },
      in: { type: 'string', minLength: 1 },
    });
    expect(status?.description).toContain('`status=value` is short for `status[eq]=value`');
    expect(param(list, 'volume')?.schema.properties).toMatchObject({ gte: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' } });
    expect(param(list, 'closesAt')?.schema.properties).toMatchObject({ lt: { type: 'string', format: 'date-time' } });
    for (const system of ['id', 'createdAt', 'updatedAt']) {
      expect(param(list, system)?.style, system).toBe('deepObject');
    }
    expect(param(list, 'name')).toBeUndefined(); // searchable, not filterable
    expect(list.parameters?.filter((p) => p.name.includes('['))).toEqual([]);
  });

  it('orders list parameters as a query is built: filters, sort, pages, fields, include', () => {
    const names = (op('/api/v1/positions', 'get').parameters ?? []).map((p) => p.name);
    const at = (name: string) => names.indexOf(name);
    expect(at('market')).toBeLessThan(at('sort'));
    expect(at('sort')).toBeLessThan(at('limit'));
    expect([at('limit'), at('cursor'), at('offset'), at('total')]).toEqual([at('limit'), at('limit') + 1, at('limit') + 2, at('limit') + 3]);
    expect(at('total')).toBeLessThan(at('fields'));
    expect(at('fields')).toBeLessThan(at('include'));
    expect(names.at(-1)).toBe('If-None-Match');
    const groups = (op('/api/v1/positions', 'get').parameters ?? []).map((p) => p['x-rampart-group']).filter(Boolean);
    expect([...new Set(groups)]).toEqual(['filters', 'sort', 'pages', 'fields', 'include', 'headers']);
    // Markets: a search box, six filtered fields and the controls, no longer one input per operator.
    expect(op('/api/v1/markets', 'get').parameters?.length).toBeLessThan(15);
  });

  it('offers q only where something is searchable, include only where something is referenced', () => {
    const positionsList = op('/api/v1/positions', 'get');
    expect(param(positionsList, 'q')).toBeUndefined();
    expect(param(op('/api/v1/categories', 'get'), 'q')).toBeUndefined();
    expect(param(positionsList, 'include')?.schema).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['market'] },
      minItems: 1,
    });
    expect(param(op('/api/v1/positions/{id}', 'get'), 'include')).toBeDefined();
    expect(param(op('/api/v1/categories', 'get'), 'label')?.schema.properties).toHaveProperty('contains');
  });

  it('spells a filter on a field named like a control parameter with brackets', () => {
    const list = op('/api/v1/positions', 'get');
    expect(list.parameters?.filter((p) => p.name === 'total')).toHaveLength(1);
    expect(param(list, 'total')?.schema).toMatchObject({ type: 'boolean' });
    expect(param(list, 'total[eq]')?.schema).toEqual({ type: 'integer' });
  });

  it('answers create with 201, the record and a Location header', () => {
    const create = op('/api/v1/markets', 'post');
    expect(create.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/MarketCreate' } } },
    });
    const created = create.responses['201'] as { headers: Record<string, unknown>; content: Record<string, { schema: unknown }> };
    expect(created.headers.Location).toMatchObject({ required: true, schema: { type: 'string' } });
    expect(created.content['application/json']!.schema).toMatchObject({
      required: ['data'],
      properties: { data: { $ref: '#/components/schemas/Market' } },
    });
    expect(op('/api/v1/markets/{id}', 'delete').responses['204']).toEqual({ description: 'The market is deleted.' });
  });

  it('wraps lists in data and pagination', () => {
    const ok = op('/api/v1/markets', 'get').responses['200'] as { content: Record<string, { schema: unknown }> };
    expect(ok.content['application/json']!.schema).toMatchObject({
      required: ['data', 'pagination'],
      properties: {
        data: { type: 'array', items: { $ref: '#/components/schemas/Market' } },
        pagination: { $ref: '#/components/schemas/Pagination' },
      },
    });
    expect(json.components.schemas.Pagination).toMatchObject({
      required: ['limit', 'nextCursor'],
      properties: { limit: { type: 'integer' }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
    });
  });

  it('registers record and body schemas from the resource schemas', () => {
    const { schemas } = json.components;
    expect(schemas.Market).toMatchObject({
      description: 'Prediction markets.',
      additionalProperties: false,
      properties: {
        id: { type: 'string', format: 'uuid' },
        closesAt: { type: ['string', 'null'], format: 'date-time' },
        name: { description: 'The question the market resolves.' },
      },
    });
    expect(schemas.MarketCreate).toMatchObject({
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { description: 'The question the market resolves.' },
        status: { default: 'active' },
        volume: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
        fee: { type: ['string', 'null'], pattern: '^-?\\d+(\\.\\d+)?$' },
      },
    });
    expect(schemas.MarketCreate).not.toHaveProperty('$schema');
    expect(schemas.MarketCreate!.properties).not.toHaveProperty('id');
    expect(schemas.MarketReplace).toEqual(schemas.MarketCreate);
    expect(schemas.MarketPatch).not.toHaveProperty('required');
    expect(schemas.Position).toMatchObject({ properties: { market: { anyOf: [{ format: 'uuid' }, { type: 'object' }] } } });
    expect(schemas.CategoryCreate).toBeUndefined();
  });

  it('documents errors as problem responses', () => {
    const problem = json.components.schemas.Problem!;
    const codes = Object.entries(errorCatalog).filter(([, e]) => 'status' in e).map(([code]) => code);
    expect(problem).toMatchObject({
      required: ['type', 'title', 'status', 'code'],
      properties: { code: { enum: codes }, errors: { type: 'array' }, requestId: { type: 'string' } },
    });
    expect(json.components.responses.NotFound).toEqual({
      description: expect.stringContaining('RAMPART_NOT_FOUND'),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    const statuses = (o: OperationObject) => Object.keys(o.responses);
    expect(statuses(op('/api/v1/markets', 'get'))).toEqual(['200', '304', '400', '401', '429', '500', '503']);
    // POST and PATCH take an Idempotency-Key: 409 while its first request runs, 422 when reused
    expect(statuses(op('/api/v1/markets', 'post'))).toEqual(['201', '400', '401', '409', '413', '415', '422', '429', '500', '503']);
    expect(statuses(op('/api/v1/markets/{id}', 'get'))).toEqual(['200', '304', '400', '401', '404', '429', '500', '503']);
    // markets are referenced with onDelete: restrict, so deleting one can conflict
    expect(statuses(op('/api/v1/markets/{id}', 'delete'))).toEqual(['204', '400', '401', '404', '409', '429', '500', '503']);
    // a unique field and a reference: writes can conflict; a non-public rule can refuse
    expect(statuses(op('/api/v1/positions', 'post'))).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '500', '503']);
    expect(op('/api/v1/positions', 'post').responses['404']).toBeUndefined();
    expect(op('/api/v1/markets', 'get').responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    // Conditional GETs: a validator on every read, and the header that asks for a 304.
    for (const path of ['/api/v1/markets', '/api/v1/markets/{id}']) {
      const get = op(path, 'get');
      expect((get.responses['200'] as { headers?: object }).headers).toHaveProperty('ETag');
      expect(get.parameters?.map((p) => ('name' in p ? p.name : ''))).toContain('If-None-Match');
    }
  });

  it('documents Idempotency-Key on POST and PATCH only, session routes aside', () => {
    const names = (o: OperationObject) => (o.parameters ?? []).map((p) => p.name);
    expect(names(op('/api/v1/markets', 'post'))).toContain('Idempotency-Key');
    expect(names(op('/api/v1/markets/{id}', 'patch'))).toContain('Idempotency-Key');
    expect(op('/api/v1/markets/{id}', 'patch').responses['422']).toEqual({ $ref: '#/components/responses/UnprocessableContent' });
    for (const method of ['get', 'put', 'delete'] as const) {
      expect(names(op('/api/v1/markets/{id}', method))).not.toContain('Idempotency-Key');
      expect(op('/api/v1/markets/{id}', method).responses['422']).toBeUndefined();
    }
    const login = route({ method: 'POST', path: '/api/v1/auth/login', access: allow.public, handler: () => undefined });
    const doc = generateOpenApi({ routes: [login] as AnyRoute[] }) as unknown as typeof json;
    expect(doc.paths['/api/v1/auth/login']!.post!.parameters).toBeUndefined();
  });

  it('names the access rule of every operation', () => {
    expect(op('/api/v1/markets', 'get')['x-rampart-access']).toBe('public');
    expect(op('/api/v1/positions', 'post')['x-rampart-access']).toBe('signedIn');
    expect(op('/api/v1/tree/{depth}', 'get')['x-rampart-access']).toBe('staff');
    for (const item of Object.values(json.paths)) {
      for (const o of Object.values(item)) expect(typeof o['x-rampart-access']).toBe('string');
    }
  });

  it('says who may call each operation and how often, from the declarations', () => {
    const limited = resource('drafts', {
      fields: { title: field.string() },
      access: { list: allow.authenticated, read: allow.any(allow.owner, allow.role('admin')), create: allow.authenticated },
      owner: 'author',
      operations: ['list', 'read', 'create'],
      rateLimit: { create: { max: 5, timeWindow: 60_000 } },
    }) as unknown as AnyResource;
    const ping = route({ method: 'GET', path: '/api/v1/ping', access: allow.public, rateLimit: { max: 30, timeWindow: '1 minute' }, handler: () => undefined });
    const doc = generateOpenApi({ resources: [limited], routes: [ping] as AnyRoute[], rateLimit: { ipPerMinute: 1000, userPerMinute: 100 } }) as unknown as typeof json;
    const at = (path: string, method: 'get' | 'post') => doc.paths[path]![method]!;
    expect(at('/api/v1/drafts', 'post')['x-rampart-rate-limit']).toEqual({ budget: 'operation', max: 5, timeWindow: '1 minute' });
    expect(at('/api/v1/drafts', 'get')['x-rampart-rate-limit']).toEqual({ budget: 'global', perIp: 1000, perUser: 100, timeWindow: '1 minute' });
    expect(at('/api/v1/ping', 'get')['x-rampart-rate-limit']).toEqual({ budget: 'operation', max: 30, timeWindow: '1 minute' });
    expect(at('/health/live', 'get')['x-rampart-rate-limit']).toEqual({ budget: 'none' });
    expect(at('/api/v1/drafts/{id}', 'get').description).toBe(
      '**Access:** `any(owner, role(admin))` (signed in, and the rule must allow the caller) · **Rate limit:** 100 requests a minute per signed-in user, 1000 per address otherwise',
    );
    expect(at('/api/v1/drafts', 'post').description).toContain('**Access:** any signed-in user · **Rate limit:** 5 requests per 1 minute');
    // Without the app's budgets, only declared ones are named.
    expect(op('/api/v1/markets', 'get')['x-rampart-rate-limit']).toBeUndefined();
  });

  it('documents custom routes from their zod schemas', () => {
    const resolveOp = op('/api/v1/markets/{id}/resolve', 'post');
    expect(resolveOp).toMatchObject({
      operationId: 'postMarketsByIdResolve',
      summary: 'Resolve a market',
      tags: ['markets'],
    });
    expect(resolveOp.description).toBe('Settles every position of the market.\n\n**Access:** public: anyone, signed in or not');
    expect(param(resolveOp, 'id')).toMatchObject({ in: 'path', required: true, schema: { format: 'uuid' } });
    expect(param(resolveOp, 'dryRun')).toMatchObject({
      in: 'query',
      required: false,
      description: 'Only report what would change.',
      schema: { enum: ['true', 'false'] },
    });
    expect(json.components.schemas.PostMarketsByIdResolveBody).toMatchObject({
      required: ['outcome'],
      properties: { outcome: { enum: ['yes', 'no'] }, at: { type: 'string', format: 'date-time' } },
      additionalProperties: false,
    });
    expect(json.components.schemas.PostMarketsByIdResolveResponse).toMatchObject({
      properties: { data: { properties: { settled: { type: 'integer' }, resolvedAt: { format: 'date-time' } } } },
    });
    // A path parameter names something that may be missing: 404 without being declared.
    expect(Object.keys(resolveOp.responses)).toEqual(['200', '400', '401', '404', '409', '413', '415', '422', '429', '500', '503']);

    const tree = op('/api/v1/tree/{depth}', 'get');
    expect(tree.tags).toEqual(['tree']);
    // Its `errors` add 409 and 422.
    expect(Object.keys(tree.responses)).toEqual(['200', '400', '401', '403', '404', '409', '422', '429', '500', '503']);
    const cache = op('/api/v1/cache/{scope}', 'delete');
    expect(cache.tags).toEqual(['custom']);
    expect(cache.parameters).toEqual([{ name: 'scope', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(cache.responses['204']).toEqual({ description: 'Done; no content.' });
  });

  it('keeps recursive route schemas resolvable', () => {
    const schema = json.components.schemas.GetTreeByDepthResponse!;
    expect(refs(schema)).toEqual([
      '#/components/schemas/GetTreeByDepthResponse/$defs/__schema0',
      '#/components/schemas/GetTreeByDepthResponse/$defs/__schema0',
    ]);
  });

  it('documents health and metrics under the operations tag', () => {
    expect(op('/health/live', 'get').tags).toEqual(['operations']);
    expect(Object.keys(op('/health/ready', 'get').responses)).toEqual(['200', '503']);
    expect(op('/metrics', 'get').responses['200']).toMatchObject({ content: { 'text/plain': { schema: { type: 'string' } } } });
    expect(json.tags.map((t) => t.name)).toEqual(['markets', 'positions', 'categories', 'tree', 'custom', 'operations']);
    expect(json.tags[0]).toEqual({ name: 'markets', description: 'Prediction markets.' });
  });
});

describe('generateOpenApi options and refusals', () => {
  it('fills in a default title and version, and documents the configured list limits', () => {
    const doc = generateOpenApi({
      resources: [categories],
      list: { defaultLimit: 10, maxLimit: 50 },
      servers: [{ url: 'https://api.example.com' }],
    }) as unknown as typeof json & { servers: unknown };
    expect(doc.info).toEqual({ title: 'Rampart API', version: '1.0.0' });
    expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
    const limit = doc.paths['/api/v1/categories']!.get!.parameters!.find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ maximum: 50, default: 10 });
    expect(doc.components.schemas.Pagination).toMatchObject({ properties: { limit: { maximum: 50 } } });
  });

  it('refuses a route declared twice', () => {
    const twice = route({ method: 'GET', path: '/api/v1/markets', access: allow.public, handler: () => null });
    expect(() => generateOpenApi({ resources: [markets], routes: [twice as AnyRoute] })).toThrow(StartupError);
    const probe = route({ method: 'GET', path: '/metrics', access: allow.public, handler: () => null });
    expect(() => generateOpenApi({ routes: [probe as AnyRoute] })).toThrow(/GET \/metrics is declared twice/);
  });

  it('refuses an operation without an access rule', () => {
    const open = resource('notes', { fields: { text: field.string() }, access: { list: allow.public } });
    expect(() => generateOpenApi({ resources: [open as unknown as AnyResource] })).toThrow(
      /RAMPART_ACCESS_RULE_MISSING: notes\.\w+ has no access rule/,
    );
  });

  it('keeps operation ids and schema names unique for clashing declarations', () => {
    const a = route({ method: 'GET', path: '/api/v1/a-b', access: allow.public, response: z.string(), handler: () => '' });
    const b = route({ method: 'GET', path: '/api/v1/a/b', access: allow.public, response: z.string(), handler: () => '' });
    const doc = generateOpenApi({ routes: [a, b] as AnyRoute[] }) as unknown as typeof json;
    expect(doc.paths['/api/v1/a-b']!.get!.operationId).toBe('getAB');
    expect(doc.paths['/api/v1/a/b']!.get!.operationId).toBe('getAB2');
    expect(Object.keys(doc.components.schemas)).toEqual(['Problem', 'Pagination', 'GetABResponse', 'GetAB2Response']);
  });

  it('describes an optional body as not required and a route with nothing declared minimally', () => {
    const optional = route({
      method: 'POST',
      path: '/api/v1/ping',
      access: (ctx) => ctx.user !== null,
      body: z.strictObject({ note: z.string() }).optional(),
      status: 201,
      handler: () => undefined,
    });
    const checked = route({
      method: 'POST',
      path: '/api/v1/checked',
      access: allow.public,
      body: z.strictObject({ code: z.string() }).refine(async () => true),
      handler: () => undefined,
    });
    const doc = generateOpenApi({ routes: [optional, checked] as AnyRoute[] }) as unknown as typeof json;
    expect(doc.paths['/api/v1/checked']!.post!.requestBody?.required).toBe(true);
    const ping = doc.paths['/api/v1/ping']!.post!;
    expect(ping.requestBody?.required).toBe(false);
    expect(ping.responses['201']).toEqual({ description: 'Created.' });
    expect(ping.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([['Idempotency-Key', 'header', false]]);
    // An inline arrow function takes its name from the `access` property it is written in.
    expect(ping['x-rampart-access']).toBe(toRule(optional.access).name);
  });

  it('points query parameters with shared parts at a component', () => {
    const shared = z.string().meta({ id: 'Symbol' });
    const search = route({
      method: 'GET',
      path: '/api/v1/quotes',
      access: allow.public,
      query: z.strictObject({ from: shared, to: shared }),
      handler: () => null,
    });
    const doc = generateOpenApi({ routes: [search as AnyRoute] }) as unknown as typeof json;
    const from = doc.paths['/api/v1/quotes']!.get!.parameters!.find((p) => p.name === 'from');
    expect(from).toMatchObject({ required: true, schema: { $ref: '#/components/schemas/GetQuotesQuery/$defs/Symbol' } });
    expect(doc.components.schemas.GetQuotesQuery).toMatchObject({ $defs: { Symbol: { type: 'string' } } });
  });

  it('gives a resource with only server-side operations no tag', () => {
    const hidden = resource('audits', {
      fields: { note: field.string() },
      access: { list: allow.nobody, read: allow.nobody, create: allow.nobody, update: allow.nobody, delete: allow.nobody },
    });
    const doc = generateOpenApi({ resources: [hidden as unknown as AnyResource, positions] }) as unknown as typeof json;
    expect(doc.tags.map((t) => t.name)).toEqual(['positions', 'operations']);
    expect(doc.paths['/api/v1/audits']).toBeUndefined();
  });
});

describe('security', () => {
  it('declares the bearer scheme, required on guarded operations and optional on public ones', () => {
    const doc = generateOpenApi({
      resources: [
        resource('notes', {
          fields: { title: field.string() },
          access: { list: allow.public, read: allow.authenticated, create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
        }),
      ],
    }) as unknown as { components: { securitySchemes: Record<string, { scheme: string }> }; paths: Record<string, Record<string, { security: unknown[] }>> };
    expect(doc.components.securitySchemes.bearerAuth?.scheme).toBe('bearer');
    expect(doc.paths['/api/v1/notes']?.get?.security).toEqual([{}, { bearerAuth: [] }]);
    expect(doc.paths['/api/v1/notes']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/notes/{id}']?.get?.security).toEqual([{ bearerAuth: [] }]);
  });
});
