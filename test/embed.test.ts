import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, hasMany, resource, route, view } from 'rampart';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { apiClient } from './support/api-client.js';
import { expectStartupError } from './support/startup-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// RealWorld's articles always carry their author; these carry their latest notes too.
const posts = resource('posts', {
  fields: { title: field.string({ max: 100 }) },
  owner: 'author',
  relations: { notes: hasMany('post-notes', { via: 'post', max: 2, sort: '-createdAt' }) },
  embed: ['author', 'notes'],
  cache: { ttl: 60 },
  views: { mine: view({ access: allow.authenticated, where: ({ user }) => (eb) => eb('posts.author', '=', user!.id) }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const notes = resource('post-notes', {
  fields: { text: field.string({ max: 100 }), post: field.reference('posts', { onDelete: 'cascade' }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
});
const rename = route.for(posts, {
  method: 'POST',
  path: '/shout',
  load: 'update',
  access: allow.authenticated,
  handler: async ({ record, records, reload }) => {
    await records(posts).update(record!.id as string, { title: `${String(record!.title)}!` });
    return reload();
  },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
let ann: { id: string };
beforeAll(async () => {
  t = await startTestApp({ resources: [posts, notes], routes: [rename] });
  api = apiClient(t.app);
  ann = await api.register('ann', 'Ann');
});
afterAll(() => t.close());

describe('embed: references and relations in every answer', () => {
  it('embeds them in the answers of writes', async () => {
    const created = await api.call('POST', '/api/v1/posts', 'ann', { title: 'Hello' });
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ title: 'Hello', author: { id: ann.id, name: 'Ann' }, notes: [] });
    const id = created.json().data.id as string;
    await api.call('POST', '/api/v1/post-notes', undefined, { text: 'first', post: id });
    await api.call('POST', '/api/v1/post-notes', undefined, { text: 'second', post: id });
    await api.call('POST', '/api/v1/post-notes', undefined, { text: 'third', post: id });
    const patched = await api.call('PATCH', `/api/v1/posts/${id}`, 'ann', { title: 'Hi' });
    expect(patched.json().data.author).toEqual({ id: ann.id, name: 'Ann' });
    // Capped per record, newest first.
    expect(patched.json().data.notes.map((n: { text: string }) => n.text)).toEqual(['third', 'second']);
    const put = await api.call('PUT', `/api/v1/posts/${id}`, 'ann', { title: 'Hey' });
    expect(put.json().data.author.name).toBe('Ann');
    const shout = await api.call('POST', `/api/v1/posts/${id}/shout`, 'ann');
    expect(shout.json().data).toMatchObject({ title: 'Hey!', author: { id: ann.id, name: 'Ann' } });
  });

  it('embeds them in reads, lists and views, also when fields are selected, through the cache', async () => {
    const list = await api.call('GET', '/api/v1/posts');
    expect(list.json().data[0]).toMatchObject({ author: { id: ann.id, name: 'Ann' }, notes: expect.any(Array) });
    expect((await api.call('GET', '/api/v1/posts')).body).toBe(list.body);
    const id = list.json().data[0].id as string;
    const one = await api.call('GET', `/api/v1/posts/${id}?fields=title`);
    expect(Object.keys(one.json().data).sort()).toEqual(['author', 'id', 'notes', 'title']);
    expect((await api.call('GET', `/api/v1/posts/${id}?include=author`)).json().data.author.name).toBe('Ann');
    expect((await api.call('GET', '/api/v1/posts/mine', 'ann')).json().data[0].author.id).toBe(ann.id);
    // A write elsewhere shows at once: the embedded records are part of what the cache tracks.
    await api.call('POST', '/api/v1/post-notes', undefined, { text: 'fourth', post: id });
    expect((await api.call('GET', `/api/v1/posts/${id}`)).json().data.notes[0].text).toBe('fourth');
  });

  it('documents the embedded records in place of the ids', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    const post = doc.components.schemas.Post;
    expect(post.properties.author.anyOf).toBeUndefined();
    expect(post.properties.author.type).toBe('object');
    expect(post.properties.notes.description).toBe('Always present.');
  });
});

describe('an embed that names nothing includable', () => {
  it('stops the app, naming it', async () => {
    const database = await createTestDatabaseUrl();
    try {
      const bad = resource('posts', { fields: { title: field.string() }, owner: 'author', embed: ['title', 'writer'], access: posts.definition.access });
      const error = await expectStartupError(createApp({ resources: [bad], migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: database.url } }));
      expect(error.message).toContain('posts: embed "title" is not a reference field or relation');
      expect(error.message).toContain('posts: embed "writer"');
    } finally {
      await database.drop();
    }
  });
});
