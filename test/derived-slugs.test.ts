import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, resource, slugOf } from 'rampart';
import { everyone, startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: {
    title: field.string({ min: 1, max: 200 }),
    slug: field.string({ max: 20 }).unique().derive(slugOf('title')),
  },
  lookup: 'slug',
  access: everyone,
  hooks: {
    // Hooks see the derived value.
    beforeCreate: ({ data }) => {
      if (data.title === 'hook check' && data.slug !== 'hook-check') throw new Error('slug not derived before beforeCreate');
    },
  },
});

let t: TestApp;
const create = (payload: object) => t.app.fastify.inject({ method: 'POST', url: '/api/v1/articles', payload });

beforeAll(async () => {
  t = await startTestApp({ resources: [articles] });
});
afterAll(() => t.close());

describe('derived fields', () => {
  it('derives a slug from the title, with the first free suffix when taken', async () => {
    const slugs = [];
    for (let i = 0; i < 4; i++) slugs.push((await create({ title: 'How to Train Your Dragon' })).json().data.slug);
    // Cut on a word boundary to 20 characters, then cut further to make room for a suffix.
    expect(slugs).toEqual(['how-to-train-your', 'how-to-train-your-2', 'how-to-train-your-3', 'how-to-train-your-4']);
    expect((await create({ title: 'Crème brûlée!' })).json().data.slug).toBe('creme-brulee');
    expect((await create({ title: '!!!' })).json().data.slug).toBe('untitled');
    expect((await create({ title: 'hook check' })).statusCode).toBe(201);
    expect((await t.app.fastify.inject({ method: 'GET', url: '/api/v1/articles/creme-brulee' })).statusCode).toBe(200);
  });

  it('finds a free value when the suffix forces a shorter stem that is itself taken', async () => {
    // max 20: 'abcdefghij-klmnopqrs' (20) is taken; '-2' needs the stem cut to 'abcdefghij', whose '-2' is taken too.
    await t.app.records(articles).create({ title: 'y', slug: 'abcdefghij-klmnopqrs' });
    await t.app.records(articles).create({ title: 'y', slug: 'abcdefghij-2' });
    expect((await create({ title: 'abcdefghij klmnopqrs' })).json().data.slug).toBe('abcdefghij-3');
  });

  it('refuses the field from clients, keeps it on PUT, and lets server code set it', async () => {
    const refused = await create({ title: 'Mine', slug: 'chosen' });
    expect(refused.statusCode).toBe(400);
    const server = await t.app.records(articles).create({ title: 'Mine', slug: 'chosen' });
    expect(server.slug).toBe('chosen');
    const put = await t.app.fastify.inject({ method: 'PUT', url: '/api/v1/articles/chosen', payload: { title: 'Renamed' } });
    expect(put.json().data).toMatchObject({ title: 'Renamed', slug: 'chosen' });
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(JSON.stringify(doc.components.schemas)).toContain('"readOnly":true');
  });

  it('gives concurrent creates of one title distinct slugs', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => create({ title: 'Race' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().data.slug)).size).toBe(8);
  });
});
