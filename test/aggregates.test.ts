import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, allow, createApp, field, resource } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const posts = resource('posts', {
  fields: {
    category: field.string({ max: 30 }).filterable().optional(),
    status: field.enum(['draft', 'live']).default('live').filterable(),
  },
  owner: 'author',
  cache: { ttl: 60 },
  aggregates: {
    categories: aggregate.distinct('category', { route: '/categories', access: allow.public, max: 3 }),
    byCategory: aggregate.countBy('category', { route: '/post-counts', access: allow.authenticated }),
    statuses: aggregate.countBy('status'),
  },
  // Everyone lists live posts; drafts are their author's.
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  t = await startTestApp({ resources: [posts] });
  api = apiClient(t.app);
  for (const name of ['ann', 'ben']) await api.register(name);
  for (const [who, category] of [['ann', 'go'], ['ann', 'rust'], ['ann', 'rust'], ['ann', 'zig'], ['ann', 'c'], ['ben', 'ada']]) {
    await api.call('POST', '/api/v1/posts', who, { category });
  }
  await api.call('POST', '/api/v1/posts', 'ann', {});
});
afterAll(() => t.close());

describe('aggregates', () => {
  it("lists distinct values of the rows the caller may list, capped, nulls left out", async () => {
    const ann = (await api.call('GET', '/api/v1/categories', 'ann')).json();
    expect(ann).toEqual({ data: ['c', 'go', 'rust'], truncated: true });
    expect((await api.call('GET', '/api/v1/categories', 'ben')).json()).toEqual({ data: ['ada'], truncated: false });
    // Anonymous callers may call the route but list no rows (posts: owner only).
    expect((await api.call('GET', '/api/v1/categories')).json()).toEqual({ data: [], truncated: false });
  });

  it('counts per value, most first, with filters, and answers fresh after writes', async () => {
    const counts = await api.call('GET', '/api/v1/post-counts', 'ann');
    expect(counts.json().data).toEqual([
      { value: 'rust', count: 2 },
      { value: 'c', count: 1 },
      { value: 'go', count: 1 },
      { value: 'zig', count: 1 },
    ]);
    await api.call('POST', '/api/v1/posts', 'ann', { category: 'go' });
    await api.call('POST', '/api/v1/posts', 'ann', { category: 'go' });
    expect((await api.call('GET', '/api/v1/post-counts', 'ann')).json().data[0]).toEqual({ value: 'go', count: 3 });
    expect((await api.call('GET', '/api/v1/post-counts?category[in]=c,zig', 'ann')).json().data).toHaveLength(2);
    expect((await api.call('GET', '/api/v1/post-counts')).statusCode).toBe(401);
    const bad = await api.call('GET', '/api/v1/post-counts?limit=5&sort=category', 'ann');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.limit', 'query.sort']);
  });

  it('serves server code without a route', async () => {
    const result = await t.app.records(posts).aggregate('statuses');
    expect(result).toEqual({ values: [{ value: 'live', count: 9 }], truncated: false });
    expect((await t.app.records(posts).aggregate('categories', { category: 'rust' })).values).toEqual(['rust']);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await api.call('GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/categories'].get.responses['200'].content['application/json'].schema.properties.data.maxItems).toBe(3);
    expect(doc.paths['/api/v1/post-counts'].get.security.length).toBeGreaterThan(0);
  });

  it('refuses bad declarations at startup', async () => {
    const bad = resource('items', {
      fields: { data: field.json() },
      aggregates: { a: aggregate.distinct('nope'), b: aggregate.distinct('data'), c: aggregate.distinct('id', { route: 'x' }) },
      access: { list: allow.public },
    });
    const error = await createApp({ resources: [bad], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('items.aggregates.a: "nope" is not a field of items');
    expect(String(error)).toContain('items.aggregates.b: json fields cannot be aggregated');
    expect(String(error)).toContain('items.aggregates.c: route must look like "/tags"');
    expect(String(error)).toContain('items.aggregates.c: a route needs an access rule');
    expect(() => aggregate.countBy('x', { max: 0 })).toThrow('max must be a whole number from 1 to 1000');
  });
});
