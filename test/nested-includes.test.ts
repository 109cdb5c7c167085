import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, hasMany, resource } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const open = { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner };
const articles = resource('articles', {
  fields: { title: field.string({ max: 100 }), editor: field.reference('editors').optional() },
  owner: 'author',
  relations: { comments: hasMany('comments', { via: 'article', max: 2, sort: '-createdAt' }) },
  cache: { ttl: 60 },
  access: open,
});
const everyone = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };
const editors = resource('editors', { fields: { name: field.string({ max: 40 }), desk: field.reference('desks').optional() }, access: everyone });
const desks = resource('desks', { fields: { floor: field.integer() }, access: everyone });
const comments = resource('comments', {
  fields: { body: field.string({ max: 200 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  access: open,
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
// LOG_LEVEL=trace logs each SQL statement; the request's own ones are counted.
const queries = () => t.logs.entries.filter((e) => e.msg === 'query' && !/jobs|webhook|idempotency/.test(String(e.sql))).length;

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, editors, desks, comments] }, { LOG_LEVEL: 'trace' });
  api = apiClient(t.app);
  for (const name of ['ann', 'ben', 'cat']) await api.register(name, name.toUpperCase());
  const desk = (await api.call('POST', '/api/v1/desks', 'ann', { floor: 3 })).json().data.id;
  const editor = (await api.call('POST', '/api/v1/editors', 'ann', { name: 'Ed', desk })).json().data.id;
  for (let i = 1; i <= 12; i++) {
    const article = (await api.call('POST', '/api/v1/articles', 'ann', { title: `A${i}`, editor })).json().data.id;
    await api.call('POST', '/api/v1/comments', 'ben', { body: `first on ${i}`, article });
    await api.call('POST', '/api/v1/comments', 'cat', { body: `second on ${i}`, article });
  }
});
afterAll(() => t.close());

describe('nested includes (a.b)', () => {
  it("embeds what b names in every embedded a: relations' records and references' records", async () => {
    const page = (await api.call('GET', '/api/v1/articles?limit=2&include=comments.author,editor.desk')).json().data;
    for (const article of page) {
      expect(article.comments.map((c: { author: { name: string } }) => c.author.name)).toEqual(['CAT', 'BEN']);
      expect(article.editor).toMatchObject({ name: 'Ed', desk: { floor: 3 } });
    }
    // Without the nested name, the level below stays ids.
    const plain = (await api.call('GET', '/api/v1/articles?limit=1&include=comments')).json().data[0];
    expect(typeof plain.comments[0].author).toBe('string');
  });

  it('runs the same number of queries for 2 records as for 12', async () => {
    // URLs no other test asked for: a cached answer would run no query at all.
    const count = async (limit: number) => {
      const before = queries();
      const res = await api.call('GET', `/api/v1/articles?limit=${limit}&offset=0&include=comments.author,editor.desk`, 'ann');
      expect(res.json().data).toHaveLength(limit);
      return queries() - before;
    };
    const twelve = await count(12);
    expect(await count(2)).toBe(twelve);
    // page, comments, comment authors, editor, desk
    expect(twelve).toBe(5);
  });

  it('refuses deeper paths and names the target cannot include, naming them', async () => {
    const deep = await api.call('GET', '/api/v1/articles?include=comments.author.name');
    expect(deep.statusCode).toBe(400);
    expect(deep.json().errors[0].path).toBe('query.include');
    const unknown = await api.call('GET', '/api/v1/articles?include=comments.title');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].message).toContain('"comments.title"');
  });

  it('keeps cached answers fresh when a nested record changes', async () => {
    const url = '/api/v1/articles?limit=1&include=editor.desk';
    const before = (await api.call('GET', url)).json().data[0];
    await api.call('PATCH', `/api/v1/desks/${before.editor.desk.id}`, 'ann', { floor: 4 });
    expect((await api.call('GET', url)).json().data[0].editor.desk.floor).toBe(4);
  });
});
