import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, allow, field, resource, view } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { applyMigrations, diffDatabase, generateMigration } from '../src/db/migrations/index.js';
import { insertRow, openAccess, tempDatabase } from '../src/db/migrations/test-database.js';
// The migrator is not public: its tests declare resources with the source's own classes.
import { field as srcField, type AnyField } from '../src/resources/fields/index.js';
import { resource as srcResource } from '../src/resources/resource.js';

const articles = resource('articles', {
  fields: {
    title: field.string({ min: 1, max: 200 }).filterable(),
    tagList: field.array(field.string({ max: 40 }), { max: 5 }).default([]).filterable(),
    scores: field.array(field.integer({ min: 0 }), { max: 3 }).optional().filterable(),
    levels: field.array(field.enum(['low', 'high'])).optional(),
  },
  owner: 'author',
  cache: { ttl: 60 },
  hooks: {
    // Hooks see and set arrays like any value.
    beforeCreate: ({ data }) => {
      if (data.title === 'Hooked') data.tagList = [...(data.tagList as string[]), 'hooked'];
    },
  },
  views: { tagged: view({ access: allow.public, where: () => (eb) => eb('articles.title', 'like', 'T%') }) },
  aggregates: {
    tags: aggregate.distinct('tagList', { route: '/tags', access: allow.public, max: 50 }),
    tagCounts: aggregate.countBy('tagList'),
  },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const comments = resource('comments', {
  fields: { body: field.string({ max: 200 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  filters: { tagged: 'article.tagList' },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
});

// Values a membership test must compare literally: SQL quotes, LIKE wildcards, JSON and
// PostgreSQL array-literal syntax, unicode, and the empty string.
const odd = [`it's "quoted"`, '100%', 'a_b', 'ドラゴン 🐉', '', '{x,y}', 'back\\slash'];

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const ids: Record<string, string> = {};

async function create(title: string, body: Record<string, unknown>, who = 'ann') {
  const res = await api.call('POST', '/api/v1/articles', who, { title, ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[title] = res.json().data.id;
  return res.json().data;
}

const titles = async (query: string) => {
  const res = await api.call('GET', `/api/v1/articles?${query}&sort=createdAt`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((a: { title: string }) => a.title);
};

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, comments] });
  api = apiClient(t.app);
  await api.register('ann');
  await api.register('ben');
  await create('Training', { tagList: ['dragons', 'training'], scores: [3, 1] });
  await create('Taming', { tagList: ['training', 'Dragons'] });
  await create('Odd one', { tagList: odd.slice(0, 5) });
  await create('Odd two', { tagList: odd.slice(5) }, 'ben');
  await create('Bare', {});
});
afterAll(() => t.close());

describe('array fields: writes and reads', () => {
  it('stores and returns the list in the order given, [] by default, null when optional', async () => {
    const read = (await api.call('GET', `/api/v1/articles/${ids.Training}`)).json().data;
    expect(read).toMatchObject({ tagList: ['dragons', 'training'], scores: [3, 1], levels: null });
    expect((await api.call('GET', `/api/v1/articles/${ids['Odd one']}`)).json().data.tagList).toEqual(odd.slice(0, 5));
    expect((await api.call('GET', `/api/v1/articles/${ids.Bare}`)).json().data).toMatchObject({ tagList: [], scores: null });
  });

  it('replaces with PUT and PATCH, and records() and hooks-style server writes store arrays', async () => {
    const id = ids.Bare as string;
    const patched = await api.call('PATCH', `/api/v1/articles/${id}`, 'ann', { tagList: ['z', 'a'], levels: ['high', 'low'] });
    expect(patched.json().data).toMatchObject({ tagList: ['z', 'a'], levels: ['high', 'low'] });
    const put = await api.call('PUT', `/api/v1/articles/${id}`, 'ann', { title: 'Bare', scores: [] });
    expect(put.json().data).toMatchObject({ tagList: [], scores: [], levels: null });
    const store = t.app.records(articles);
    const made = await store.create({ title: 'Server', tagList: ['server', 'dragons'] }, { owner: api.user('ann').id });
    expect(made.tagList).toEqual(['server', 'dragons']);
    expect((await store.get(made.id as string)).tagList).toEqual(['server', 'dragons']);
    await expect(store.update(made.id as string, { tagList: 'server' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    await store.remove(made.id as string);
    const hooked = await api.call('POST', '/api/v1/articles', 'ben', { title: 'Hooked', tagList: ['mine'] });
    expect(hooked.json().data.tagList).toEqual(['mine', 'hooked']);
    await api.call('DELETE', `/api/v1/articles/${hooked.json().data.id}`, 'ben');
  });

  it('answers ?fields= and embeds records holding arrays', async () => {
    const only = await api.call('GET', `/api/v1/articles/${ids.Training}?fields=tagList`);
    expect(only.json().data).toEqual({ id: ids.Training, tagList: ['dragons', 'training'] });
    await api.call('POST', '/api/v1/comments', 'ann', { body: 'first', article: ids.Training });
    const embedded = await api.call('GET', '/api/v1/comments?include=article');
    expect(embedded.json().data[0].article).toMatchObject({ title: 'Training', tagList: ['dragons', 'training'], scores: [3, 1] });
  });

  it.each([
    ['too many', { tagList: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'body.tagList'],
    ['a wrong element type', { tagList: ['a', 7] }, 'body.tagList.1'],
    ['a non-array', { tagList: 'dragons' }, 'body.tagList'],
    ['an object', { tagList: { 0: 'dragons' } }, 'body.tagList'],
    ['an element too long', { tagList: ['x'.repeat(41)] }, 'body.tagList.0'],
    ['a duplicate', { tagList: ['a', 'b', 'a'] }, 'body.tagList.2'],
    ['null inside', { tagList: [null] }, 'body.tagList.0'],
    ['null for a required array', { tagList: null }, 'body.tagList'],
    ['a negative integer', { scores: [-1] }, 'body.scores.0'],
    ['a value outside the enum', { levels: ['mid'] }, 'body.levels.0'],
  ])('refuses %s with a 400 naming the element', async (_, body, path) => {
    const res = await api.call('POST', '/api/v1/articles', 'ann', { title: 'Bad', ...body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('array fields: filters', () => {
  it('contains tests membership exactly (not substrings, not case-folded)', async () => {
    expect(await titles('tagList[contains]=dragons')).toEqual(['Training']);
    expect(await titles('tagList[contains]=Dragons')).toEqual(['Taming']);
    expect(await titles('tagList[contains]=drag')).toEqual([]);
    expect(await titles('tagList[contains]=training')).toEqual(['Training', 'Taming']);
    expect(await titles('scores[contains]=3')).toEqual(['Training']);
  });

  it.each(odd)('matches the literal element %j', async (value) => {
    const expected = odd.indexOf(value) < 5 ? ['Odd one'] : ['Odd two'];
    expect(await titles(`tagList[contains]=${encodeURIComponent(value)}`)).toEqual(expected);
  });

  it('cached answers follow writes', async () => {
    expect(await titles('tagList[contains]=later')).toEqual([]);
    const res = await api.call('PATCH', `/api/v1/articles/${ids.Taming}`, 'ann', { tagList: ['training', 'Dragons', 'later'] });
    expect(res.statusCode).toBe(200);
    expect(await titles('tagList[contains]=later')).toEqual(['Taming']);
    await api.call('PATCH', `/api/v1/articles/${ids.Taming}`, 'ann', { tagList: ['training', 'Dragons'] });
    expect(await titles('tagList[contains]=later')).toEqual([]);
  });

  it('in means any of the values, and combines with other filters and total', async () => {
    expect(await titles('tagList[in]=dragons,Dragons,nothing')).toEqual(['Training', 'Taming']);
    expect(await titles('tagList[in]=dragons,Dragons&title=Taming')).toEqual(['Taming']);
    const res = await api.call('GET', '/api/v1/articles?tagList[contains]=training&total=true&limit=1');
    expect(res.json().pagination.total).toBe(2);
  });

  it('refuses other operators, bare equality and bad element values with a 400 naming the parameter', async () => {
    for (const query of ['tagList=dragons', 'tagList[eq]=dragons', 'tagList[ne]=x', 'tagList[gt]=x', 'scores[contains]=x', 'levels[contains]=low']) {
      const res = await api.call('GET', `/api/v1/articles?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].path, query).toBe(`query.${query.split('=')[0]}`);
    }
    const sort = await api.call('GET', '/api/v1/articles?sort=tagList');
    expect(sort.statusCode).toBe(400);
  });

  it('works in views and through relation filters', async () => {
    const view = await api.call('GET', '/api/v1/articles/tagged?tagList[contains]=training&sort=createdAt');
    expect(view.json().data.map((a: { title: string }) => a.title)).toEqual(['Training', 'Taming']);
    await api.call('POST', '/api/v1/comments', 'ben', { body: 'hi', article: ids.Taming });
    await api.call('POST', '/api/v1/comments', 'ben', { body: 'odd', article: ids['Odd one'] });
    const tagged = await api.call('GET', `/api/v1/comments?tagged[contains]=Dragons`);
    expect(tagged.json().data.map((c: { body: string }) => c.body)).toEqual(['hi']);
    const byOwnTags = await api.call('GET', `/api/v1/comments?tagged[contains]=dragons`);
    expect(byOwnTags.json().data.map((c: { body: string }) => c.body)).toEqual(['first']);
    const any = await api.call('GET', `/api/v1/comments?article.tagList[in]=Dragons,100%25&sort=createdAt`);
    expect(any.json().data.map((c: { body: string }) => c.body)).toEqual(['hi', 'odd']);
    expect((await api.call('GET', '/api/v1/comments?tagged=Dragons')).statusCode).toBe(400);
  });
});

describe('array fields: aggregates, cache and OpenAPI', () => {
  it('distinct lists every element once, over the rows a caller may list, fresh after writes', async () => {
    const tags = (await api.call('GET', '/api/v1/tags')).json();
    expect(tags.truncated).toBe(false);
    expect([...tags.data].sort()).toEqual(['dragons', 'training', 'Dragons', ...odd].sort());
    expect((await api.call('GET', '/api/v1/tags?title=Training')).json().data.sort()).toEqual(['dragons', 'training']);
    await create('Fresh', { tagList: ['fresh'] });
    expect((await api.call('GET', '/api/v1/tags')).json().data).toContain('fresh');
    const counts = await t.app.records(articles).aggregate('tagCounts');
    expect(counts.values[0]).toEqual({ value: 'training', count: 2 });
  });

  it('documents the array and its filter parameters', async () => {
    const doc = (await api.call('GET', '/openapi.json')).json();
    const schemas = JSON.stringify(doc);
    expect(schemas).toContain('`tagList[op]=value`');
    const list = doc.paths['/api/v1/articles'].get.parameters as { name: string; style?: string; schema: { properties?: Record<string, unknown> } }[];
    const tagList = list.find((p) => p.name === 'tagList');
    expect(tagList?.style).toBe('deepObject');
    expect(tagList?.schema.properties?.contains).toMatchObject({ type: 'string' });
    expect(tagList?.schema.properties?.in).toBeDefined();
    expect(tagList?.schema.properties?.eq).toBeUndefined(); // an array has no equality filter
    const tags = doc.paths['/api/v1/tags'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(tags)).toContain('"items":{"type":"string","maxLength":40}');
    const { schemas: components } = doc.components;
    expect(components.Article.properties.tagList).toEqual({ type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 5, uniqueItems: true });
    expect(components.Article.properties.scores.type).toEqual(['array', 'null']);
    expect(components.ArticleCreate.properties.tagList).toMatchObject({ type: 'array', maxItems: 5, uniqueItems: true, items: { maxLength: 40 } });
  });
});

describe('array fields: declarations', () => {
  it('refuses element kinds, modifiers and options that cannot work, saying why', () => {
    expect(() => field.array(field.reference('users'))).toThrow(/junction resource/);
    expect(() => field.array(field.boolean() as never)).toThrow(/string, enum, integer/);
    expect(() => field.array(field.json() as never)).toThrow(/string, enum, integer/);
    expect(() => field.array(field.array(field.string({ max: 5 })) as never)).toThrow(/array elements are not supported/);
    expect(() => field.array(field.string())).toThrow(/max of at most 500/);
    expect(() => field.array(field.string({ max: 5 }).optional())).toThrow(/on the array, not on its element/);
    expect(() => field.array(field.string({ max: 5 }), { max: 5000 })).toThrow(/max must be/);
    const tags = field.array(field.string({ max: 5 }));
    expect(() => tags.sortable()).toThrow(/sortable\(\) does not apply to array fields/);
    expect(() => tags.searchable()).toThrow(/searchable/);
    expect(() => tags.unique()).toThrow(/junction/);
    expect(() => tags.default(['a'])).toThrow(/default\(\[\]\) only/);
    expect(() => tags.index()).toThrow(/filterable/);
    expect(() => tags.derive({ compute: () => 'x' })).toThrow(/derive/);
  });
});

describe('array fields: migrations', () => {
  const first = srcResource('articles', { fields: { title: srcField.string({ max: 20 }) }, access: openAccess });
  const tagged = srcResource('articles', {
    fields: {
      title: srcField.string({ max: 20 }),
      tagList: srcField.array(srcField.string({ max: 40 })).default([]).filterable(),
      scores: srcField.array(srcField.integer()).optional(),
    },
    access: openAccess,
  });
  // The empty-array default as each dialect writes it in a migration file.
  const emptyDefault = { sqlite: `"default":"'[]'"`, postgres: `"default":"'{}'"` };

  it('generates a migration that applies and leaves no further difference', async () => {
    const tmp = await tempDatabase();
    const database = tmp.open();
    try {
      expect(await generateMigration(database, [first], tmp.dir, { name: 'create' })).not.toBeNull();
      await applyMigrations(database, tmp.dir);
      // Adding a required array to a table with rows takes the empty default.
      await insertRow(database, 'articles', { title: 'old' });
      const two = await generateMigration(database, [tagged], tmp.dir, { name: 'add tags' });
      const text = JSON.stringify(JSON.parse(readFileSync(two as string, 'utf8')).operations);
      expect(text).toContain('"type":"text[]"');
      expect(text).toContain('"type":"integer[]"');
      expect(text).toContain(emptyDefault[database.dialect]);
      expect(text).toContain('"method":"gin"');
      await applyMigrations(database, tmp.dir);
      expect(await diffDatabase(database, [tagged])).toEqual({ operations: [], problems: [] });
      const row = await database.db.selectFrom('articles').selectAll().executeTakeFirstOrThrow();
      expect(row.tag_list).toEqual(database.dialect === 'postgres' ? [] : '[]');
      if (database.dialect === 'postgres') {
        // The membership test the list runs (`column && $1`, the parameter untyped) is one the GIN index serves.
        await database.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from articles where articles.tag_list && ${['x']}`.execute(trx);
          expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('articles_tag_list_gin');
        });
      }
      // Dropping the filter drops the index, and nothing is left over.
      const plain = srcResource('articles', { fields: { ...tagged.definition.fields, tagList: srcField.array(srcField.string({ max: 40 })).default([]) }, access: openAccess });
      const three = await generateMigration(database, [plain], tmp.dir, { name: 'unfilter tags' });
      expect(readFileSync(three as string, 'utf8')).toContain('articles_tag_list_gin');
      await applyMigrations(database, tmp.dir);
      expect((await diffDatabase(database, [plain])).operations).toEqual([]);
    } finally {
      await tmp.cleanup();
    }
  });

  it('turns a value into a list of one, and text elements into integers, when a column changes type', async () => {
    const tmp = await tempDatabase();
    const database = tmp.open();
    const step = async (fields: Record<string, AnyField>) => {
      const r = srcResource('labels', { fields, access: openAccess });
      await generateMigration(database, [r], tmp.dir);
      await applyMigrations(database, tmp.dir, { allowDestructive: true });
      expect((await diffDatabase(database, [r])).operations).toEqual([]);
      return (await database.db.selectFrom('labels').selectAll().orderBy('created_at').execute()).map((row) => [row.label, row.code]);
    };
    try {
      await step({ label: srcField.string({ max: 40 }).optional(), code: srcField.string({ max: 40 }).optional() });
      await insertRow(database, 'labels', { label: 'urgent', code: null, created_at: '2026-01-01T00:00:00.000Z' });
      await insertRow(database, 'labels', { label: null, code: '7', created_at: '2026-01-02T00:00:00.000Z' });
      const listed = await step({ label: srcField.array(srcField.string({ max: 40 })).optional(), code: srcField.array(srcField.string({ max: 40 })).optional() });
      const json = database.dialect === 'sqlite';
      expect(listed).toEqual([[json ? '["urgent"]' : ['urgent'], null], [null, json ? '["7"]' : ['7']]]);
      const numbers = await step({ label: srcField.array(srcField.string({ max: 40 })).optional(), code: srcField.array(srcField.integer()).optional() });
      expect(numbers[1]).toEqual([null, json ? '[7]' : ['7']]);
    } finally {
      await tmp.cleanup();
    }
  });

  it('applies a history written on the other dialect and ends with the same schema', async () => {
    const made = await tempDatabase();
    const here = await tempDatabase();
    try {
      const source = made.open();
      const other = source.dialect === 'postgres' ? 'sqlite' : 'postgres';
      const path = await generateMigration(source, [tagged], made.dir);
      // The same file as the other dialect would have written it.
      const file = JSON.parse(readFileSync(path as string, 'utf8'));
      const ported = JSON.stringify({ ...file, dialect: other }).replaceAll(emptyDefault[source.dialect], emptyDefault[other]);
      mkdirSync(here.dir, { recursive: true });
      writeFileSync(join(here.dir, basename(path as string)), ported);
      const database = here.open();
      await applyMigrations(database, here.dir);
      expect(await diffDatabase(database, [tagged])).toEqual({ operations: [], problems: [] });
      await insertRow(database, 'articles', { title: 'defaulted' });
      const row = await database.db.selectFrom('articles').select('tag_list').executeTakeFirstOrThrow();
      expect(row.tag_list).toEqual(database.dialect === 'postgres' ? [] : '[]');
    } finally {
      await made.cleanup();
      await here.cleanup();
    }
  });
});
