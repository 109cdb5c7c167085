import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, computed, createApp, field, hasMany, resource, slugOf, through } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: { title: field.string({ min: 1, max: 100 }), slug: field.string({ max: 120 }).unique().derive(slugOf('title')) },
  lookup: 'slug',
  owner: 'author',
  cache: { ttl: 60 },
  relations: {
    comments: hasMany('comments', { via: 'article', max: 2, sort: '-createdAt' }),
    favoritedBy: through('favorites', { via: 'article', to: 'user' }),
  },
  computed: {
    favoritesCount: computed.count('favoritedBy'),
    favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
    commentsCount: computed.count('comments'),
  },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
const comments = resource('comments', {
  fields: { body: field.string({ min: 1, max: 500 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  parent: 'article',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const call = (method: string, url: string, who?: string, payload?: object) => api.call(method, url, who, payload);
const articleId = async (slug: string) => (await call('GET', `/api/v1/articles/${slug}`)).json().data.id as string;
// The request's own statements: the job runner polls its table meanwhile (more often on a busy machine).
const queries = () => t.logs.entries.filter((e) => e.msg === 'query' && !/jobs|webhook|idempotency/.test(String(e.sql))).length;

beforeAll(async () => {
  // LOG_LEVEL=trace logs each SQL statement: the tests count them.
  t = await startTestApp({ resources: [articles, favorites, comments] }, { LOG_LEVEL: 'trace' });
  api = apiClient(t.app);
  for (const name of ['ann', 'ben', 'cat']) await api.register(name);
  for (let i = 1; i <= 12; i++) expect((await call('POST', '/api/v1/articles', 'ann', { title: `Article ${i}` })).statusCode).toBe(201);
});
afterAll(() => t.close());

describe('computed fields over relations', () => {
  it('counts and answers per caller, fresh after each write even though articles are cached', async () => {
    const id = await articleId('article-1');
    const view = async (who?: string) => (await call('GET', '/api/v1/articles/article-1', who)).json().data;
    expect(await view()).toMatchObject({ favoritesCount: 0, favorited: false, commentsCount: 0 });
    expect((await call('POST', '/api/v1/favorites', 'ben', { article: id })).statusCode).toBe(201);
    expect(await view('ben')).toMatchObject({ favoritesCount: 1, favorited: true });
    expect(await view('cat')).toMatchObject({ favoritesCount: 1, favorited: false });
    expect(await view()).toMatchObject({ favoritesCount: 1, favorited: false });
    await call('POST', '/api/v1/favorites', 'cat', { article: id });
    expect(await view('ben')).toMatchObject({ favoritesCount: 2, favorited: true });
    const mine = (await call('GET', '/api/v1/favorites', 'ben')).json().data[0].id as string;
    await call('DELETE', `/api/v1/favorites/${mine}`, 'ben');
    expect(await view('ben')).toMatchObject({ favoritesCount: 1, favorited: false });
    await call('POST', '/api/v1/articles/article-1/comments', 'cat', { body: 'hi' });
    expect((await view()).commentsCount).toBe(1);
  });

  it('sends computed fields on writes, lets fields= pick them, and refuses them in bodies', async () => {
    const created = await call('POST', '/api/v1/articles', 'ann', { title: 'Fresh' });
    expect(created.json().data).toMatchObject({ favoritesCount: 0, favorited: false });
    const picked = (await call('GET', '/api/v1/articles?fields=favorited&limit=1', 'ben')).json().data[0];
    expect(Object.keys(picked).sort()).toEqual(['favorited', 'id']);
    const refused = await call('PATCH', '/api/v1/articles/fresh', 'ann', { favoritesCount: 99 });
    expect(refused.statusCode).toBe(400);
  });
});

describe('?include= of relations', () => {
  it('embeds has-many rows capped per record, and the far side of a junction', async () => {
    for (const body of ['one', 'two', 'three']) await call('POST', '/api/v1/articles/article-2/comments', 'ben', { body });
    await call('POST', '/api/v1/favorites', 'cat', { article: await articleId('article-2') });
    const data = (await call('GET', '/api/v1/articles/article-2?include=comments,favoritedBy', 'cat')).json().data;
    expect(data.comments.map((c: { body: string }) => c.body)).toEqual(['three', 'two']);
    expect(data.favoritedBy).toEqual([{ id: api.user('cat').id, name: 'cat' }]);
    // The junction's own read rule applies (favorites: owner only): others' rows stay hidden,
    // and a caller who may read no favorites at all may not include them.
    await call('POST', '/api/v1/favorites', 'ben', { article: await articleId('article-2') });
    const forBen = (await call('GET', '/api/v1/articles/article-2?include=favoritedBy', 'ben')).json().data;
    expect(forBen.favoritedBy).toEqual([{ id: api.user('ben').id, name: 'ben' }]);
    expect(forBen.favoritesCount).toBe(2);
    expect((await call('GET', '/api/v1/articles/article-2?include=favoritedBy')).statusCode).toBe(403);
    expect(data.commentsCount).toBe(3);
    const list = (await call('GET', '/api/v1/articles?include=comments&limit=100')).json().data as Array<{ slug: string; comments: unknown[] }>;
    expect(list.find((a) => a.slug === 'article-3')?.comments).toEqual([]);
  });

  it('runs the same number of queries for 2 records as for 12', async () => {
    const count = async (limit: number) => {
      const before = queries();
      const res = await call('GET', `/api/v1/articles?limit=${limit}&include=comments,favoritedBy,author`, 'ben');
      expect(res.json().data).toHaveLength(limit);
      return queries() - before;
    };
    // 1 page + 3 computed fields + 1 author + 1 comments + 2 favoritedBy (junction, then users);
    // a page whose relations come back empty may skip the far-side query.
    expect(await count(12)).toBe(8);
    expect(await count(2)).toBeLessThanOrEqual(8);
    expect(await count(13)).toBe(8);
  });

  it('documents computed fields and relations in OpenAPI', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    const text = JSON.stringify(doc);
    expect(text).toContain('"favoritesCount":{"type":"integer","readOnly":true}');
    const include = doc.paths['/api/v1/articles'].get.parameters.find((p: { name: string }) => p.name === 'include');
    expect(JSON.stringify(include)).toContain('favoritedBy');
  });
});

describe('declaration problems', () => {
  it('lists every bad relation and computed field at startup', async () => {
    const broken = resource('posts', {
      fields: { title: field.string() },
      relations: {
        title: hasMany('comments', { via: 'article' }),
        replies: hasMany('nowhere', { via: 'post' }),
        liked: through('likes', { via: 'post', to: 'user' }),
      },
      computed: { likes: computed.count('missing'), title: computed.count('liked') },
      access: { list: allow.public },
    });
    const likes = resource('likes', { fields: { post: field.reference('posts') }, owner: 'user', access: { list: allow.public } });
    const error = await createApp({ resources: [broken, likes], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('posts.relations.title: the name is taken by a field');
    expect(String(error)).toContain('posts.relations.replies: "nowhere" is not a declared resource');
    expect(String(error)).toContain("posts.relations.liked: likes needs unique: [['post', 'user']] to be a junction");
    expect(String(error)).toContain('posts.computed.likes: "missing" is not a declared relation of posts');
    expect(String(error)).toContain('posts.computed.title: the name is taken by a field or relation');
  });
});
