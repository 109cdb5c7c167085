import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, resource, type RampartApp } from 'rampart';
import { internalTables } from '../src/core/app-tables.js';
import { openDatabase } from '../src/db/database.js';
import { generateMigration, prepareSchema } from '../src/db/migrations/index.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { field as srcField } from '../src/resources/fields/index.js';
import { LogCapture } from './support/log-capture.js';

/*
 * The app's own user fields (issue 17 item 5), on a real database of the run's
 * dialect: validated on register and profile update, unique as a 409 naming the field,
 * public fields in what other users see (include, filters through an owner), private
 * ones only to the user and admins; email and password changes need the current
 * password; the migration diff sees the columns.
 */

const users = {
  fields: {
    username: field.string({ min: 1, max: 40, pattern: /^[a-z0-9_]+$/ }).unique(),
    bio: field.string({ max: 2000 }).optional(),
    image: field.string({ format: 'url', max: 500 }).optional(),
    phone: field.string({ max: 30 }).optional(),
  },
  public: ['username', 'bio', 'image'],
};

const articles = resource('articles', {
  fields: { title: field.string({ max: 100 }) },
  owner: 'author',
  filters: { author: 'author.username' },
  cache: { ttl: 60 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

const password = 'a perfectly long passphrase';
const adminPassword = 'correct horse battery staple';
let app: RampartApp;
let database: TestDatabaseUrl;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  app = await createApp({
    resources: [articles],
    users,
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: adminPassword,
    },
  });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token?: string) {
  n++;
  return app.fastify.inject({
    method,
    url,
    remoteAddress: `10.7.${(n >> 8) & 255}.${n & 255}`,
    ...(payload ? { payload } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

async function register(body: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/auth/register', { password, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { user: Record<string, unknown> & { id: string }; accessToken: string; refreshToken: string };
}

describe('register with user fields', () => {
  it('stores the fields and answers them to the user themself', async () => {
    const jake = await register({ email: 'jake@example.com', username: 'jake', bio: 'I work at statefarm', phone: '555-0100' });
    expect(jake.user).toMatchObject({ email: 'jake@example.com', username: 'jake', bio: 'I work at statefarm', image: null, phone: '555-0100' });
    const me = await call('GET', '/api/v1/auth/me', undefined, jake.accessToken);
    expect(me.json().data).toMatchObject({ username: 'jake', bio: 'I work at statefarm', image: null, phone: '555-0100' });
    // Server code registers with the same checks.
    const made = await app.auth.register({ email: 'kim@example.com', password, username: 'kim' });
    expect(made).toMatchObject({ username: 'kim', bio: null });
  });

  it('validates every field at once, naming each, and refuses undeclared ones', async () => {
    const res = await call('POST', '/api/v1/auth/register', { email: 'x@example.com', password, username: 'Not Valid!', image: 'javascript:alert(1)' });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.image', 'body.username']);
    const missing = await call('POST', '/api/v1/auth/register', { email: 'x@example.com', password });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'body.username' })]);
    const extra = await call('POST', '/api/v1/auth/register', { email: 'x@example.com', password, username: 'x', role: 'admin' });
    expect(extra.statusCode).toBe(400);
    await expect(app.auth.register({ email: 'x@example.com', password, username: 'x', role: 'admin' })).rejects.toMatchObject({
      code: 'RAMPART_VALIDATION',
      errors: [{ path: 'body.role', message: 'unknown field' }],
    });
    await expect(app.auth.register({ email: 'x@example.com', password, username: 'x', bio: 42 })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    expect(await app.auth.users.findUserByEmail('x@example.com')).toBeNull();
  });

  it('answers a taken username with a 409 naming the field, on register and on profile update', async () => {
    const res = await call('POST', '/api/v1/auth/register', { email: 'other@example.com', password, username: 'jake' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'RAMPART_UNIQUE_VIOLATION', errors: [{ path: 'body.username', message: 'already taken' }] });
    expect(await app.auth.users.findUserByEmail('other@example.com')).toBeNull();
    const lee = await register({ email: 'lee@example.com', username: 'lee' });
    const update = await call('PATCH', '/api/v1/auth/me', { username: 'jake' }, lee.accessToken);
    expect(update.statusCode).toBe(409);
    expect(update.json().errors).toEqual([{ path: 'body.username', message: 'already taken' }]);
  });
});

describe('profile update (PATCH /auth/me)', () => {
  it('changes the name and fields given, clears optional ones with null, and refuses the rest', async () => {
    const mo = await register({ email: 'mo@example.com', username: 'mo', bio: 'old' });
    const res = await call('PATCH', '/api/v1/auth/me', { name: 'Mo', bio: null, image: 'https://example.com/mo.png' }, mo.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ name: 'Mo', username: 'mo', bio: null, image: 'https://example.com/mo.png' });
    expect(res.headers['cache-control']).toBe('no-store');
    for (const body of [{ email: 'new@example.com' }, { role: 'admin' }, { password }, { username: null }, { username: 'UPPER' }]) {
      const refused = await call('PATCH', '/api/v1/auth/me', body, mo.accessToken);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call('PATCH', '/api/v1/auth/me', { bio: 'x' })).statusCode).toBe(401);
    const me = await call('GET', '/api/v1/auth/me', undefined, mo.accessToken);
    expect(me.json().data).toMatchObject({ email: 'mo@example.com', role: 'user', username: 'mo' });
  });
});

