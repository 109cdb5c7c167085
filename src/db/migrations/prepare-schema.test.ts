import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, type AnyField } from '../../resources/fields/index.js';
import { resource, type AnyResource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import { applyMigrations, diffDatabase, migrationStatus, prepareSchema, type PrepareSchemaOptions } from './index.js';
import { insertRow, openAccess, search, tableNames, tempDatabase, type TempDatabase } from './test-database.js';
import { expectStartupError } from '../../../test/support/startup-error.js';

const marketFields = {
  name: field.string({ max: 200 }).searchable(),
  status: field.enum(['active', 'closed']).default('active').filterable(),
  volume: field.decimal().default('0').sortable(),
};

function markets(fields: Record<string, AnyField> = {}, indexes?: string[][]): AnyResource {
  return resource('markets', { fields: { ...marketFields, ...fields }, access: openAccess, ...(indexes ? { indexes } : {}) });
}

const positions = resource('positions', {
  fields: { market: field.reference('markets', { onDelete: 'cascade' }), amount: field.decimal() },
  access: openAccess,
});


let t: TempDatabase;
let database: Database;
let logs: string[];
let dev: PrepareSchemaOptions;

beforeEach(async () => {
  t = await tempDatabase();
  database = t.open();
  logs = [];
  dev = { dir: '', env: 'development', log: (m) => logs.push(m) };
  dev.dir = t.dir;
});

afterEach(async () => {
  await t.cleanup();
});

const files = (): string[] => readdirSync(t.dir).sort();

describe('prepareSchema in development', () => {
  it('creates the schema from nothing through a written and applied migration file', async () => {
    const result = await prepareSchema(database, [markets(), positions], dev);
    expect(result.written).not.toBeNull();
    expect(files()).toEqual([expect.stringMatching(/^\d{14}_create_markets_positions\.json$/)]);
    expect(result.applied).toEqual([files()[0]?.replace('.json', '')]);
    expect(logs.some((l) => l.startsWith('wrote migration'))).toBe(true);
    const names = await tableNames(database);
    expect(names).toEqual(expect.arrayContaining(['markets', 'markets_fts', 'positions', 'rampart_schema', 'kysely_migration']));

    const file = JSON.parse(readFileSync(result.written as string, 'utf8')) as { rampart: number; destructive: boolean; operations: { op: string }[] };
    expect(file.rampart).toBe(1);
    expect(file.destructive).toBe(false);
    expect(file.operations[0]).toMatchObject({ op: 'createTable', destructive: false, table: 'markets' });

    const { rows } = await sql<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>`
      SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('markets')`.execute(database.db);
    expect(rows).toEqual([
      { name: 'id', type: 'TEXT', notnull: 1, dflt_value: null, pk: 1 },
      { name: 'created_at', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'updated_at', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'name', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'status', type: 'TEXT', notnull: 1, dflt_value: "'active'", pk: 0 },
      { name: 'volume', type: 'INTEGER', notnull: 1, dflt_value: '0', pk: 0 },
    ]);
  });

  it('does nothing when run again', async () => {
    await prepareSchema(database, [markets(), positions], dev);
    const again = await prepareSchema(database, [markets(), positions], dev);
    expect(again).toEqual({ applied: [], written: null, operations: [] });
    expect(files()).toHaveLength(1);
    expect((await diffDatabase(database, [markets(), positions])).operations).toEqual([]);
  });

  it('adds a field to a table with rows, keeping the data', async () => {
    await prepareSchema(database, [markets()], dev);
    const id = await insertRow(database, 'markets', { name: 'Rain tomorrow?' });
    const result = await prepareSchema(database, [markets({ featured: field.boolean().default(true), notes: field.string().optional() })], dev);
    expect(result.operations.map((o) => o.op)).toEqual(['addColumn', 'addColumn']);
    expect(files()).toHaveLength(2);
    expect(result.applied).toEqual([files()[1]?.replace('.json', '')]);
    const row = await database.db.selectFrom('markets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Rain tomorrow?', status: 'active', volume: 0, featured: 1, notes: null });
  });

  it('adds a unique index that the database enforces, and plain indexes', async () => {
    await prepareSchema(database, [markets()], dev);
    await insertRow(database, 'markets', { name: 'a' });
    await prepareSchema(database, [markets({ slug: field.string().optional().unique() }, [['status', 'name']])], dev);
    const { rows } = await sql<{ name: string; unique: number }>`
      SELECT name, "unique" FROM pragma_index_list('markets') WHERE origin = 'c' ORDER BY name`.execute(database.db);
    expect(rows).toContainEqual({ name: 'markets_slug_unique', unique: 1 });
    expect(rows).toContainEqual({ name: 'markets_status_name_idx', unique: 0 });
    await insertRow(database, 'markets', { name: 'b', slug: 'same' });
    await expect(insertRow(database, 'markets', { name: 'c', slug: 'same' })).rejects.toThrow(/UNIQUE constraint failed/);
  });

  it('drops an index that is no longer declared', async () => {
    await prepareSchema(database, [markets({ slug: field.string().optional().unique() })], dev);
    const result = await prepareSchema(database, [markets({ slug: field.string().optional() })], dev);
    expect(result.operations).toEqual([{ op: 'dropIndex', table: 'markets', index: 'markets_slug_unique' }]);
    await insertRow(database, 'markets', { name: 'a', slug: 'same' });
    await insertRow(database, 'markets', { name: 'b', slug: 'same' });
  });

  it('repairs a search index whose triggers went missing, and notices hand-made column changes', async () => {
    await prepareSchema(database, [markets()], dev);
    const id = await insertRow(database, 'markets', { name: 'drifting' });
    await sql`DROP TRIGGER markets_fts_au`.execute(database.db);
    await sql`ALTER TABLE markets ADD COLUMN extra REAL`.execute(database.db);
    const diff = await diffDatabase(database, [markets({ extra: field.number().optional() })]);
    expect(diff.operations.map((o) => o.op)).toEqual(['dropSearch', 'createSearch']);
    await prepareSchema(database, [markets({ extra: field.number().optional() })], dev);
    await database.db.updateTable('markets').set({ name: 'anchored' }).where('id', '=', id).execute();
    expect(await search(database, 'markets', 'anchored')).toEqual([id]);
  });

  it('keeps full-text search in sync through triggers', async () => {
    await prepareSchema(database, [markets()], dev);
    const rain = await insertRow(database, 'markets', { name: 'Will it rain in Paris?' });
    const snow = await insertRow(database, 'markets', { name: 'Snow in Zürich' });
    expect(await search(database, 'markets', 'paris')).toEqual([rain]);
    expect(await search(database, 'markets', 'zurich')).toEqual([snow]);

    await database.db.updateTable('markets').set({ name: 'Will it rain in Lyon?' }).where('id', '=', rain).execute();
    expect(await search(database, 'markets', 'paris')).toEqual([]);
    expect(await search(database, 'markets', 'lyon')).toEqual([rain]);
    // Updates of other columns leave the index alone (the update trigger is limited to searchable columns).
    await database.db.updateTable('markets').set({ status: 'closed' }).where('id', '=', rain).execute();
    expect(await search(database, 'markets', 'lyon')).toEqual([rain]);

    await database.db.deleteFrom('markets').where('id', '=', rain).execute();
    expect(await search(database, 'markets', 'lyon')).toEqual([]);
    expect(await search(database, 'markets', 'rain')).toEqual([]);
  });

  it('rebuilds search when the searchable fields change, finding old rows by the new column', async () => {
    await prepareSchema(database, [markets({ summary: field.string().optional() })], dev);
    const id = await insertRow(database, 'markets', { name: 'Elections', summary: 'Who wins the mayoral race?' });
    expect(await search(database, 'markets', 'mayoral')).toEqual([]);

    const result = await prepareSchema(database, [markets({ summary: field.string().optional().searchable() })], dev);
    expect(result.operations.map((o) => o.op)).toEqual(['dropSearch', 'createSearch']);
    expect(await search(database, 'markets', 'mayoral')).toEqual([id]);
    expect(await search(database, 'markets', 'elections')).toEqual([id]);

    // No longer searchable at all: the index and its triggers go, the rows stay.
    const plain = resource('markets', {
      fields: { name: field.string(), status: marketFields.status, volume: marketFields.volume, summary: field.string().optional() },
      access: openAccess,
    });
    await prepareSchema(database, [plain], dev);
    expect(await tableNames(database)).not.toContain('markets_fts');
    await insertRow(database, 'markets', { name: 'after' });
    expect(await database.db.selectFrom('markets').select('id').execute()).toHaveLength(2);
  });

  it('refuses to drop a field without allowDestructive, keeping the data, and drops it with it', async () => {
    await prepareSchema(database, [markets({ notes: field.string().optional() })], dev);
    const id = await insertRow(database, 'markets', { name: 'kept', notes: 'precious' });

    const error = await expectStartupError(prepareSchema(database, [markets()], dev));
    expect(error.code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');
    expect(error.message).toContain('drop column markets.notes');
    expect(error.message).toContain('rampart migrate --allow-destructive');
    const written = files()[1] as string;
    expect(error.message).toContain(written);
    expect(await database.db.selectFrom('markets').select('notes').where('id', '=', id).executeTakeFirst()).toEqual({
      notes: 'precious',
    });

    // The reviewed file stays pending, and blocks the next boot the same way.
    expect((await migrationStatus(database, t.dir)).pending).toEqual([written.replace('.json', '')]);
    expect((await expectStartupError(prepareSchema(database, [markets()], dev))).code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');

    expect(await applyMigrations(database, t.dir, { allowDestructive: true })).toEqual([written.replace('.json', '')]);
    const row = await database.db.selectFrom('markets').selectAll().where('id', '=', id).executeTakeFirst();
    expect(row).toMatchObject({ name: 'kept' });
    expect(row).not.toHaveProperty('notes');
    expect(await search(database, 'markets', 'kept')).toEqual([id]);
    expect((await prepareSchema(database, [markets()], dev)).operations).toEqual([]);
  });

  it('applies a destructive change at boot when allowDestructive is set', async () => {
    await prepareSchema(database, [markets({ notes: field.string().optional() })], dev);
    const result = await prepareSchema(database, [markets()], { ...dev, allowDestructive: true });
    expect(result.operations.map((o) => o.op)).toEqual(['dropColumn']);
    expect(result.applied).toHaveLength(1);
  });

  it('explains that a required field without a default cannot be added to a table with rows', async () => {
    await prepareSchema(database, [markets()], dev);
    await insertRow(database, 'markets', { name: 'a' });
    const error = await expectStartupError(prepareSchema(database, [markets({ closesAt: field.timestamp() })], dev));
    expect(error.code).toBe('RAMPART_DEFINITION_INVALID');
    expect(error.message).toContain('markets.closes_at');
    expect(error.message).toContain('.default(...)');
    expect(error.message).toContain('.optional()');
    expect(files()).toHaveLength(1);
  });

  it('enforces foreign keys of references', async () => {
    await prepareSchema(database, [markets(), positions], dev);
    await expect(insertRow(database, 'positions', { market: crypto.randomUUID(), amount: 100 })).rejects.toThrow(
      /FOREIGN KEY constraint failed/,
    );
    const market = await insertRow(database, 'markets', { name: 'm' });
    await insertRow(database, 'positions', { market, amount: 100 });
    await database.db.deleteFrom('markets').where('id', '=', market).execute();
    expect(await database.db.selectFrom('positions').selectAll().execute()).toEqual([]);
  });

  it('reproduces the same schema on a fresh database from the files of a previous run', async () => {
    await prepareSchema(database, [markets({ notes: field.string().optional() }), positions], dev);
    await prepareSchema(database, [markets({ notes: field.string().optional().searchable(), slug: field.string().optional().unique() }), positions], dev);
    await prepareSchema(database, [markets({ slug: field.string().optional().unique() }), positions], { ...dev, allowDestructive: true });
    expect(files()).toHaveLength(3);

    const fresh = t.open(join(t.root, 'fresh.db'));
    const final = [markets({ slug: field.string().optional().unique() }), positions];
    expect(await applyMigrations(fresh, t.dir, { allowDestructive: true })).toHaveLength(3);
    expect(await diffDatabase(fresh, final)).toEqual({ operations: [], problems: [] });
    const schemaOf = async (db: Database): Promise<unknown> =>
      (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name NOT LIKE 'kysely%' ORDER BY name`.execute(db.db)).rows;
    expect(await schemaOf(fresh)).toEqual(await schemaOf(database));
  });

  it('leaves tables it did not create alone', async () => {
    await sql`CREATE TABLE my_notes (body TEXT)`.execute(database.db);
    await prepareSchema(database, [markets()], dev);
    const diff = await diffDatabase(database, []);
    expect(diff.operations.map((o) => `${o.op} ${o.table}`)).toEqual(['dropSearch markets', 'dropTable markets']);
    expect(await tableNames(database)).toContain('my_notes');

    const error = await expectStartupError(prepareSchema(database, [resource('my-notes', { fields: {}, access: openAccess })], dev));
    expect(error.message).toContain('"my_notes" already exists but was not created by Rampart');
  });
});

describe('prepareSchema without a migrations folder', () => {
  it('applies changes directly, with no file and no Kysely history', async () => {
    const test: PrepareSchemaOptions = { dir: false, env: 'test' };
    const result = await prepareSchema(database, [markets(), positions], test);
    expect(result.written).toBeNull();
    expect(result.operations.length).toBeGreaterThan(0);
    expect(await tableNames(database)).not.toContain('kysely_migration');
    expect((await prepareSchema(database, [markets(), positions], test)).operations).toEqual([]);

    const id = await insertRow(database, 'markets', { name: 'x' });
    const error = await expectStartupError(prepareSchema(database, [resource('markets', { fields: { name: field.string() }, access: openAccess }), positions], test));
    expect(error.code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');
    expect(await database.db.selectFrom('markets').select('status').where('id', '=', id).executeTakeFirst()).toEqual({ status: 'active' });
  });

  it('works on an in-memory database', async () => {
    const { openDatabase } = await import('../database.js');
    const memory = openDatabase('sqlite::memory:');
    try {
      await prepareSchema(memory, [markets()], { dir: false, env: 'development' });
      const id = await insertRow(memory, 'markets', { name: 'in memory' });
      expect(await search(memory, 'markets', 'memory')).toEqual([id]);
    } finally {
      await memory.close();
    }
  });
});

describe('prepareSchema in production', () => {
  it('refuses to change the schema by itself and says which commands to run', async () => {
    const error = await expectStartupError(prepareSchema(database, [markets()], { dir: t.dir, env: 'production' }));
    expect(error.code).toBe('RAMPART_MIGRATION_PENDING');
    expect(error.message).toContain('create table markets');
    expect(error.message).toContain('rampart migrate:generate');
    expect(error.message).toContain('rampart migrate`');
    expect(await tableNames(database)).not.toContain('markets');
  });

  it('applies reviewed files at boot, then finds nothing pending', async () => {
    await prepareSchema(t.open(join(t.root, 'dev.db')), [markets()], dev);
    const result = await prepareSchema(database, [markets()], { dir: t.dir, env: 'production' });
    expect(result.applied).toHaveLength(1);
    expect(result.operations).toEqual([]);
  });
});
