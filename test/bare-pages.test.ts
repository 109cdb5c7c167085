import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, envelope, field, resource } from 'rampart';
import { needRedis, redisUrl, uniquePrefix } from './support/redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A bare list has no room for its page: it travels in Link and X-Total-Count headers.
const open = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };
const notes = resource('notes', {
  fields: { text: field.string({ max: 50 }).filterable() },
  envelope: envelope.bare(),
  cache: { ttl: 60 },
  access: open,
});

const stores = [
  { store: 'memory', env: (): Record<string, string> => ({}) },
  { store: 'redis', env: (): Record<string, string> => ({ REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('bare') }) },
];

describe.each(stores)('bare list pages in headers ($store cache)', ({ store, env }) => {
  let t: TestApp | undefined;
  const get = (url: string, headers: Record<string, string> = {}) => t!.app.fastify.inject({ method: 'GET', url, headers });
  beforeAll(async () => {
    if (store === 'redis' && !(await needRedis('bare list pages in the Redis cache'))) return;
    t = await startTestApp({ resources: [notes] }, env());
    for (const text of ['a', 'b', 'c', 'd', 'e']) await t.app.fastify.inject({ method: 'POST', url: '/api/v1/notes', payload: { text } });
  });
  afterAll(() => t?.close());

  it('links the next page and counts the matches, the same from the cache', async () => {
    if (!t) return;
    const first = await get('/api/v1/notes?limit=2&total=true&sort=createdAt&offset=0');
    expect(first.json().map((n: { text: string }) => n.text)).toEqual(['a', 'b']);
    expect(first.headers['x-total-count']).toBe('5');
    const link = /^<([^>]+)>; rel="next"$/.exec(String(first.headers.link));
    expect(link).not.toBeNull();
    expect(link![1]).not.toContain('offset=');
    const cached = await get('/api/v1/notes?limit=2&total=true&sort=createdAt&offset=0');
    expect([cached.body, cached.headers.link, cached.headers['x-total-count'], cached.headers.etag]).toEqual([first.body, first.headers.link, '5', first.headers.etag]);
    const second = await get(link![1]!);
    expect(second.json().map((n: { text: string }) => n.text)).toEqual(['c', 'd']);
    const last = await get(/^<([^>]+)>/.exec(String(second.headers.link))![1]!);
    expect(last.json().map((n: { text: string }) => n.text)).toEqual(['e']);
    expect(last.headers.link).toBeUndefined();
  });

  it('gives a new ETag when only the count changed', async () => {
    if (!t) return;
    const before = await get('/api/v1/notes?limit=1&total=true&text=a&sort=createdAt');
    await t.app.fastify.inject({ method: 'POST', url: '/api/v1/notes', payload: { text: 'a' } });
    const after = await get('/api/v1/notes?limit=1&total=true&text=a&sort=createdAt', { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).toBe(before.body);
    expect([before.headers['x-total-count'], after.headers['x-total-count']]).toEqual(['1', '2']);
  });

  it('documents the headers and exposes them to browsers', async () => {
    if (!t) return;
    const doc = (await get('/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/notes'].get.responses['200'].headers)).toEqual(expect.arrayContaining(['ETag', 'Link', 'X-Total-Count']));
  });
});
