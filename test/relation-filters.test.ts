import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, hasMany, resource, through } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const projects = resource('projects', {
  fields: { name: field.string({ max: 50 }).filterable() },
  // Projects are readable by their lead only: filters may not probe anyone else's.
  owner: 'lead',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
// A read rule that is a function, not a row condition: nothing can filter through it.
const teams = resource('teams', {
  fields: { name: field.string({ max: 50 }).filterable() },
  operations: ['list', 'read'],
  access: { list: allow.public, read: ({ user }) => user !== null },
});
const articles = resource('articles', {
  fields: {
    title: field.string({ max: 100 }).sortable(),
    project: field.reference('projects').optional(),
    team: field.reference('teams').optional(),
  },
  owner: 'author',
  relations: {
    comments: hasMany('comments', { via: 'article' }),
    favoritedBy: through('favorites', { via: 'article', to: 'user' }),
  },
  filters: {
    author: 'author.name',
    favorited: 'favoritedBy.name',
    mine: 'favoritedBy.id',
    commentedBy: 'comments.author',
    project: 'project.name',
    team: 'team.name',
  },
  defaultSort: 'title',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
const comments = resource('comments', {
  fields: { body: field.string({ max: 100 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const titles = async (query: string, who?: string) => {
  const res = await api.call('GET', `/api/v1/articles?${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((a: { title: string }) => a.title);
};
const queries = () => t.logs.entries.filter((e) => e.msg === 'query').length;

beforeAll(async () => {
  t = await startTestApp({ resources: [projects, teams, articles, favorites, comments] }, { LOG_LEVEL: 'trace' });
  api = apiClient(t.app);
  for (const name of ['jake', 'jane', 'joe']) await api.register(name);
  const article = async (who: string, title: string, project?: string) =>
    (await api.call('POST', '/api/v1/articles', who, { title, ...(project ? { project } : {}) })).json().data.id as string;
  const open = (await api.call('POST', '/api/v1/projects', 'jake', { name: 'apollo' })).json().data.id;
  const hidden = (await api.call('POST', '/api/v1/projects', 'jane', { name: 'zeus' })).json().data.id;
  const a1 = await article('jake', 'a1', open);
  const a2 = await article('jane', 'a2', hidden);
  const b1 = await article('jane', 'b1');
  await article('joe', 'c1');
  await api.call('POST', '/api/v1/favorites', 'jane', { article: a1 });
  await api.call('POST', '/api/v1/favorites', 'jane', { article: a2 });
  await api.call('POST', '/api/v1/favorites', 'joe', { article: a1 });
  await api.call('POST', '/api/v1/comments', 'joe', { body: 'x', article: b1 });
  await api.call('POST', '/api/v1/comments', 'joe', { body: 'y', article: b1 });
});
afterAll(() => t.close());

describe('relation filters', () => {
  it('filters through the owner, a junction and a has-many relation', async () => {
    expect(await titles('author=jake')).toEqual(['a1']);
    expect(await titles('author[in]=jane,joe')).toEqual(['a2', 'b1', 'c1']);
    expect(await titles('author.name=jane')).toEqual(['a2', 'b1']);
    expect(await titles('favorited=jane')).toEqual(['a1', 'a2']);
    expect(await titles('favorited=joe&author=jake')).toEqual(['a1']);
    expect(await titles('favorited=jane&author=jane')).toEqual(['a2']);
    expect(await titles(`commentedBy=${api.user('joe').id}`)).toEqual(['b1']);
    expect(await titles('favorited=nobody')).toEqual([]);
  });

  it('never repeats a record matched through several related rows, and counts it once', async () => {
    const res = (await api.call('GET', '/api/v1/articles?favorited[in]=jane,joe&total=true')).json();
    expect(res.data.map((a: { title: string }) => a.title)).toEqual(['a1', 'a2']);
    expect(res.pagination.total).toBe(2);
  });

  it('takes me for the caller, and refuses it from anonymous callers', async () => {
    expect(await titles('mine=me', 'joe')).toEqual(['a1']);
    expect(await titles('mine=me', 'jane')).toEqual(['a1', 'a2']);
    expect(await titles('commentedBy=me', 'joe')).toEqual(['b1']);
    expect((await api.call('GET', '/api/v1/articles?mine=me')).statusCode).toBe(401);
    const bad = await api.call('GET', '/api/v1/articles?author=me');
    expect(bad.statusCode).toBe(200); // a name, compared as text: nobody is called "me"
    expect(bad.json().data).toEqual([]);
  });

  it('cannot probe rows the caller may not read', async () => {
    // apollo is jake's, zeus jane's: each may filter by their own project only.
    expect(await titles('project=apollo', 'jake')).toEqual(['a1']);
    expect(await titles('project=apollo', 'jane')).toEqual([]);
    expect(await titles('project=zeus', 'jane')).toEqual(['a2']);
    expect(await titles('project=zeus', 'jake')).toEqual([]);
    expect(await titles('project=zeus')).toEqual([]);
    const refused = await api.call('GET', '/api/v1/articles?team=red', 'jake');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toEqual({ path: 'query.team', message: 'cannot filter through teams: its read rule is not a row condition' });
  });

  it('runs one query for the page whatever the relation filters', async () => {
    const before = queries();
    await titles('author=jake&favorited=jane&commentedBy=me&mine=me', 'joe');
    expect(queries() - before).toBe(1);
  });

  it('answers 400 naming a bad parameter', async () => {
    const res = await api.call('GET', '/api/v1/articles?mine[gt]=x&mine=nope');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.mine', 'query.mine[gt]']);
  });

  it('documents each declared filter in OpenAPI, replacing a field of the same name', async () => {
    const params = (await api.call('GET', '/openapi.json')).json().paths['/api/v1/articles'].get.parameters as Array<{ name: string; description: string }>;
    const names = params.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['author', 'favorited', 'mine', 'commentedBy', 'project']));
    expect(names.filter((n) => n === 'author')).toHaveLength(1);
    expect(params.find((p) => p.name === 'mine')?.description).toContain('`me` stands for the caller');
  });

  it('refuses undeclared or private paths at startup', async () => {
    const bad = resource('posts', {
      fields: { title: field.string() },
      owner: 'writer',
      filters: { email: 'writer.email', deep: 'writer.name.first', nowhere: 'ghost.name', 'bad-name': 'writer.name' },
      access: { list: allow.public },
    });
    const error = await createApp({ resources: [bad], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('posts.filters.email: users expose only id and name');
    expect(String(error)).toContain('posts.filters.deep: a path is a reference or relation, a dot and a field');
    expect(String(error)).toContain('posts.filters.nowhere: "ghost" is not a reference field or relation of posts');
    expect(String(error)).toContain('posts.filters.bad-name: a filter name is letters and digits');
  });
});