describe('public and private fields', () => {
  it('?include=<owner> shows the public fields only, and filters through the owner by them', async () => {
    const nia = await register({ email: 'nia@example.com', username: 'nia', bio: 'writes', phone: '555-0199' });
    const created = await call('POST', '/api/v1/articles', { title: 'Hello' }, nia.accessToken);
    expect(created.statusCode).toBe(201);
    const list = await call('GET', '/api/v1/articles?include=author');
    expect(list.statusCode).toBe(200);
    const author = list.json().data.find((a: { title: string }) => a.title === 'Hello').author;
    expect(author).toEqual({ id: nia.user.id, name: null, username: 'nia', bio: 'writes', image: null });
    const one = await call('GET', `/api/v1/articles/${created.json().data.id}?include=author`);
    expect(one.json().data.author).toEqual(author);
    expect(list.body).not.toMatch(/555-0199|nia@example\.com|password/);

    const filtered = await call('GET', '/api/v1/articles?author.username=nia');
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data.map((a: { title: string }) => a.title)).toEqual(['Hello']);
    expect((await call('GET', '/api/v1/articles?author.username=jake')).json().data).toEqual([]);
    expect((await call('GET', '/api/v1/articles?author=nia')).json().data).toHaveLength(1);
    // A profile change reaches cached answers that embed it.
    expect((await call('PATCH', '/api/v1/auth/me', { bio: 'edits now' }, nia.accessToken)).statusCode).toBe(200);
    const again = await call('GET', '/api/v1/articles?include=author');
    expect(again.json().data.find((a: { title: string }) => a.title === 'Hello').author.bio).toBe('edits now');
  });

  it('refuses a filter path to a private user field at startup', async () => {
    for (const path of ['author.phone', 'author.email', 'author.role']) {
      const probe = resource('probes', { fields: { title: field.string() }, owner: 'author', filters: { x: path }, access: { list: allow.public } });
      const error = await createApp({ resources: [probe], users, env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
      expect(String(error), path).toContain('users expose only id, name, username, bio and image');
    }
  });

  it('admins see every field but credentials', async () => {
    const login = await call('POST', '/api/v1/auth/login', { email: 'root@example.com', password: adminPassword });
    const res = await call('GET', '/api/v1/admin/users?limit=100', undefined, login.json().data.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.find((u: { email: string }) => u.email === 'jake@example.com')).toMatchObject({ username: 'jake', phone: '555-0100' });
    expect(res.body).not.toMatch(/argon2|password_hash/);
  });
});

describe('email and password change', () => {
  it('changes the email with the current password, refuses a wrong one or a taken email, and ends other sessions', async () => {
    const oz = await register({ email: 'oz@example.com', username: 'oz' });
    const other = (await call('POST', '/api/v1/auth/login', { email: 'oz@example.com', password })).json().data;
    const wrong = await call('POST', '/api/v1/auth/email', { currentPassword: 'not the password at all', newEmail: 'oz2@example.com' }, oz.accessToken);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ path: 'body.currentPassword', message: 'does not match' }]);
    const taken = await call('POST', '/api/v1/auth/email', { currentPassword: password, newEmail: 'JAKE@example.com' }, oz.accessToken);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ path: 'body.email', message: 'already taken' }]);
    const bad = await call('POST', '/api/v1/auth/email', { currentPassword: password, newEmail: 'not an email' }, oz.accessToken);
    expect(bad.statusCode).toBe(400);
    const ok = await call('POST', '/api/v1/auth/email', { currentPassword: password, newEmail: ' Oz2@Example.com ', refreshToken: oz.refreshToken }, oz.accessToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toMatchObject({ email: 'oz2@example.com', username: 'oz' });
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: oz.refreshToken })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/auth/login', { email: 'oz@example.com', password })).statusCode).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { email: 'oz2@example.com', password })).statusCode).toBe(200);
  });

  it('applies the password policy to a change and keeps the user fields', async () => {
    const pia = await register({ email: 'pia@example.com', username: 'pia' });
    const weak = await call('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'password1234' }, pia.accessToken);
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('body.newPassword');
    const ok = await call('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'a brand new long passphrase' }, pia.accessToken);
    expect(ok.statusCode).toBe(204);
    const login = await call('POST', '/api/v1/auth/login', { email: 'pia@example.com', password: 'a brand new long passphrase' });
    expect(login.json().data.user).toMatchObject({ username: 'pia' });
  });
});

