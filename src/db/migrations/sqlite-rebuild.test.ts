import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { field, type AnyField } from '../../resources/fields/index.js';
import { resource, type AnyResource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import { diffDatabase, isDestructive, prepareSchema, type PrepareSchemaOptions } from './index.js';
import { insertRow, openAccess, search, tempDatabase, type TempDatabase } from './test-database.js';

/*
 * SQLite cannot alter a column in place: type, nullability, default and reference
 * changes, and drops, rebuild the table. These tests check that rows, rowids (and so
 * the search index), indexes, triggers and the tables referencing it all survive.
 */

const direct: PrepareSchemaOptions = { dir: false, env: 'test', allowDestructive: true };

function items(fields: Record<string, AnyField>): AnyResource {
  return resource('items', { fields: { title: field.string().searchable().unique(), ...fields }, access: openAccess });
}

let t: TempDatabase;
let database: Database;

beforeEach(async () => {
  t = await tempDatabase();
  database = t.open();
});

afterEach(async () => {
  await t.cleanup();
});

async function values(column: string): Promise<unknown[]> {
  const rows = await database.db.selectFrom('items').select(column).orderBy('title').execute();
  return rows.map((r) => (r as Record<string, unknown>)[column]);
}

async function migrate(fields: Record<string, AnyField>, extra: AnyResource[] = []): Promise<void> {
  await prepareSchema(database, [items(fields), ...extra], direct);
  expect((await diffDatabase(database, [items(fields), ...extra])).operations).toEqual([]);
}

describe('SQLite table rebuilds', () => {
  it('converts stored values when a number type changes, and marks it destructive', async () => {
    await migrate({ price: field.integer().optional() });
    await insertRow(database, 'items', { title: 'a', price: 12 });
    await insertRow(database, 'items', { title: 'b', price: null });

    const diff = await diffDatabase(database, [items({ price: field.decimal().optional() })]);
    expect(diff.operations.map(isDestructive)).toEqual([true]);
    const refused = await prepareSchema(database, [items({ price: field.decimal().optional() })], { ...direct, allowDestructive: false }).catch(
      (e: unknown) => e,
    );
    expect((refused as StartupError).code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');

    await migrate({ price: field.decimal().optional() });
    expect(await values('price')).toEqual([1200, null]); // 12.00 as hundredths
    await migrate({ price: field.decimal({ scale: 4 }).optional() });
    expect(await values('price')).toEqual([120000, null]);
    await database.db.updateTable('items').set({ price: 123456 }).where('title', '=', 'a').execute(); // 12.3456
    await migrate({ price: field.decimal({ scale: 2 }).optional() });
    expect(await values('price')).toEqual([1235, null]);
    await migrate({ price: field.number().optional() });
    expect(await values('price')).toEqual([12.35, null]);
    await migrate({ price: field.decimal({ scale: 1 }).optional() });
    expect(await values('price')).toEqual([124, null]);
    await migrate({ price: field.boolean().optional() });
    expect(await values('price')).toEqual([1, null]);
    await migrate({ price: field.string().optional() });
    expect(await values('price')).toEqual(['1', null]);
    await migrate({ price: field.integer().optional() });
    expect(await values('price')).toEqual([1, null]);
    await migrate({ price: field.decimal({ scale: 2 }).optional() });
    await migrate({ price: field.integer().optional() });
    expect(await values('price')).toEqual([1, null]);
  });

  it('fills NULLs with the new default when a field stops being optional', async () => {
    await migrate({ status: field.string().optional() });
    await insertRow(database, 'items', { title: 'a', status: null });
    await insertRow(database, 'items', { title: 'b', status: 'closed' });
    await migrate({ status: field.string().default('open') });
    expect(await values('status')).toEqual(['open', 'closed']);
    const id = await insertRow(database, 'items', { title: 'c' });
    expect(await database.db.selectFrom('items').select('status').where('id', '=', id).executeTakeFirst()).toEqual({ status: 'open' });
  });

  it('refuses to make a field required while rows lack a value, and rolls back', async () => {
    await migrate({ status: field.string().optional() });
    await insertRow(database, 'items', { title: 'a', status: null });
    const error = await prepareSchema(database, [items({ status: field.string() })], direct).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toMatch(/cannot make items\.status required: 1 row\(s\) have no value/);
    expect((error as StartupError).message).toContain('rolled back');
    expect(await values('status')).toEqual([null]);

    await database.db.updateTable('items').set({ status: 'set' }).execute();
    await migrate({ status: field.string() });
    await expect(insertRow(database, 'items', { title: 'b', status: null })).rejects.toThrow(/NOT NULL/);
  });

  it('keeps rowids, search, indexes and triggers across a rebuild', async () => {
    await migrate({ note: field.string().optional() });
    const a = await insertRow(database, 'items', { title: 'alpha centauri' });
    const b = await insertRow(database, 'items', { title: 'beta pictoris' });
    await database.db.deleteFrom('items').where('id', '=', a).execute(); // leaves a gap in rowids
    const before = await sql<{ rowid: number; id: string }>`SELECT rowid, id FROM items`.execute(database.db);

    await migrate({ note: field.string().default('') });
    expect((await sql<{ rowid: number; id: string }>`SELECT rowid, id FROM items`.execute(database.db)).rows).toEqual(before.rows);
    expect(await search(database, 'items', 'pictoris')).toEqual([b]);
    const c = await insertRow(database, 'items', { title: 'gamma draconis' });
    expect(await search(database, 'items', 'draconis')).toEqual([c]);
    await expect(insertRow(database, 'items', { title: 'gamma draconis' })).rejects.toThrow(/UNIQUE/);
  });

  it('rebuilds a referenced table without cascading into the rows that reference it', async () => {
    const children = resource('children', {
      fields: { item: field.reference('items', { onDelete: 'cascade' }), nick: field.string().optional() },
      access: openAccess,
    });
    await migrate({ note: field.string().optional() }, [children]);
    const item = await insertRow(database, 'items', { title: 'parent' });
    await insertRow(database, 'children', { item });

    await migrate({ note: field.string().default('x') }, [children]);
    expect(await database.db.selectFrom('children').select('item').execute()).toEqual([{ item }]);
    const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(database.db);
    expect(rows[0]?.foreign_keys).toBe(1);

    // The foreign key now points at the rebuilt table and still cascades.
    await database.db.deleteFrom('items').where('id', '=', item).execute();
    expect(await database.db.selectFrom('children').selectAll().execute()).toEqual([]);
  });

  it('drops a reference column and changes what a reference does on delete', async () => {
    const withRef = (onDelete: 'cascade' | 'restrict') =>
      resource('children', { fields: { item: field.reference('items', { onDelete }), nick: field.string().optional() }, access: openAccess });
    await migrate({}, [withRef('cascade')]);
    const item = await insertRow(database, 'items', { title: 'parent' });
    await insertRow(database, 'children', { item, nick: 'kid' });

    await migrate({}, [withRef('restrict')]);
    await expect(database.db.deleteFrom('items').where('id', '=', item).execute()).rejects.toThrow(/FOREIGN KEY/);

    await migrate({}, [resource('children', { fields: { nick: field.string().optional() }, access: openAccess })]);
    expect(await database.db.selectFrom('children').selectAll().execute()).toEqual([
      expect.objectContaining({ nick: 'kid' }),
    ]);
    await database.db.deleteFrom('items').where('id', '=', item).execute();
  });

  it('rolls back a change that would leave rows pointing at nothing', async () => {
    const loose = resource('children', { fields: { item: field.string() }, access: openAccess });
    await migrate({}, [loose]);
    await insertRow(database, 'children', { item: 'not-an-id' });
    const strict = resource('children', { fields: { item: field.reference('items') }, access: openAccess });
    const error = await prepareSchema(database, [items({}), strict], direct).catch((e: unknown) => e);
    expect((error as StartupError).message).toMatch(/1 row\(s\) of children would point at missing items records/);
    expect((await diffDatabase(database, [items({}), loose])).operations).toEqual([]);
  });
});
