import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, resource, route } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: { slug: field.string({ max: 50 }).unique(), title: field.string({ max: 100 }) },
  lookup: 'slug',
  owner: 'author',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const comments = resource('comments', {
  fields: { body: field.string({ min: 1, max: 500 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  parent: 'article',
  cache: { ttl: 60 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
// Private parents: only their owner may read them, so only they reach the tasks.
const projects = resource('projects', {
  fields: { name: field.string({ max: 100 }) },
  owner: 'lead',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const tasks = resource('tasks', {
  fields: { title: field.string({ max: 100 }), project: field.reference('projects', { onDelete: 'cascade' }) },
  parent: 'project',
  access: { list: allow.authenticated, read: allow.authenticated, create: allow.authenticated, update: allow.authenticated, delete: allow.authenticated },
});

// A route bound to a nested resource: under its parent's record, the comment loaded under both.
const shout = route.for(comments, {
  method: 'POST',
  path: '/shout',
  load: 'update',
  access: allow.authenticated,
  handler: async ({ record, records, reload }) => {
    await records(comments).update(record!.id as string, { body: `${String(record!.body).toUpperCase()}!` });
    return reload();
  },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
// Users by name: the client sends their tokens.
const ann = 'ann';
const ben = 'ben';
const call = (method: string, url: string, who?: string, payload?: object) => api.call(method, url, who, payload);

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, comments, projects, tasks], routes: [shout] });
  api = apiClient(t.app);
  await api.register(ann);
  await api.register(ben);
  for (const slug of ['dragons', 'knights']) expect((await call('POST', '/api/v1/articles', ann, { slug, title: slug })).statusCode).toBe(201);
});
afterAll(() => t.close());

describe('nested routes', () => {
  it('creates a child under the parent in the path, never from the body', async () => {
    const created = await call('POST', '/api/v1/articles/dragons/comments', ben, { body: 'Great read' });
    expect(created.statusCode).toBe(201);
    const article = (await call('GET', '/api/v1/articles/dragons')).json().data.id;
    expect(created.json().data).toMatchObject({ body: 'Great read', article });
    expect(created.headers.location).toBe(`/api/v1/articles/dragons/comments/${created.json().data.id as string}`);
    const knights = (await call('GET', '/api/v1/articles/knights')).json().data.id;
    const smuggled = await call('POST', '/api/v1/articles/dragons/comments', ben, { body: 'x', article: knights });
    expect(smuggled.statusCode).toBe(400);
    expect(smuggled.json().errors[0].path).toBe('body.article');
    const moved = await call('PATCH', created.headers.location as string, ben, { article: knights });
    expect(moved.statusCode).toBe(400);
  });

  it("lists only the parent's children, each parent cached apart", async () => {
    await call('POST', '/api/v1/articles/knights/comments', ann, { body: 'On knights' });
    const dragons = await call('GET', '/api/v1/articles/dragons/comments');
    const knights = await call('GET', '/api/v1/articles/knights/comments');
    expect(dragons.json().data.map((c: { body: string }) => c.body)).toEqual(['Great read']);
    expect(knights.json().data.map((c: { body: string }) => c.body)).toEqual(['On knights']);
    await call('POST', '/api/v1/articles/dragons/comments', ann, { body: 'Second' });
    const again = await call('GET', '/api/v1/articles/dragons/comments?total=true');
    expect(again.json().pagination.total).toBe(2);
  });

  it('answers 404 for a missing parent, and for a child under another parent', async () => {
    const missing = await call('GET', '/api/v1/articles/nope/comments');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('No articles record with slug nope.');
    expect((await call('POST', '/api/v1/articles/nope/comments', ben, { body: 'x' })).statusCode).toBe(404);
    const comment = (await call('GET', '/api/v1/articles/knights/comments')).json().data[0].id as string;
    expect((await call('GET', `/api/v1/articles/knights/comments/${comment}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/articles/dragons/comments/${comment}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/articles/dragons/comments/${comment}`, ann)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/articles/knights/comments/${comment}`, ann)).statusCode).toBe(204);
  });

  it("keeps the child's own rules under the parent", async () => {
    const mine = await call('POST', '/api/v1/articles/dragons/comments', ann, { body: 'Mine' });
    const url = mine.headers.location as string;
    expect((await call('DELETE', url, ben)).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/articles/dragons/comments', undefined, { body: 'anon' })).statusCode).toBe(401);
  });

  it("hides everything under a parent the caller may not read, and names a clashing parameter after its field", async () => {
    const project = (await call('POST', '/api/v1/projects', ann, { name: 'Secret' })).json().data.id as string;
    const created = await call('POST', `/api/v1/projects/${project}/tasks`, ann, { title: 'Plan' });
    expect(created.statusCode).toBe(201);
    const task = created.json().data.id as string;
    expect((await call('GET', `/api/v1/projects/${project}/tasks/${task}`, ann)).statusCode).toBe(200);
    // Ben may use tasks, but not read Ann's project: 404 everywhere under it, nothing written.
    expect((await call('GET', `/api/v1/projects/${project}/tasks`, ben)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/projects/${project}/tasks/${task}`, ben)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/projects/${project}/tasks`, ben, { title: 'Sneak' })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/projects/${project}/tasks/${task}`, ben, { title: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/projects/${project}/tasks/${task}`, ben)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/projects/${project}/tasks`, ann)).json().data).toHaveLength(1);
    const bad = await call('GET', '/api/v1/projects/not-a-uuid/tasks', ann);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('params.projectId');
  });

  it('documents the nested paths in OpenAPI', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/articles/{slug}/comments',
        '/api/v1/articles/{slug}/comments/{id}',
        '/api/v1/projects/{projectId}/tasks/{id}',
      ]),
    );
    expect(doc.paths['/api/v1/comments']).toBeUndefined();
    const del = doc.paths['/api/v1/articles/{slug}/comments/{id}'].delete;
    expect(del.parameters.map((p: { name: string }) => p.name)).toEqual(['slug', 'id']);
    expect(doc.paths['/api/v1/articles/{slug}/comments'].post.parameters[0].name).toBe('slug');
  });

  it('refuses a parent that is not a declared, readable, top-level resource', async () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' };
    const orphan = resource('notes', {
      fields: { on: field.reference('pages') },
      parent: 'on',
      access: { list: allow.public },
    });
    await expect(createApp({ resources: [orphan], env })).rejects.toThrow('notes: parent "on" references "pages", which is not a declared resource');
    const deep = resource('replies', {
      fields: { comment: field.reference('comments') },
      parent: 'comment',
      access: { list: allow.public },
    });
    await expect(createApp({ resources: [articles, comments, deep], env })).rejects.toThrow('replies: its parent comments is nested itself');
    expect(() => resource('x', { fields: { a: field.string() }, parent: 'a', access: {} })).toThrow('x: parent "a" must be a declared reference field');
  });

  it('serves routes bound to a nested resource under the parent record, 404 under another parent', async () => {
    const created = await call('POST', '/api/v1/articles/dragons/comments', ben, { body: 'loud' });
    const id = created.json().data.id as string;
    const shouted = await call('POST', `/api/v1/articles/dragons/comments/${id}/shout`, ben);
    expect(shouted.statusCode).toBe(200);
    expect(shouted.json().data).toMatchObject({ id, body: 'LOUD!' });
    expect((await call('POST', `/api/v1/articles/knights/comments/${id}/shout`, ben)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/articles/dragons/comments/${id}/shout`, ann)).statusCode).toBe(404);
    const doc = (await call('GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/articles/{slug}/comments/{id}/shout'].post).toBeDefined();
  });
});
