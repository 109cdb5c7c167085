import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, resource } from 'rampart';
import { everyone, startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: { slug: field.string({ min: 1, max: 120 }).unique(), title: field.string({ max: 200 }) },
  lookup: 'slug',
  cache: { ttl: 60 },
  access: everyone,
});
const invoices = resource('invoices', {
  fields: { number: field.integer({ min: 1 }).unique(), memo: field.string({ max: 50 }).optional() },
  lookup: 'number',
  access: { ...everyone, delete: allow.nobody },
});

let t: TestApp;
const call = (method: string, url: string, payload?: object) =>
  t.app.fastify.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, invoices] });
});
afterAll(() => t.close());

describe('resources addressed by a unique field', () => {
  it('serves every item route by slug, with Location and 404s naming the slug', async () => {
    const created = await call('POST', '/api/v1/articles', { slug: 'how-to-train-your-dragon', title: 'Dragons' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/articles/how-to-train-your-dragon');
    expect((await call('GET', '/api/v1/articles/how-to-train-your-dragon')).json().data.title).toBe('Dragons');
    const patched = await call('PATCH', '/api/v1/articles/how-to-train-your-dragon', { title: 'Dragons, trained' });
    expect(patched.json().data.title).toBe('Dragons, trained');
    // The cached read sees the write at once.
    expect((await call('GET', '/api/v1/articles/how-to-train-your-dragon')).json().data.title).toBe('Dragons, trained');
    const renamed = await call('PUT', '/api/v1/articles/how-to-train-your-dragon', { slug: 'dragons', title: 'Dragons' });
    expect(renamed.statusCode).toBe(200);
    const gone = await call('GET', '/api/v1/articles/how-to-train-your-dragon');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().detail).toBe('No articles record with slug how-to-train-your-dragon.');
    expect((await call('DELETE', '/api/v1/articles/dragons')).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/articles/dragons')).statusCode).toBe(404);
  });

  it('takes slugs that need percent-encoding, and never an id in their place', async () => {
    const created = await call('POST', '/api/v1/articles', { slug: 'café au lait', title: 'x' });
    expect(created.headers.location).toBe('/api/v1/articles/caf%C3%A9%20au%20lait');
    expect((await call('GET', created.headers.location as string)).json().data.slug).toBe('café au lait');
    expect((await call('GET', `/api/v1/articles/${created.json().data.id as string}`)).statusCode).toBe(404);
  });

  it('parses an integer lookup: digits reach the record, anything else is a 400 naming the parameter', async () => {
    expect((await call('POST', '/api/v1/invoices', { number: 42 })).headers.location).toBe('/api/v1/invoices/42');
    expect((await call('GET', '/api/v1/invoices/42')).json().data.number).toBe(42);
    const bad = await call('GET', '/api/v1/invoices/4x2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('params.number');
    expect((await call('GET', '/api/v1/invoices/43')).statusCode).toBe(404);
  });

  it('gives server code the same keys', async () => {
    await call('POST', '/api/v1/articles', { slug: 'server-side', title: 'x' });
    const store = t.app.records(articles);
    expect((await store.get({ slug: 'server-side' })).title).toBe('x');
    expect((await store.update({ slug: 'server-side' }, { title: 'y' })).title).toBe('y');
    await expect(store.get({ title: 'y' })).rejects.toThrow('a record key is an id, one unique field or a unique combination, e.g. { slug: value }');
  });

  it('documents the lookup parameter in OpenAPI', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    const item = doc.paths['/api/v1/articles/{slug}'];
    expect(item.get.parameters[0]).toMatchObject({ name: 'slug', in: 'path', required: true, schema: { type: 'string' } });
    expect(doc.paths['/api/v1/invoices/{number}'].get.parameters[0].schema.type).toBe('integer');
    expect(doc.paths['/api/v1/articles/{id}']).toBeUndefined();
  });

  it.each([
    [{ lookup: 'nope' }, 'things: lookup "nope" is not a field'],
    [{ lookup: 'name' }, 'things: lookup field "name" must be .unique()'],
    [{ lookup: 'flag' }, 'things: lookup field "flag" must be a string or integer field'],
    [{ lookup: 'code' }, 'things: lookup field "code" cannot be optional: every record needs one'],
  ])('refuses a bad lookup %j', (option, message) => {
    const fields = { name: field.string(), flag: field.boolean().unique(), code: field.string().unique().optional() };
    expect(() => resource('things', { fields, access: everyone, ...option })).toThrow(message);
  });
});
