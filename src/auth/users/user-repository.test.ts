import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { openTestDatabase } from '../../db/test-database-url.js';
import { prepareSchema } from '../../db/migrations/index.js';
import type { AppError } from '../../errors/app-error.js';
import { createUserRepository, type UserRepository } from './user-repository.js';
import { usersTable } from './users-table.js';

const password = 'correct horse battery staple';
let database: Database;
let users: UserRepository;

beforeEach(async () => {
  database = await openTestDatabase();
  await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersTable] });
  users = createUserRepository(database);
});
afterEach(() => database.close());

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as AppError,
  );
}

describe('createUser', () => {
  it('normalizes the email, hashes the password and returns the public user', async () => {
    const user = await users.createUser({ email: '  Ann@Example.COM ', password, name: ' Ann ' });
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/),
      email: 'ann@example.com',
      name: 'Ann',
      role: 'user',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: user.createdAt,
    });
    const row = await database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    // SQLite hands back the ISO text, PostgreSQL a Date of the timestamptz.
    expect(new Date(row.created_at).toISOString()).toBe(user.createdAt);
    expect(await users.createUser({ email: 'root@example.com', password, role: 'admin' })).toMatchObject({ role: 'admin', name: null });
  });

  it('answers a taken email, whatever its case, with a 409 on body.email', async () => {
    await users.createUser({ email: 'ann@example.com', password });
    const error = await rejection(users.createUser({ email: 'ANN@example.com', password: 'another long passphrase' }));
    expect(error).toMatchObject({ code: 'RAMPART_UNIQUE_VIOLATION', status: 409 });
    expect(error.errors).toEqual([{ path: 'body.email', message: 'already taken' }]);
  });

  it('lists every problem of the input in one validation error', async () => {
    const error = await rejection(users.createUser({ email: 'nope', password: 'password1234', name: 'x'.repeat(201), role: 'Super Admin' }));
    expect(error).toMatchObject({ code: 'RAMPART_VALIDATION', status: 400 });
    expect(error.errors?.map((e) => e.path)).toEqual(['body.email', 'body.password', 'body.name', 'body.role']);
    expect(await users.countByRole('user')).toBe(0);
  });

  it('lets other database errors through', async () => {
    const empty = await openTestDatabase();
    await expect(createUserRepository(empty).createUser({ email: 'a@example.com', password })).rejects.toThrow(/no such table|does not exist/);
    await empty.close();
  });
});

describe('lookups', () => {
  it('finds users by normalized email and by id; anything else is null', async () => {
    const ann = await users.createUser({ email: 'ann@example.com', password });
    expect(await users.findUserByEmail(' ANN@example.com')).toEqual(ann);
    expect(await users.findUserById(ann.id)).toEqual(ann);
    expect(await users.findUserByEmail('bob@example.com')).toBeNull();
    expect(await users.findUserByEmail('not an email')).toBeNull();
    expect(await users.findUserById('0190a000-0000-7000-8000-000000000000')).toBeNull();
  });

  it('lists users in creation order, at most 100 at a time, and counts roles', async () => {
    const created = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) created.push(await users.createUser({ email, password }));
    await users.createUser({ email: 'boss@example.com', password, role: 'admin' });
    expect((await users.listUsers()).map((u) => u.email)).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'boss@example.com']);
    expect(await users.listUsers({ limit: 2, offset: 1 })).toEqual(created.slice(1, 3));
    expect(await users.listUsers({ limit: 1000 })).toHaveLength(4);
    expect(await users.countByRole('user')).toBe(3);
    expect(await users.countByRole('admin')).toBe(1);
    expect(await users.countByRole('owner')).toBe(0);
    await expect(users.listUsers({ limit: 0 })).rejects.toThrow(RangeError);
    await expect(users.listUsers({ offset: -1 })).rejects.toThrow(RangeError);
    await expect(users.listUsers({ limit: 1.5 })).rejects.toThrow(RangeError);
  });
});
