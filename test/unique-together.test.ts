import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, resource } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: { title: field.string({ max: 100 }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
});
// A junction: one row per (user, article), the owner taking part in the combination.
const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});
// Two client fields, with a long table name whose index name must be shortened for PostgreSQL.
const seats = resource('concert-hall-seat-reservations-for-the-season', {
  fields: { row: field.string({ max: 3 }), seatNumber: field.integer(), holder: field.string({ max: 50 }) },
  unique: [['row', 'seatNumber']],
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const tokens = ['ann', 'ben'];
const call = (method: string, url: string, who?: string, payload?: object) => api.call(method, url, who, payload);

beforeAll(async () => {
  t = await startTestApp({ resources: [articles, favorites, seats] });
  api = apiClient(t.app);
  for (const name of tokens) await api.register(name);
});
afterAll(() => t.close());

describe('unique combinations of fields', () => {
  it('lets a user favorite an article once, and others too; 409 names both fields', async () => {
    const [ann, ben] = tokens as [string, string];
    const article = (await call('POST', '/api/v1/articles', ann, { title: 'Dragons' })).json().data.id;
    expect((await call('POST', '/api/v1/favorites', ann, { article })).statusCode).toBe(201);
    const again = await call('POST', '/api/v1/favorites', ann, { article });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'RAMPART_UNIQUE_VIOLATION',
      detail: 'Another favorites record already has this combination of user and article.',
    });
    expect(again.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.user', 'body.article']);
    expect((await call('POST', '/api/v1/favorites', ben, { article })).statusCode).toBe(201);
    // The first refusal rolled back cleanly: Ann still has exactly one favorite.
    expect((await call('GET', '/api/v1/favorites', ann)).json().data).toHaveLength(1);
  });

  it('frees the combination when the record goes', async () => {
    const [ann] = tokens as [string];
    const article = (await call('POST', '/api/v1/articles', ann, { title: 'Knights' })).json().data.id;
    const fav = (await call('POST', '/api/v1/favorites', ann, { article })).json().data.id;
    expect((await call('DELETE', `/api/v1/favorites/${fav}`, ann)).statusCode).toBe(204);
    expect((await call('POST', '/api/v1/favorites', ann, { article })).statusCode).toBe(201);
  });

  it('checks updates too, and only the combination (each field alone may repeat)', async () => {
    const base = '/api/v1/concert-hall-seat-reservations-for-the-season';
    expect((await call('POST', base, undefined, { row: 'A', seatNumber: 1, holder: 'x' })).statusCode).toBe(201);
    expect((await call('POST', base, undefined, { row: 'A', seatNumber: 2, holder: 'x' })).statusCode).toBe(201);
    const b1 = (await call('POST', base, undefined, { row: 'B', seatNumber: 1, holder: 'y' })).json().data.id;
    const clash = await call('PATCH', `${base}/${b1}`, undefined, { row: 'A' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toBe(
      'Another concert-hall-seat-reservations-for-the-season record already has this combination of row and seatNumber.',
    );
    expect(clash.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.row', 'body.seatNumber']);
    const put = await call('PUT', `${base}/${b1}`, undefined, { row: 'A', seatNumber: 2, holder: 'z' });
    expect(put.statusCode).toBe(409);
    expect((await call('GET', `${base}/${b1}`)).json().data).toMatchObject({ row: 'B', seatNumber: 1, holder: 'y' });
  });
});