describe('migrations', () => {
  it('generate-migration sees the user fields: columns (nullable) and their unique index', async () => {
    const target = await createTestDatabaseUrl();
    const db = openDatabase(target.url);
    try {
      await prepareSchema(db, [], { dir: false, env: 'test', extraTables: internalTables([]) });
      const dir = mkdtempSync(join(tmpdir(), 'rampart-user-fields-'));
      const declared = { fields: { username: srcField.string({ max: 40 }).unique(), bio: srcField.string({ max: 2000 }).optional() }, public: ['username'] };
      const file = await generateMigration(db, [], dir, { extraTables: internalTables([], declared) });
      expect(file).not.toBeNull();
      const text = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
      expect(text).toMatch(/username/);
      expect(text).toMatch(/bio/);
      expect(text).toMatch(/users_username_unique/);
      // Applied, the database matches: nothing more to generate.
      await prepareSchema(db, [], { dir: false, env: 'test', extraTables: internalTables([], declared) });
      expect(await generateMigration(db, [], mkdtempSync(join(tmpdir(), 'rampart-user-fields-')), { extraTables: internalTables([], declared) })).toBeNull();
    } finally {
      await db.close();
      await target.drop();
    }
  });

  it('refuses user fields that would clash with Rampart or be unsafe', async () => {
    const start = (declared: object) =>
      createApp({ users: declared as never, migrations: { dir: false }, logStream: new LogCapture(), env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } });
    await expect(start({ fields: { email: field.string() } })).rejects.toThrow(/users\.fields\.email/);
    await expect(start({ fields: { passwordHash: field.string().optional() } })).rejects.toThrow(/passwordHash/);
    await expect(start({ fields: { team: field.reference('teams').optional() } })).rejects.toThrow(/reference/);
    await expect(start({ fields: { bio: field.string().optional() }, public: ['phone'] })).rejects.toThrow(/users\.public: "phone"/);
  });
});
