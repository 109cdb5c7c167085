import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, defineApp, field, resource } from 'rampart';
import { testApp, type TestApp } from 'rampart/testing';
import { testDialect, testPostgresUrl } from '../src/db/test-database-url.js';

// rampart/testing as an app author uses it: the app's own definition, its real rules.
const notes = resource('notes', {
  fields: { title: field.string({ min: 1, max: 80 }), done: field.boolean().default(false) },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.role('admin') },
});
const app = defineApp({ resources: [notes], users: { fields: { handle: field.string({ max: 20 }).optional() } } });
const database = testDialect() === 'postgres' ? testPostgresUrl : 'sqlite';

let t: TestApp;
beforeAll(async () => {
  t = await testApp(app, { database });
});
afterAll(() => t?.close());

describe('rampart/testing', () => {
  it('makes signed-in users whose requests go through the rules', async () => {
    const ann = await t.user({ name: 'Ann', fields: { handle: 'ann' } });
    const ben = await t.user();
    expect(ann).toMatchObject({ name: 'Ann', role: 'user', handle: 'ann' });
    expect(ann.email).not.toBe(ben.email);

    const created = await t.post('/api/v1/notes', { title: 'Milk' }, { as: ann });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id;
    expect(created.json().data.author).toBe(ann.id);

    expect((await t.get(`/api/v1/notes/${id}`, { as: ann })).statusCode).toBe(200);
    expect((await t.get(`/api/v1/notes/${id}`, { as: ben })).statusCode).toBe(404);
    expect((await t.get(`/api/v1/notes/${id}`)).statusCode).toBe(401);
    expect((await t.patch(`/api/v1/notes/${id}`, { done: true }, { as: ben })).statusCode).toBe(404);
    expect((await t.delete(`/api/v1/notes/${id}`, { as: ann })).statusCode).toBe(403);

    const admin = await t.admin();
    expect(admin.role).toBe('admin');
    expect((await t.delete(`/api/v1/notes/${id}`, { as: admin })).statusCode).toBe(204);
  });

  it('sends bad input to the validation the app declares', async () => {
    const ann = await t.user();
    const res = await t.post('/api/v1/notes', { title: '' }, { as: ann });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.json())).toContain('title');
  });

  it('users sign in with the password they were made with', async () => {
    const made = await t.user({ email: 'Cy@Example.com' });
    const login = await t.post('/api/v1/auth/login', { email: 'cy@example.com', password: made.password });
    expect(login.statusCode).toBe(200);
    expect(login.json().data.user.id).toBe(made.id);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', as: made });
    expect(me.json().data.email).toBe('cy@example.com');
  });

  it('refuses roles the app does not declare, and weak passwords, as the app would', async () => {
    // The error names the field and why, not only "the user is not valid".
    await expect(t.user({ role: 'superuser' })).rejects.toThrow(/role: .*admin/);
    await expect(t.user({ password: 'password' })).rejects.toThrow(/password: /);
    await expect(t.user({ fields: { handle: 'x'.repeat(21) } })).rejects.toThrow(/handle: /);
  });

  it('gives every test app a database of its own and throws it away on close', async () => {
    const other = await testApp(app, { database });
    const mine = await t.user();
    expect(await other.app.users.findUserByEmail(mine.email)).toBeNull();
    expect(await t.app.users.findUserByEmail(mine.email)).not.toBeNull();
    const url = other.databaseUrl;
    expect(url).not.toBe(t.databaseUrl);
    await other.close();
    if (url.startsWith('sqlite:')) expect(existsSync(url.slice('sqlite:'.length))).toBe(false);
  });

  it('names a database option it cannot use', async () => {
    await expect(testApp(app, { database: 'mysql://localhost/app' })).rejects.toThrow(/'sqlite' or a postgres:\/\/ URL/);
  });
});
