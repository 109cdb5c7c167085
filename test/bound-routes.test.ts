import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, AppError, computed, createApp, field, resource, route, through } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
const articles = resource('articles', {
  fields: { slug: field.string({ max: 50 }).unique(), title: field.string({ max: 100 }), draft: field.boolean().default(false) },
  lookup: 'slug',
  owner: 'author',
  cache: { ttl: 60 },
  relations: { favoritedBy: through('favorites', { via: 'article', to: 'user' }) },
  computed: {
    favoritesCount: computed.count('favoritedBy'),
    favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
  },
  access: {
    list: allow.public,
    // Drafts are their author's: others get 404, from the plain routes and the bound ones alike.
    read: (ctx) => !ctx.record || ctx.record.draft === false || ctx.record.author === ctx.user?.id,
    create: allow.authenticated,
    update: allow.owner,
    delete: allow.owner,
  },
});

const favorite = route.for(articles, {
  method: 'POST',
  path: '/favorite',
  load: 'read',
  access: allow.authenticated,
  errors: ['RAMPART_CONFLICT'],
  handler: async ({ record, user, records, reload }) => {
    await records(favorites).create({ article: record!.id }, { owner: user!.id });
    return reload();
  },
});
const unfavorite = route.for(articles, {
  method: 'DELETE',
  path: '/favorite',
  load: 'read',
  access: allow.authenticated,
  handler: async ({ record, user, records, reload }) => {
    // The unique combination is a key: no need to look the favorite's id up.
    await records(favorites).remove({ user: user!.id, article: record!.id as string });
    return reload();
  },
});
const publish = route.for(articles, {
  method: 'POST',
  path: '/publish',
  load: 'update',
  access: allow.authenticated,
  handler: async ({ record, records }) => records(articles).update(record!.id as string, { draft: false }),
});
const refuse = route.for(articles, {
  method: 'POST',
  path: '/archive',
  load: 'read',
  access: allow.authenticated,
  handler: () => {
    throw new AppError('RAMPART_CONFLICT', 'Archiving is closed today.');
  },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  t = await startTestApp({ resources: [favorites, articles], routes: [favorite, unfavorite, publish, refuse] });
  api = apiClient(t.app);
  for (const name of ['ann', 'ben']) await api.register(name);
  await api.call('POST', '/api/v1/articles', 'ann', { slug: 'dragons', title: 'Dragons' });
  await api.call('POST', '/api/v1/articles', 'ann', { slug: 'secret', title: 'Draft', draft: true });
});
afterAll(() => t.close());

describe('routes bound to a resource', () => {
  it('loads the record, runs the handler and answers with it as it is now', async () => {
    const favorited = await api.call('POST', '/api/v1/articles/dragons/favorite', 'ben');
    expect(favorited.statusCode).toBe(200);
    expect(favorited.json().data).toMatchObject({ slug: 'dragons', favorited: true, favoritesCount: 1 });
    // The cached read sees it at once, per caller.
    expect((await api.call('GET', '/api/v1/articles/dragons', 'ben')).json().data.favorited).toBe(true);
    expect((await api.call('GET', '/api/v1/articles/dragons', 'ann')).json().data).toMatchObject({ favorited: false, favoritesCount: 1 });
    const again = await api.call('POST', '/api/v1/articles/dragons/favorite', 'ben');
    expect(again.statusCode).toBe(409);
    const undone = await api.call('DELETE', '/api/v1/articles/dragons/favorite', 'ben');
    expect(undone.json().data).toMatchObject({ favorited: false, favoritesCount: 0 });
    expect((await api.call('GET', '/api/v1/articles/dragons', 'ben')).json().data.favorited).toBe(false);
    expect((await api.call('DELETE', '/api/v1/articles/dragons/favorite', 'ben')).statusCode).toBe(404);
  });

  it("answers 404 when the caller may not load the record, and never runs the handler", async () => {
    expect((await api.call('POST', '/api/v1/articles/secret/favorite', 'ben')).statusCode).toBe(404);
    expect((await api.call('POST', '/api/v1/articles/nope/favorite', 'ben')).statusCode).toBe(404);
    expect((await api.call('POST', '/api/v1/articles/secret/publish', 'ben')).statusCode).toBe(404);
    expect((await api.call('POST', '/api/v1/articles/dragons/favorite')).statusCode).toBe(401);
    expect(await t.app.db.selectFrom('favorites').selectAll().execute()).toHaveLength(0);
  });

  it("loads under the operation's rule it names, and sends what the handler returns", async () => {
    const published = await api.call('POST', '/api/v1/articles/secret/publish', 'ann');
    expect(published.json().data).toMatchObject({ slug: 'secret', draft: false, favorited: false });
    expect((await api.call('POST', '/api/v1/articles/archive-me/archive', 'ann')).statusCode).toBe(404);
    const refused = await api.call('POST', '/api/v1/articles/dragons/archive', 'ann');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('Archiving is closed today.');
  });

  it("documents the route under the resource's paths with its record schema", async () => {
    const doc = (await api.call('GET', '/openapi.json')).json();
    const op = doc.paths['/api/v1/articles/{slug}/favorite'].post;
    expect(op.tags).toEqual(['articles']);
    expect(op.responses['200'].content['application/json'].schema.properties.data.properties).toHaveProperty('favoritesCount');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['404', '409']));
  });

  it('refuses a bound route on a resource the app does not have', async () => {
    const stray = route.for(articles, { method: 'POST', path: '/x', access: allow.public, handler: () => undefined });
    const error = await createApp({ routes: [stray], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('route POST /api/v1/articles/x: its resource articles is not part of the app');
  });
});
