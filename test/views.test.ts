import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, computed, createApp, field, hasMany, resource, view } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const follows = resource('follows', {
  fields: { following: field.reference('users', { onDelete: 'cascade' }) },
  owner: 'follower',
  unique: [['follower', 'following']],
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
const articles = resource('articles', {
  fields: { title: field.string({ max: 100 }).filterable().sortable() },
  owner: 'author',
  cache: { ttl: 60 },
  relations: { notes: hasMany('notes', { via: 'article' }) },
  computed: { notesCount: computed.count('notes') },
  views: {
    feed: view({
      access: allow.authenticated,
      dependsOn: ['follows'],
      sort: 'title',
      where: ({ user }) => (eb) =>
        eb('articles.author', 'in', eb.selectFrom('follows').select('follows.following').where('follows.follower', '=', user?.id ?? '')),
    }),
  },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const notes = resource('notes', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.nobody, delete: allow.nobody },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const call = (method: string, url: string, who?: string, payload?: object) => api.call(method, url, who, payload);
const titles = async (url: string, who?: string) => (await call('GET', url, who)).json().data.map((a: { title: string }) => a.title);

beforeAll(async () => {
  t = await startTestApp({ resources: [follows, articles, notes] });
  api = apiClient(t.app);
  for (const name of ['ann', 'ben', 'cat']) await api.register(name);
  for (const [who, title] of [['ann', 'b-ann'], ['ann', 'a-ann'], ['cat', 'c-cat'], ['ben', 'd-ben']]) {
    await call('POST', '/api/v1/articles', who, { title });
  }
});
afterAll(() => t.close());

describe('named list views', () => {
  it("serves the caller's feed under its own rule and order", async () => {
    expect((await call('GET', '/api/v1/articles/feed')).statusCode).toBe(401);
    expect(await titles('/api/v1/articles/feed', 'ben')).toEqual([]);
    await call('POST', '/api/v1/follows', 'ben', { following: api.user('ann').id });
    // Cached articles, yet the new follow shows at once: the view depends on follows.
    expect(await titles('/api/v1/articles/feed', 'ben')).toEqual(['a-ann', 'b-ann']);
    expect(await titles('/api/v1/articles/feed', 'cat')).toEqual([]);
    await call('POST', '/api/v1/follows', 'ben', { following: api.user('cat').id });
    expect(await titles('/api/v1/articles/feed', 'ben')).toEqual(['a-ann', 'b-ann', 'c-cat']);
  });

  it('keeps everything a list has: filters, sort, pages, total, computed fields', async () => {
    expect(await titles('/api/v1/articles/feed?title[ne]=a-ann', 'ben')).toEqual(['b-ann', 'c-cat']);
    expect(await titles('/api/v1/articles/feed?sort=-title', 'ben')).toEqual(['c-cat', 'b-ann', 'a-ann']);
    const first = (await call('GET', '/api/v1/articles/feed?limit=2&total=true', 'ben')).json();
    expect(first.pagination.total).toBe(3);
    const next = await titles(`/api/v1/articles/feed?limit=2&cursor=${first.pagination.nextCursor as string}`, 'ben');
    expect(next).toEqual(['c-cat']);
    expect((await call('GET', '/api/v1/articles/feed', 'ben')).json().data[0]).toHaveProperty('notesCount', 0);
    expect((await call('GET', '/api/v1/articles/feed?bogus=1', 'ben')).statusCode).toBe(400);
  });

  it('documents the view in OpenAPI with its own rule', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    const feed = doc.paths['/api/v1/articles/feed'].get;
    expect(feed.operationId).toBe('listArticlesFeed');
    expect(feed['x-rampart-access']).toContain('authenticated');
    expect(feed.security.length).toBeGreaterThan(0);
    expect(doc.paths['/api/v1/articles'].get.operationId).toBe('listArticles');
  });

  it('refuses bad views at startup', async () => {
    const bad = resource('posts', {
      fields: { title: field.string() },
      views: { Feed: view({ access: allow.public, where: () => null, dependsOn: ['nope'] }) },
      access: { list: allow.public },
    });
    const error = await createApp({ resources: [bad], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('posts.views.Feed: a view name is lower-case words');
    expect(String(error)).toContain('posts.views.Feed: dependsOn names "nope", which is not a declared resource');
  });
});
