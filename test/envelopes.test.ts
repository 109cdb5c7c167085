import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, allow, createApp, envelope, field, resource, route, view } from 'rampart';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { apiClient } from './support/api-client.js';
import { expectStartupError } from './support/startup-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const open = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };
const articles = resource('articles', {
  fields: { slug: field.string({ max: 50 }).unique().sortable(), title: field.string({ max: 100 }), topic: field.string({ max: 20 }).filterable() },
  lookup: 'slug',
  owner: 'author',
  cache: { ttl: 60 },
  views: { recent: view({ access: allow.public, sort: '-createdAt', where: () => (eb) => eb('articles.topic', '!=', '') }) },
  aggregates: { topics: aggregate.distinct('topic', { route: '/topics', access: allow.public }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
// RealWorld's comments: `{ comment }` and `{ comments }`, no count, 200 on create and delete.
const comments = resource('comments', {
  fields: { body: field.string({ min: 1, max: 500 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  parent: 'article',
  envelope: envelope.named({ count: false }),
  statuses: { create: 200, delete: 200 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const notes = resource('notes', { fields: { text: field.string({ max: 50 }), color: field.string({ max: 10 }).default('grey') }, envelope: envelope.bare(), put: 'merge', access: open });
const logs = resource('log-entries', { fields: { line: field.string({ max: 50 }) }, envelope: envelope.data(), access: open });
const touch = route.for(articles, { method: 'POST', path: '/touch', load: 'read', access: allow.authenticated, handler: ({ reload }) => reload() });

describe('named envelopes app-wide, with per-resource variants', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    t = await startTestApp({ resources: [articles, comments, notes, logs], routes: [touch], api: { basePath: '/api', envelope: envelope.named() } });
    api = apiClient(t.app, { authPrefix: '/api/auth' });
    await api.register('ann');
  });
  afterAll(() => t.close());

  it('takes and answers one record under its singular', async () => {
    const created = await api.call('POST', '/api/articles', 'ann', { article: { slug: 'dragons', title: 'Dragons', topic: 'myth' } });
    expect(created.statusCode).toBe(201);
    expect(Object.keys(created.json())).toEqual(['article']);
    expect(created.json().article).toMatchObject({ slug: 'dragons', title: 'Dragons', author: expect.any(String) });
    expect((await api.call('GET', '/api/articles/dragons')).json().article.title).toBe('Dragons');
    const patched = await api.call('PATCH', '/api/articles/dragons', 'ann', { article: { title: 'Dragons II' } });
    expect(patched.json()).toEqual({ article: expect.objectContaining({ title: 'Dragons II' }) });
    const put = await api.call('PUT', '/api/articles/dragons', 'ann', { article: { slug: 'dragons', title: 'Dragons III', topic: 'myth' } });
    expect(put.json().article.title).toBe('Dragons III');
    expect((await api.call('GET', '/api/articles/dragons?include=author')).json().article.author).toEqual({ id: api.user('ann').id, name: 'ann' });
    expect((await api.call('POST', '/api/articles/dragons/touch', 'ann')).json()).toEqual({ article: expect.objectContaining({ slug: 'dragons' }) });
  });

  it('refuses a body that is not wrapped, or carries more than the wrapper', async () => {
    const bare = await api.call('POST', '/api/articles', 'ann', { slug: 'x', title: 'X', topic: 'y' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors.map((e: { path: string }) => e.path)).toContain('body.article');
    const extra = await api.call('POST', '/api/articles', 'ann', { article: { slug: 'x', title: 'X', topic: 'y' }, data: {} });
    expect(extra.statusCode).toBe(400);
    const inner = await api.call('POST', '/api/articles', 'ann', { article: { slug: 'x', title: 'X' } });
    expect(inner.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.article.topic']);
  });

  it('answers lists with the count of every match, across pages and through the cache', async () => {
    await api.call('POST', '/api/articles', 'ann', { article: { slug: 'elves', title: 'Elves', topic: 'myth' } });
    await api.call('POST', '/api/articles', 'ann', { article: { slug: 'cars', title: 'Cars', topic: 'tech' } });
    const page = await api.call('GET', '/api/articles?topic=myth&limit=1&offset=1&sort=slug');
    expect(page.json()).toEqual({ articles: [expect.objectContaining({ slug: 'elves' })], articlesCount: 2 });
    const again = await api.call('GET', '/api/articles?topic=myth&limit=1&offset=1&sort=slug');
    expect(again.body).toBe(page.body);
    await api.call('POST', '/api/articles', 'ann', { article: { slug: 'gnomes', title: 'Gnomes', topic: 'myth' } });
    expect((await api.call('GET', '/api/articles?topic=myth&limit=1&offset=1&sort=slug')).json().articlesCount).toBe(3);
    const recent = (await api.call('GET', '/api/articles/recent?limit=2')).json();
    expect(Object.keys(recent).sort()).toEqual(['articles', 'articlesCount']);
    expect(recent.articlesCount).toBe(4);
    expect((await api.call('GET', '/api/topics')).json()).toEqual({ topics: ['myth', 'tech'] });
  });

  it('lets a resource drop the count, or keep another envelope', async () => {
    const comment = await api.call('POST', '/api/articles/dragons/comments', 'ann', { comment: { body: 'Nice' } });
    expect(comment.statusCode).toBe(200);
    expect(comment.headers.location).toBe(`/api/articles/dragons/comments/${comment.json().comment.id}`);
    expect(comment.json()).toEqual({ comment: expect.objectContaining({ body: 'Nice' }) });
    expect((await api.call('GET', '/api/articles/dragons/comments')).json()).toEqual({ comments: [expect.objectContaining({ body: 'Nice' })] });
    const other = await api.call('POST', '/api/articles/dragons/comments', 'ann', { comment: { body: 'Gone soon' } });
    const removed = await api.call('DELETE', `/api/articles/dragons/comments/${other.json().comment.id}`, 'ann');
    expect([removed.statusCode, removed.body]).toEqual([200, '']);
    // Articles keep the conventions.
    const temp = await api.call('POST', '/api/articles', 'ann', { article: { slug: 'temp', title: 'Temp', topic: 'tmp' } });
    expect(temp.statusCode).toBe(201);
    expect((await api.call('DELETE', '/api/articles/temp', 'ann')).statusCode).toBe(204);

    const note = await api.call('POST', '/api/notes', undefined, { text: 'hi' });
    expect(note.json()).toEqual(expect.objectContaining({ text: 'hi', id: expect.any(String) }));
    expect((await api.call('GET', `/api/notes/${note.json().id}`)).json().text).toBe('hi');
    expect((await api.call('GET', '/api/notes')).json()).toEqual([expect.objectContaining({ text: 'hi' })]);
    // put: 'merge': a PUT changes only what it sends (RealWorld's article update).
    const colored = await api.call('PATCH', `/api/notes/${note.json().id}`, undefined, { color: 'red' });
    expect(colored.json().color).toBe('red');
    const put = await api.call('PUT', `/api/notes/${note.json().id}`, undefined, { text: 'hello' });
    expect(put.json()).toMatchObject({ text: 'hello', color: 'red' });
    expect((await api.call('PUT', `/api/notes/${note.json().id}`, undefined, { text: 'x', extra: 1 })).statusCode).toBe(400);

    await api.call('POST', '/api/log-entries', undefined, { line: 'x' });
    const list = (await api.call('GET', '/api/log-entries')).json();
    expect(list).toEqual({ data: [expect.objectContaining({ line: 'x' })], pagination: { limit: 20, nextCursor: null } });
  });

  it('documents the shapes it answers in, and real answers validate against them', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect((await new Validator().validate(structuredClone(doc))).valid).toBe(true);
    const list = doc.paths['/api/articles'].get.responses['200'].content['application/json'].schema;
    expect(list.required).toEqual(['articles', 'articlesCount']);
    const createBody = doc.paths['/api/articles'].post.requestBody.content['application/json'].schema;
    expect(createBody).toMatchObject({ required: ['article'], properties: { article: { $ref: '#/components/schemas/ArticleCreate' } } });
    expect(doc.paths['/api/articles/{slug}/comments'].get.responses['200'].content['application/json'].schema.required).toEqual(['comments']);
    expect(doc.paths['/api/notes'].get.responses['200'].content['application/json'].schema.type).toBe('array');
    const putBody = doc.paths['/api/notes/{id}'].put.requestBody.content['application/json'].schema;
    expect(putBody).toEqual(doc.paths['/api/notes/{id}'].patch.requestBody.content['application/json'].schema);
    expect(doc.paths['/api/topics'].get.responses['200'].content['application/json'].schema.required).toEqual(['topics']);
    expect(Object.keys(doc.paths['/api/articles/{slug}/comments'].post.responses)).toContain('200');
    expect(Object.keys(doc.paths['/api/articles/{slug}/comments'].post.responses)).not.toContain('201');
    expect(Object.keys(doc.paths['/api/articles/{slug}/comments/{id}'].delete.responses)).toContain('200');
    expect(Object.keys(doc.paths['/api/articles/{slug}'].delete.responses)).toContain('204');

    // Each answer against its documented schema, components resolved.
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const schemaOf = (path: string, method: string, status: string) =>
      JSON.parse(JSON.stringify(doc.paths[path][method].responses[status].content['application/json'].schema).replaceAll('"#/components', '"doc#/components'));
    const answers: [string, string, string, string][] = [
      ['/api/articles', 'get', '200', '/api/articles?limit=2'],
      ['/api/articles/{slug}', 'get', '200', '/api/articles/dragons'],
      ['/api/articles/{slug}/comments', 'get', '200', '/api/articles/dragons/comments'],
      ['/api/notes', 'get', '200', '/api/notes'],
      ['/api/topics', 'get', '200', '/api/topics'],
      ['/api/articles/recent', 'get', '200', '/api/articles/recent'],
    ];
    for (const [path, method, status, url] of answers) {
      const validate = ajv.compile(schemaOf(path, method, status));
      const body = (await api.call('GET', url)).json();
      expect(validate(body), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('envelope declarations that cannot work', () => {
  it('stop the app or the declaration, naming the key', async () => {
    const database = await createTestDatabaseUrl();
    try {
      const error = await expectStartupError(
        createApp({ migrations: { dir: false }, api: { envelope: envelope.named({ one: 'an article', many: 'items', count: 'items' }) }, env: { NODE_ENV: 'test', DATABASE_URL: database.url } }),
      );
      expect(error.message).toContain('api.envelope.one');
      expect(error.message).toContain('must differ');
    } finally {
      await database.drop();
    }
    expect(() => resource('tags', { fields: { name: field.string() }, envelope: { kind: 'wrapped' } as never, access: open })).toThrow(/tags: envelope must be/);
    expect(() => resource('tags', { fields: { name: field.string() }, statuses: { create: 204 } as never, access: open })).toThrow(/statuses.create must be 200 or 201/);
    expect(() => resource('tags', { fields: { name: field.string() }, statuses: { update: 201 } as never, access: open })).toThrow(/statuses.update cannot be set/);
  });
});
