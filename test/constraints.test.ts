import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, AppError, field, resource, type Access, type Operation } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

const open: Record<Operation, Access> = {
  list: allow.public,
  read: allow.public,
  create: allow.public,
  update: allow.public,
  delete: allow.public,
};
const authors = resource('authors', {
  fields: { email: field.string({ format: 'email' }).unique(), handle: field.string({ max: 40 }).unique().optional() },
  access: open,
});
const books = resource('books', {
  fields: { title: field.string(), author: field.reference('authors').filterable(), meta: field.json().optional() },
  access: open,
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ resources: [authors, books] });
});
afterAll(async () => t.close());

const post = (url: string, payload: object) => t.app.fastify.inject({ method: 'POST', url, payload });

describe('unique fields', () => {
  it('answers 409 naming the field on a duplicate create, and keeps the first record', async () => {
    expect((await post('/api/v1/authors', { email: 'ada@example.com' })).statusCode).toBe(201);
    const res = await post('/api/v1/authors', { email: 'ada@example.com' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'RAMPART_UNIQUE_VIOLATION', errors: [{ path: 'body.email', message: 'already taken' }] });
    expect((await t.app.fastify.inject({ method: 'GET', url: '/api/v1/authors?total=true' })).json().pagination.total).toBe(1);
  });

  it('answers 409 on an update that collides', async () => {
    const a = (await post('/api/v1/authors', { email: 'a@example.com', handle: 'alpha' })).json().data;
    await post('/api/v1/authors', { email: 'b@example.com', handle: 'beta' });
    const res = await t.app.fastify.inject({ method: 'PATCH', url: `/api/v1/authors/${a.id}`, payload: { handle: 'beta' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].path).toBe('body.handle');
  });

  it('lets several records leave an optional unique field empty', async () => {
    expect((await post('/api/v1/authors', { email: 'c@example.com' })).statusCode).toBe(201);
    expect((await post('/api/v1/authors', { email: 'd@example.com' })).statusCode).toBe(201);
  });

  it('refuses an invalid email', async () => {
    const res = await post('/api/v1/authors', { email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
  });
});

describe('references', () => {
  it('refuses to delete a record others reference (restrict) with 409, keeping both', async () => {
    const author = (await post('/api/v1/authors', { email: 'writer@example.com' })).json().data;
    const book = (await post('/api/v1/books', { title: 'A book', author: author.id, meta: { pages: [1, 2], draft: false } })).json().data;
    expect(book.meta).toEqual({ pages: [1, 2], draft: false });
    const res = await t.app.fastify.inject({ method: 'DELETE', url: `/api/v1/authors/${author.id}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('RAMPART_REFERENCE_VIOLATION');
    expect((await t.app.fastify.inject({ method: 'GET', url: `/api/v1/books/${book.id}?include=author` })).json().data.author.email).toBe(
      'writer@example.com',
    );
  });
});

describe('server-side record store', () => {
  it('validates input like the API and needs no access rule', async () => {
    const store = t.app.records(authors);
    const created = await store.create({ email: 'store@example.com' });
    expect((await store.get(String(created.id))).email).toBe('store@example.com');
    const updated = await store.update(String(created.id), { handle: 'stored' });
    expect(updated.handle).toBe('stored');
    const page = await store.list({ sort: '-createdAt', limit: '1' });
    expect(page.records[0]?.id).toBe(created.id);
    await expect(store.create({ email: 'nope' })).rejects.toBeInstanceOf(AppError);
    await store.remove(String(created.id));
    await expect(store.get(String(created.id))).rejects.toMatchObject({ code: 'RAMPART_NOT_FOUND' });
  });

  it('refuses a resource the app does not serve', () => {
    const stray = resource('strays', { fields: { x: field.integer() }, access: open });
    expect(() => t.app.records(stray)).toThrow(/not part of this app/);
  });
});
