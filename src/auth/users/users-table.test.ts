import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { diffDatabase, prepareSchema } from '../../db/migrations/index.js';
import { uniqueViolationColumn } from '../../db/constraint-errors.js';
import { usersTable } from './users-table.js';

let database: Database;
beforeEach(() => {
  database = openDatabase('sqlite::memory:');
});
afterEach(() => database.close());

const row = (id: string, email: string) => ({
  id,
  email,
  password_hash: 'x',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

describe('usersTable', () => {
  it('is created by prepareSchema and then matches the database', async () => {
    const result = await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersTable] });
    expect(result.operations.length).toBeGreaterThan(0);
    expect((await diffDatabase(database, [], { extraTables: [usersTable] })).operations).toEqual([]);
    const { rows } = await sql<{ name: string }>`SELECT name FROM pragma_index_list('users') ORDER BY name`.execute(database.db);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['users_email_unique', 'users_role_idx']));
  });

  it('defaults the role to user and refuses a second row with the same email', async () => {
    await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersTable] });
    await database.db.insertInto('users').values(row('u1', 'a@example.com')).execute();
    expect(await database.db.selectFrom('users').select(['role', 'name']).executeTakeFirst()).toEqual({ role: 'user', name: null });
    const error = await database.db.insertInto('users').values(row('u2', 'a@example.com')).execute().catch((e: unknown) => e);
    expect(uniqueViolationColumn(error, 'users')).toBe('email');
    const pk = await database.db.insertInto('users').values(row('u1', 'b@example.com')).execute().catch((e: unknown) => e);
    expect(uniqueViolationColumn(pk, 'users')).toBe('id');
  });
});
