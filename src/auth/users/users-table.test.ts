import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { openTestDatabase } from '../../db/test-database-url.js';
import { diffDatabase, prepareSchema } from '../../db/migrations/index.js';
import { schemaDialectFor } from '../../db/migrations/schema-dialect.js';
import { uniqueViolationColumn } from '../../db/constraint-errors.js';
import { usersTable } from './users-table.js';

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(() => database.close());

const u1 = '01900000-0000-7000-8000-000000000001';
const u2 = '01900000-0000-7000-8000-000000000002';
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
    const { tables } = await schemaDialectFor(database).introspect(database.db);
    const indexes = tables.find((t) => t.name === 'users')?.indexes.map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['users_email_unique', 'users_role_idx']));
  });

  it('defaults the role to user and refuses a second row with the same email', async () => {
    await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersTable] });
    await database.db.insertInto('users').values(row(u1, 'a@example.com')).execute();
    expect(await database.db.selectFrom('users').select(['role', 'name']).executeTakeFirst()).toEqual({ role: 'user', name: null });
    const error = await database.db.insertInto('users').values(row(u2, 'a@example.com')).execute().catch((e: unknown) => e);
    expect(uniqueViolationColumn(error, 'users')).toBe('email');
    const pk = await database.db.insertInto('users').values(row(u1, 'b@example.com')).execute().catch((e: unknown) => e);
    expect(uniqueViolationColumn(pk, 'users')).toBe('id');
  });
});
