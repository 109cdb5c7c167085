import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import conduit from '../examples/conduit/app.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * The RealWorld ("Conduit") example, tested from the spec (gothinkster/realworld,
 * api/openapi.yml): every endpoint, its errors and access rules, pagination and the feed.
 */

let t: TestApp;
type Who = { token: string; username: string } | undefined;
const call = (who: Who, method: string, url: string, payload?: object) =>
  t.app.fastify.inject({ method: method as 'GET', url: `/api${url}`, headers: who ? { authorization: `Token ${who.token}` } : {}, ...(payload ? { payload } : {}) });
const signUp = async (username: string) => {
  const res = await call(undefined, 'POST', '/users', { user: { username, email: `${username}@conduit.test`, password: `${username} long passphrase` } });
  expect(res.statusCode).toBe(201);
  return { token: res.json().user.token as string, username };
};
let jake: NonNullable<Who>;
let ann: NonNullable<Who>;
let bob: NonNullable<Who>;

beforeAll(async () => {
  t = await startTestApp({ ...conduit, migrations: { dir: false } });
  jake = await signUp('jake');
  ann = await signUp('ann');
  bob = await signUp('bob');
});
afterAll(() => t.close());

describe('users and authentication', () => {
  it('registers, logs in, reads and updates the current user', async () => {
    const login = await call(undefined, 'POST', '/users/login', { user: { email: 'jake@conduit.test', password: 'jake long passphrase' } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toEqual({ email: 'jake@conduit.test', token: expect.any(String), username: 'jake', bio: null, image: null });
    const me = await call(jake, 'GET', '/user');
    expect(me.json().user).toMatchObject({ email: 'jake@conduit.test', username: 'jake', token: jake.token });
    const updated = await call(jake, 'PUT', '/user', { user: { email: 'jake@conduit.test', bio: 'I work at statefarm', image: 'https://i.test/jake.png' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().user).toMatchObject({ bio: 'I work at statefarm', image: 'https://i.test/jake.png', username: 'jake' });
    // The Bearer scheme works too.
    const bearer = await t.app.fastify.inject({ method: 'GET', url: '/api/user', headers: { authorization: `Bearer ${jake.token}` } });
    expect(bearer.statusCode).toBe(200);
  });

  it('answers errors as 422 { errors: { field: [...] } } and 401 without a token', async () => {
    const missing = await call(undefined, 'POST', '/users', { user: { email: 'x@conduit.test', password: 'long enough passphrase' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toEqual({ errors: { username: [expect.any(String)] } });
    const taken = await call(undefined, 'POST', '/users', { user: { username: 'jake', email: 'other@conduit.test', password: 'long enough passphrase' } });
    expect(taken.statusCode).toBe(422);
    expect(Object.keys(taken.json().errors)).toEqual(['username']);
    const weak = await call(undefined, 'POST', '/users', { user: { username: 'weak', email: 'weak@conduit.test', password: 'password' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors.password).toBeDefined();
    const wrong = await call(undefined, 'POST', '/users/login', { user: { email: 'jake@conduit.test', password: 'not the passphrase' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().errors.body).toHaveLength(1);
    expect((await call(undefined, 'GET', '/user')).statusCode).toBe(401);
    // Taking the account over needs the current password, not just a token.
    const takeover = await call(jake, 'PUT', '/user', { user: { password: 'a brand new passphrase' } });
    expect(takeover.statusCode).toBe(422);
    expect(takeover.json().errors.password).toBeDefined();
  });
});

describe('profiles and follows', () => {
  it('shows a profile with following per caller, and follows and unfollows', async () => {
    expect((await call(undefined, 'GET', '/profiles/jake')).json()).toEqual({
      profile: expect.objectContaining({ username: 'jake', bio: 'I work at statefarm', image: 'https://i.test/jake.png', following: false }),
    });
    const followed = await call(ann, 'POST', '/profiles/jake/follow');
    expect(followed.statusCode).toBe(200);
    expect(followed.json().profile).toMatchObject({ username: 'jake', following: true });
    expect((await call(ann, 'POST', '/profiles/jake/follow')).json().profile.following).toBe(true);
    expect((await call(ann, 'GET', '/profiles/jake')).json().profile.following).toBe(true);
    expect((await call(bob, 'GET', '/profiles/jake')).json().profile.following).toBe(false);
    expect((await call(undefined, 'POST', '/profiles/jake/follow')).statusCode).toBe(401);
    expect((await call(ann, 'GET', '/profiles/nobody')).statusCode).toBe(404);
    const profile = (await call(undefined, 'GET', '/profiles/jake')).body;
    expect(profile).not.toMatch(/conduit\.test|role|password/);
  });
});

describe('articles, favorites, comments and tags', () => {
  let slug: string;
  it('creates, reads, updates and deletes an article with the spec statuses and rules', async () => {
    const created = await call(jake, 'POST', '/articles', {
      article: { title: 'How to train your dragon', description: 'Ever wonder how?', body: 'You have to believe', tagList: ['training', 'dragons'] },
    });
    expect(created.statusCode).toBe(201);
    const article = created.json().article;
    expect(article).toMatchObject({
      slug: 'how-to-train-your-dragon',
      title: 'How to train your dragon',
      tagList: ['dragons', 'training'],
      favorited: false,
      favoritesCount: 0,
      author: expect.objectContaining({ username: 'jake', bio: 'I work at statefarm', following: false }),
    });
    expect(article.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    slug = article.slug;
    expect((await call(ann, 'GET', `/articles/${slug}`)).json().article.author.following).toBe(true);
    const updated = await call(jake, 'PUT', `/articles/${slug}`, { article: { body: 'With two hands' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().article).toMatchObject({ body: 'With two hands', title: 'How to train your dragon', tagList: ['dragons', 'training'] });
    // Not the author: Rampart's rule, 404 (as if the record were not there for this write).
    expect((await call(ann, 'PUT', `/articles/${slug}`, { article: { body: 'Mine now' } })).statusCode).toBe(404);
    expect((await call(undefined, 'POST', '/articles', { article: { title: 'x', description: 'x', body: 'x' } })).statusCode).toBe(401);
    const blank = await call(jake, 'POST', '/articles', { article: { title: '', description: 'x' } });
    expect(blank.statusCode).toBe(422);
    expect(Object.keys(blank.json().errors).sort()).toEqual(['body', 'title']);
    expect((await call(jake, 'GET', '/articles/no-such-article')).statusCode).toBe(404);
  });

  it('favorites and unfavorites, with favorited per caller and the count for everyone', async () => {
    const favorited = await call(ann, 'POST', `/articles/${slug}/favorite`);
    expect(favorited.statusCode).toBe(200);
    expect(favorited.json().article).toMatchObject({ favorited: true, favoritesCount: 1 });
    expect((await call(bob, 'GET', `/articles/${slug}`)).json().article).toMatchObject({ favorited: false, favoritesCount: 1 });
    expect((await call(undefined, 'GET', '/articles?favorited=ann')).json().articles.map((a: { slug: string }) => a.slug)).toEqual([slug]);
    const unfavorited = await call(ann, 'DELETE', `/articles/${slug}/favorite`);
    expect(unfavorited.json().article).toMatchObject({ favorited: false, favoritesCount: 0 });
    expect((await call(undefined, 'GET', '/articles?favorited=ann')).json()).toEqual({ articles: [], articlesCount: 0 });
  });

  it('adds, lists and deletes comments: only their author deletes them', async () => {
    const added = await call(ann, 'POST', `/articles/${slug}/comments`, { comment: { body: 'Thank you so much!' } });
    expect(added.statusCode).toBe(200);
    const comment = added.json().comment;
    expect(comment).toMatchObject({ body: 'Thank you so much!', author: expect.objectContaining({ username: 'ann', following: false }) });
    const listed = await call(jake, 'GET', `/articles/${slug}/comments`);
    expect(listed.json()).toEqual({ comments: [expect.objectContaining({ id: comment.id, body: 'Thank you so much!' })] });
    expect((await call(jake, 'DELETE', `/articles/${slug}/comments/${comment.id}`)).statusCode).toBe(404);
    const removed = await call(ann, 'DELETE', `/articles/${slug}/comments/${comment.id}`);
    expect([removed.statusCode, removed.body]).toEqual([200, '']);
    expect((await call(undefined, 'GET', `/articles/${slug}/comments`)).json()).toEqual({ comments: [] });
    expect((await call(undefined, 'GET', '/articles/missing/comments')).statusCode).toBe(404);
  });

  it('lists tags, filters by tag and author, and deletes an article (200)', async () => {
    expect((await call(undefined, 'GET', '/tags')).json()).toEqual({ tags: ['dragons', 'training'] });
    // Relation filters narrow aggregates as they narrow lists.
    expect((await call(undefined, 'GET', '/tags?author=jake')).json()).toEqual({ tags: ['dragons', 'training'] });
    expect((await call(undefined, 'GET', '/tags?author=ann')).json()).toEqual({ tags: [] });
    expect((await call(undefined, 'GET', '/articles?tag=dragons')).json().articlesCount).toBe(1);
    expect((await call(undefined, 'GET', '/articles?author=jake')).json().articlesCount).toBe(1);
    expect((await call(undefined, 'GET', '/articles?author=johnjacob')).json()).toEqual({ articles: [], articlesCount: 0 });
    expect((await call(ann, 'DELETE', `/articles/${slug}`)).statusCode).toBe(404);
    const removed = await call(jake, 'DELETE', `/articles/${slug}`);
    expect([removed.statusCode, removed.body]).toEqual([200, '']);
    expect((await call(undefined, 'GET', `/articles/${slug}`)).statusCode).toBe(404);
  });
});

describe('pagination and the feed', () => {
  it('pages with limit and offset, newest first, with the total count', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await call(bob, 'POST', '/articles', { article: { title: `Bob ${i}`, description: 'd', body: 'b' } });
      expect(res.statusCode).toBe(201);
    }
    const page = (await call(undefined, 'GET', '/articles?author=bob&limit=2&offset=1')).json();
    expect(page.articlesCount).toBe(5);
    expect(page.articles.map((a: { title: string }) => a.title)).toEqual(['Bob 4', 'Bob 3']);
    expect((await call(undefined, 'GET', '/articles?author=bob&limit=2&offset=4')).json().articles.map((a: { title: string }) => a.title)).toEqual(['Bob 1']);
  });

  it("serves the feed of followed authors' articles, newest first, to signed-in callers only", async () => {
    await call(jake, 'POST', '/articles', { article: { title: 'Jake again', description: 'd', body: 'b' } });
    const feed = await call(ann, 'GET', '/articles/feed?limit=10');
    expect(feed.statusCode).toBe(200);
    expect(feed.json().articles.map((a: { title: string }) => a.title)).toEqual(['Jake again']);
    expect(feed.json().articlesCount).toBe(1);
    await call(ann, 'POST', '/profiles/bob/follow');
    const both = (await call(ann, 'GET', '/articles/feed?limit=3')).json();
    expect(both.articlesCount).toBe(6);
    expect(both.articles.map((a: { title: string }) => a.title)).toEqual(['Jake again', 'Bob 5', 'Bob 4']);
    expect((await call(bob, 'GET', '/articles/feed')).json()).toEqual({ articles: [], articlesCount: 0 });
    expect((await call(undefined, 'GET', '/articles/feed')).statusCode).toBe(401);
  });
});

/*
 * The spec's operations, as its openapi.yml states them: method, path under /api, success
 * status, whether a token is required (true), optional (undefined) or not used (false),
 * the request body's wrapper and the response's top-level keys.
 */
const specOperations: [string, string, string, boolean | undefined, string | null, string[]][] = [
  ['post', '/users/login', '200', false, 'user', ['user']],
  ['post', '/users', '201', false, 'user', ['user']],
  ['get', '/user', '200', true, null, ['user']],
  ['put', '/user', '200', true, 'user', ['user']],
  ['get', '/profiles/{username}', '200', undefined, null, ['profile']],
  ['post', '/profiles/{username}/follow', '200', true, null, ['profile']],
  ['delete', '/profiles/{username}/follow', '200', true, null, ['profile']],
  ['get', '/articles/feed', '200', true, null, ['articles', 'articlesCount']],
  ['get', '/articles', '200', undefined, null, ['articles', 'articlesCount']],
  ['post', '/articles', '201', true, 'article', ['article']],
  ['get', '/articles/{slug}', '200', undefined, null, ['article']],
  ['put', '/articles/{slug}', '200', true, 'article', ['article']],
  ['delete', '/articles/{slug}', '200', true, null, []],
  ['get', '/articles/{slug}/comments', '200', undefined, null, ['comments']],
  ['post', '/articles/{slug}/comments', '200', true, 'comment', ['comment']],
  ['delete', '/articles/{slug}/comments/{id}', '200', true, null, []],
  ['post', '/articles/{slug}/favorite', '200', true, null, ['article']],
  ['delete', '/articles/{slug}/favorite', '200', true, null, ['article']],
  ['get', '/tags', '200', false, null, ['tags']],
];

describe("the example's OpenAPI document against the spec's", () => {
  it('has every operation with its status, security, body wrapper, response keys and 422 error model', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    const resolve = (schema: { $ref?: string }) => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1) as string] : schema);
    expect(doc.components.securitySchemes.tokenAuth).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }));
    for (const [method, path, status, token, wrapper, keys] of specOperations) {
      const where = `${method.toUpperCase()} ${path}`;
      const op = doc.paths[`/api${path}`]?.[method];
      expect(op, where).toBeDefined();
      expect(Object.keys(op.responses), where).toContain(status);
      const success = op.responses[status];
      if (keys.length === 0) expect(success.content, where).toBeUndefined();
      else expect(resolve(success.content['application/json'].schema).required, where).toEqual(keys);
      const schemes: object[] = op.security ?? [];
      const anonymous = schemes.some((s) => Object.keys(s).length === 0);
      if (token === true) expect([anonymous, schemes.some((s) => 'tokenAuth' in s)], where).toEqual([false, true]);
      if (token !== true) expect(anonymous, where).toBe(true);
      if (wrapper) expect(resolve(op.requestBody.content['application/json'].schema).required, where).toEqual([wrapper]);
      const unprocessable = op.responses['422'];
      const response = unprocessable.$ref ? doc.components.responses[unprocessable.$ref.split('/').at(-1)] : unprocessable;
      const error = resolve(response.content['application/json'].schema);
      expect(error.required, where).toEqual(['errors']);
    }
  });

  it('declares at least two thirds of the operations through resources, views, aggregates and bound routes', () => {
    const custom = (conduit.routes ?? []).filter((r) => !r.bound).map((r) => `${r.method} ${r.path}`);
    expect(custom.sort()).toEqual(['GET /api/user', 'POST /api/users', 'POST /api/users/login', 'PUT /api/user']);
    expect((specOperations.length - custom.length) / specOperations.length).toBeGreaterThanOrEqual(2 / 3);
  });
});
