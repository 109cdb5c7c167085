import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, allow, createApp, field, hasMany, resource, through, view } from 'rampart';
import { apiClient } from './support/api-client.js';
import { everyone, startTestApp, type TestApp } from './support/test-app.js';

// Conduit's articles: `?tag=` is membership in tagList, `?author=` a name through the owner.
const articles = resource('articles', {
  fields: {
    title: field.string({ max: 100 }).sortable(),
    body: field.string({ max: 1000 }).optional(),
    status: field.enum(['draft', 'published']).default('draft').filterable(),
    tagList: field.array(field.string({ max: 40 }), { max: 10 }).default([]).filterable(),
  },
  owner: 'author',
  relations: { favoritedBy: through('favorites', { via: 'article', to: 'user' }) },
  filters: {
    tag: 'tagList',
    since: 'createdAt',
    state: 'status',
    author: 'author.name',
    favorited: 'favoritedBy.name',
    // The owner's own filter (ids), which the relation filter above took the name of.
    authorId: 'author',
  },
  views: { published: view({ access: allow.public, where: () => (eb) => eb('articles.status', '=', 'published') }) },
  aggregates: { tags: aggregate.distinct('tagList', { route: '/tags', access: allow.public, max: 50 }) },
  defaultSort: 'title',
  cache: { ttl: 60 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
// Aliases under field names: `labels` gains a bare form, `topic` now filters priority.
const notes = resource('notes', {
  fields: {
    text: field.string({ max: 100 }).sortable(),
    labels: field.array(field.string({ max: 20 })).default([]).filterable(),
    priority: field.integer({ min: 0, max: 9 }).default(0).filterable(),
    topic: field.string({ max: 20 }).optional().filterable(),
  },
  filters: { labels: 'labels', topic: 'priority' },
  defaultSort: 'text',
  access: everyone,
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const created: Record<string, { id: string; createdAt: string }> = {};

const list = async (path: string, who?: string) => {
  const res = await api.call('GET', path, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const titles = async (query: string, who?: string) =>
  (await list(`/api/v1/articles?${query}`, who)).data.map((a: { title: string }) => a.title);
const problems = async (path: string) => {
  const res = await api.call('GET', path);
  expect(res.statusCode, res.body).toBe(400);
  return res.json().errors as { path: string; message: string }[];
};
const queries = () => t.logs.entries.filter((e) => e.msg === 'query').length;

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, favorites, notes] }, { LOG_LEVEL: 'trace' });
  api = apiClient(t.app);
  for (const name of ['jake', 'jane']) await api.register(name);
  const article = async (who: string, title: string, status: string, tagList: string[]) => {
    const res = await api.call('POST', '/api/v1/articles', who, { title, status, tagList });
    expect(res.statusCode, res.body).toBe(201);
    created[title] = res.json().data;
  };
  await article('jake', 'Training', 'published', ['dragons', 'training']);
  await article('jake', 'Taming', 'draft', ['Dragons']);
  await article('jane', 'Angular', 'published', ['angular']);
  await article('jane', 'Bare', 'draft', []);
  for (const title of ['Training', 'Angular']) {
    await api.call('POST', '/api/v1/favorites', 'jane', { article: created[title]!.id });
  }
  for (const [text, labels, priority] of [['n1', ['x', 'y'], 1], ['n2', ['y'], 3], ['n3', [], 3]] as const) {
    await api.call('POST', '/api/v1/notes', undefined, { text, labels, priority, topic: 'abc' });
  }
});
afterAll(() => t.close());

describe('an alias of an array field', () => {
  it('takes the bare name as membership, and the field`s contains and in', async () => {
    expect(await titles('tag=dragons')).toEqual(['Training']);
    expect(await titles('tag=Dragons')).toEqual(['Taming']); // elements compare exactly
    expect(await titles('tag[contains]=dragons')).toEqual(['Training']);
    expect(await titles('tag[in]=dragons,angular')).toEqual(['Angular', 'Training']);
    expect(await titles('tag=nothing')).toEqual([]);
    // The field keeps its own filters beside the alias.
    expect(await titles('tagList[contains]=dragons')).toEqual(['Training']);
  });

  it('answers 400 naming the parameter the client sent', async () => {
    expect(await problems('/api/v1/articles?tag[eq]=dragons')).toEqual([
      { path: 'query.tag[eq]', message: 'unsupported operator "eq"; "tag" (an alias of tagList) supports contains, in' },
    ]);
    const many = await problems('/api/v1/articles?tag[gte]=a&tag[nope]=b&tag[]=c&state=draft&tag=ok');
    expect(many.map((e) => e.path).sort()).toEqual(['query.tag[]', 'query.tag[gte]', 'query.tag[nope]']);
    expect((await problems('/api/v1/articles?tag=a&tag=b'))[0]).toEqual({ path: 'query.tag', message: 'given more than once; give it once' });
    // A bare array field stays refused: only the alias gives it a meaning.
    expect((await problems('/api/v1/articles?tagList=dragons'))[0]?.path).toBe('query.tagList');
  });
});

describe('an alias of a scalar field', () => {
  it('takes the field`s operators, the bare name meaning equality', async () => {
    expect(await titles('state=draft')).toEqual(['Bare', 'Taming']);
    expect(await titles('state[ne]=draft')).toEqual(['Angular', 'Training']);
    expect(await titles('state[in]=draft,published')).toEqual(['Angular', 'Bare', 'Taming', 'Training']);
    expect(await titles('status=draft')).toEqual(['Bare', 'Taming']);
    expect(await titles('since[gte]=2000-01-01T00:00:00Z')).toHaveLength(4);
    expect(await titles('since[lt]=2000-01-01T00:00:00Z')).toEqual([]);
    expect(await titles(`since=${created.Training!.createdAt}`)).toContain('Training');
    expect(await titles(`since[lt]=${created.Bare!.createdAt}`)).not.toContain('Bare');
    expect(await titles(`authorId=${api.user('jane').id}`)).toEqual(['Angular', 'Bare']);
  });

  it('refuses what the field refuses, naming the alias', async () => {
    const errors = await problems('/api/v1/articles?since[contains]=2020&since=yesterday&state=gone&authorId=me');
    expect(errors.map((e) => e.path).sort()).toEqual(['query.authorId', 'query.since', 'query.since[contains]', 'query.state']);
    expect(errors.find((e) => e.path === 'query.since[contains]')?.message).toBe(
      'unsupported operator "contains"; "since" (an alias of createdAt) supports eq, ne, gt, gte, lt, lte, in',
    );
  });

  it('under a field`s name, replaces that field`s own filters', async () => {
    const texts = async (query: string) => (await list(`/api/v1/notes?${query}`)).data.map((n: { text: string }) => n.text);
    expect(await texts('labels=y')).toEqual(['n1', 'n2']);
    expect(await texts('labels[in]=x,z')).toEqual(['n1']);
    expect(await texts('topic=3')).toEqual(['n2', 'n3']);
    expect(await texts('topic[lt]=3')).toEqual(['n1']);
    expect(await texts('priority[gte]=1')).toEqual(['n1', 'n2', 'n3']);
    // topic's own filter (text) is gone: its name now compares priorities.
    expect((await problems('/api/v1/notes?topic[contains]=ab'))[0]?.message).toContain('"topic" (an alias of priority) supports');
    expect((await problems('/api/v1/notes?topic=abc'))[0]?.path).toBe('query.topic');
  });
});

describe('aliases with the rest of a list', () => {
  it('combine with relation filters, views, total and aggregates', async () => {
    expect(await titles('tag[in]=dragons,angular&author=jake')).toEqual(['Training']);
    expect(await titles('favorited=jane&state=draft')).toEqual([]);
    expect(await titles('favorited=jane&tag=angular')).toEqual(['Angular']);
    const view = await list('/api/v1/articles/published?tag[in]=dragons,Dragons,angular&favorited=jane&total=true&limit=1');
    expect(view.data.map((a: { title: string }) => a.title)).toEqual(['Angular']);
    expect(view.pagination.total).toBe(2);
    expect((await list('/api/v1/articles/published?tag=Dragons&total=true')).pagination.total).toBe(0);
    expect((await list('/api/v1/tags?tag=dragons')).data.sort()).toEqual(['dragons', 'training']);
  });

  it('keeps the list one query', async () => {
    const before = queries();
    await titles('tag=training&state=published&since[gte]=2000-01-01T00:00:00Z&author=jake&favorited=jane');
    expect(queries() - before).toBe(1);
  });

  it('work in server code', async () => {
    const page = await t.app.records(articles).list({ tag: 'dragons' });
    expect(page.records.map((a) => a.title)).toEqual(['Training']);
  });

  it('key the read cache by what they filter', async () => {
    expect(await titles('tag=wyverns')).toEqual([]);
    await api.call('POST', '/api/v1/articles', 'jake', { title: 'Wyverns', tagList: ['wyverns'] });
    expect(await titles('tag=wyverns')).toEqual(['Wyverns']);
    // One filter under two spellings: one question, one answer.
    expect(await titles('tagList[contains]=wyverns')).toEqual(['Wyverns']);
    expect(await titles('tag=dragons')).toEqual(['Training']);
  });

  it('are documented in OpenAPI with the field`s type and what they stand for', async () => {
    const doc = (await api.call('GET', '/openapi.json')).json();
    type Param = { name: string; description: string; schema: Record<string, unknown> };
    const params = doc.paths['/api/v1/articles'].get.parameters as Param[];
    const named = (name: string) => params.filter((p) => p.name === name);
    // Each filter is one parameter: its operators as an object (`tag[in]=a,b`).
    const ops = (name: string) => named(name)[0]?.schema.properties as Record<string, Record<string, unknown>>;
    expect(named('tag')).toHaveLength(1);
    expect(Object.keys(ops('tag'))).toEqual(['contains', 'in']);
    expect(ops('tag').contains).toMatchObject({ type: 'string' });
    expect(ops('tag').in).toMatchObject({ type: 'string', description: expect.stringContaining('at most 100') });
    expect(named('tag')[0]?.description).toContain('`tag=value` is short for `tag[contains]=value`');
    expect(named('tag')[0]?.description).toContain('`tag` is an alias of `tagList`.');
    expect(ops('since').gte).toMatchObject({ type: 'string', format: 'date-time' });
    expect(named('since')[0]?.description).toContain('`since` is an alias of `createdAt`');
    expect(ops('state').eq).toMatchObject({ type: 'string', enum: ['draft', 'published'] });
    expect(ops('authorId').eq).toMatchObject({ type: 'string', format: 'uuid' });
    expect(named('author')).toHaveLength(1); // the relation filter's, not the owner field's
    const views = doc.paths['/api/v1/articles/published'].get.parameters as Param[];
    expect(views.map((p) => p.name)).toEqual(expect.arrayContaining(['tag', 'since', 'state']));
    const noteParams = doc.paths['/api/v1/notes'].get.parameters as Param[];
    expect(noteParams.filter((p) => p.name === 'topic').map((p) => (p.schema.properties as Record<string, { type: string }>).eq!.type)).toEqual(['integer']);
    expect(noteParams.find((p) => p.name === 'labels')?.description).toContain('`labels=value` is short for `labels[contains]=value`');
    expect(Object.keys(noteParams.find((p) => p.name === 'topic')!.schema.properties as object)).not.toContain('contains');
  });
});

describe('alias declarations', () => {
  it('refuse at startup what an alias may not open, listed with every other problem', async () => {
    const posts = resource('posts', {
      fields: { title: field.string().filterable(), body: field.string().optional() },
      owner: 'writer',
      relations: { title: hasMany('replies', { via: 'post' }) },
      filters: { words: 'body', ghost: 'nothing', total: 'title', deep: 'writer.name.first', email: 'writer.email', 'x-y': 'title' },
      access: { list: allow.public },
    });
    const error = String(await createApp({ resources: [posts], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e));
    expect(error).toContain('posts.filters.words: posts.body is not filterable: declare it .filterable() to alias it');
    expect(error).toContain('posts.filters.ghost: "nothing" is not a field of posts');
    expect(error).toContain('posts.filters.total: "total" is a parameter of the query language');
    expect(error).toContain('posts.filters.x-y: a filter name is letters and digits');
    expect(error).toContain('posts.filters.deep: a path is a reference or relation, a dot and a field');
    expect(error).toContain('posts.filters.email: users expose only');
    expect(error).toContain('posts.relations.title: the name is taken by a field');
  });
});
