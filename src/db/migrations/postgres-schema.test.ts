import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, type AnyField } from '../../resources/fields/index.js';
import { resource, type AnyResource } from '../../resources/resource.js';
import { openDatabase, type Database } from '../database.js';
import { createTestDatabaseUrl, schemaUrl } from '../test-database-url.js';
import { searchDocument, searchQuery } from './postgres-search.js';
import { applyMigrations, diffDatabase, generateMigration, migrationStatus, prepareSchema } from './index.js';
import { insertRow, openAccess, tempDatabase, type TempDatabase } from './test-database.js';

/*
 * PostgreSQL's own migration machinery (the postgres project only): native types, defaults
 * read back exactly as written, in-place alters, the search index, and boot under the
 * advisory lock. Everything else about migrations runs on both dialects elsewhere.
 */

const baseFields = {
  name: field.string({ max: 200 }).searchable(),
  about: field.string().optional().searchable(),
  status: field.enum(['active', 'closed']).default('active').filterable(),
  volume: field.decimal({ precision: 12, scale: 2 }).default('12.5').sortable(),
  featured: field.boolean().default(true),
  rank: field.integer().default(-3),
  score: field.number().default(1.5),
  settings: field.json().default({ a: 1 }),
  closesAt: field.timestamp().optional(),
};

function markets(fields: Record<string, AnyField> = {}): AnyResource {
  return resource('markets', { fields: { ...baseFields, ...fields }, access: openAccess });
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

const test = { dir: false as const, env: 'test' as const, allowDestructive: true };

async function columnTypes(table: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ column_name: string; type: string }>`
    SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.type]));
}

describe('PostgreSQL schema', () => {
  it('uses native types: uuid ids, timestamptz, numeric(p,s), boolean, bigint, jsonb', async () => {
    await prepareSchema(database, [markets()], test);
    expect(await columnTypes('markets')).toMatchObject({
      id: 'uuid',
      created_at: 'timestamp with time zone',
      closes_at: 'timestamp with time zone',
      volume: 'numeric(12,2)',
      featured: 'boolean',
      rank: 'bigint',
      score: 'double precision',
      settings: 'jsonb',
      name: 'text',
    });
  });

  it('reads every kind of default back as written, so a second boot changes nothing', async () => {
    await prepareSchema(database, [markets()], test);
    expect((await diffDatabase(database, [markets()])).operations).toEqual([]);
    const id = await insertRow(database, 'markets', { name: 'x' });
    const row = await database.db.selectFrom('markets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'active', volume: '12.50', featured: true, rank: -3, score: 1.5, settings: { a: 1 } });
  });

  it('alters columns in place: scale, nullability, default, added and dropped columns', async () => {
    await prepareSchema(database, [markets()], test);
    const id = await insertRow(database, 'markets', { name: 'kept', volume: '7.25' });
    const changed = markets({
      volume: field.decimal({ precision: 14, scale: 4 }).default('1').sortable(),
      about: field.string().default('none').searchable(),
      rank: field.integer().optional(),
      extra: field.string().default('new'),
    });
    const { operations } = await diffDatabase(database, [changed]);
    expect(operations.map((o) => o.op)).toEqual(expect.arrayContaining(['alterColumn', 'addColumn']));
    await prepareSchema(database, [changed], test);
    expect((await diffDatabase(database, [changed])).operations).toEqual([]);
    const row = await database.db.selectFrom('markets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ volume: '7.2500', about: 'none', extra: 'new' });
    expect(await columnTypes('markets')).toMatchObject({ volume: 'numeric(14,4)' });

    const { extra: _, ...rest } = { ...baseFields, extra: null };
    const dropped = resource('markets', { fields: rest, access: openAccess });
    await prepareSchema(database, [dropped], test);
    expect(Object.keys(await columnTypes('markets'))).not.toContain('extra');
  });

  it('serves ?q= from a GIN expression index over the searchable columns', async () => {
    await prepareSchema(database, [markets()], test);
    await insertRow(database, 'markets', { name: 'Rain in Paris', about: 'weather' });
    const { rows: indexes } = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'markets_fts'`.execute(database.db);
    expect(indexes[0]?.indexdef).toMatch(/USING gin \(to_tsvector\('simple'::regconfig, regexp_replace\(/);
    // With sequential scans priced out, a plan for the search condition can only use the index.
    await database.db.connection().execute(async (conn) => {
      await sql`SET enable_seqscan = off`.execute(conn);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM markets WHERE
        ${searchDocument(['name', 'about'])} @@ ${searchQuery('paris')}`.execute(conn);
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('markets_fts');
      await sql`RESET enable_seqscan`.execute(conn);
    });
    // Punctuation separates words, as in SQLite's tokenizer.
    await insertRow(database, 'markets', { name: 'Mail ann@example.com about report.pdf' });
    for (const word of ['example', 'ann', 'pdf', 'ann@example.com']) {
      const { rows } = await sql<{ name: string }>`SELECT name FROM markets WHERE
        ${searchDocument(['name', 'about'])} @@ ${searchQuery(word)}`.execute(database.db);
      expect(rows.map((r) => r.name)).toEqual(['Mail ann@example.com about report.pdf']);
    }
    // Changing the searchable fields rebuilds the index over the new columns.
    const renamed = markets({ about: field.string().optional() });
    await prepareSchema(database, [renamed], test);
    const { rows } = await sql<{ comment: string }>`SELECT obj_description('markets_fts'::regclass, 'pg_class') AS comment`.execute(database.db);
    expect(JSON.parse(rows[0]?.comment ?? '[]')).toEqual(['name']);
  });

  it('lets instances booting together bring the schema up one at a time, each change applied once', async () => {
    // Four separate pools on one empty schema, as four processes would have.
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db)).rows[0]?.s as string;
    const instances = Array.from({ length: 4 }, () => openDatabase(schemaUrl(schema)));
    try {
      const results = await Promise.all(
        instances.map((instance) => instance.exclusively((db) => prepareSchema({ ...instance, db }, [markets()], test))),
      );
      expect(results.filter((r) => r.operations.length > 0)).toHaveLength(1);
      expect(results.filter((r) => r.operations.length === 0)).toHaveLength(3);
    } finally {
      for (const instance of instances) await instance.close();
    }
  });

  it('boots with a pool of one, and waits out other instances and long migrations whatever the statement timeout', async () => {
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db)).rows[0]?.s as string;
    // A pool of one connection and a 200 ms statement timeout: neither may break boot.
    const tight = openDatabase(schemaUrl(schema), { poolSize: 1, statementTimeoutMs: 200 });
    try {
      await tight.exclusively((db) => prepareSchema({ ...tight, db }, [markets()], test));
      // Another instance is booting (holds the lock for 600 ms), and another session holds
      // the table the next migration alters: both waits outlast the statement timeout.
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const otherBoot = database.exclusively(() => sleep(600));
      const tableHeld = database.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE markets IN ACCESS EXCLUSIVE MODE`.execute(trx);
        await sleep(900);
      });
      await sleep(50);
      const changed = markets({ extra: field.string().default('x') });
      const result = await tight.exclusively((db) => prepareSchema({ ...tight, db }, [changed], test));
      expect(result.operations.map((o) => o.op)).toEqual(['addColumn']);
      await Promise.all([otherBoot, tableHeld]);
      expect(Object.keys(await columnTypes('markets'))).toContain('extra');
    } finally {
      await tight.close();
    }
  });

  it('keeps its migration history apart from another schema of the same database', async () => {
    // Another app (or tenant) in the same database, with its own history already.
    const other = await createTestDatabaseUrl('postgres');
    const neighbour = openDatabase(other.url);
    try {
      await generateMigration(neighbour, [markets()], join(other.dir, 'migrations'));
      expect(await applyMigrations(neighbour, join(other.dir, 'migrations'))).toHaveLength(1);
      await generateMigration(database, [markets()], t.dir);
      expect(await applyMigrations(database, t.dir)).toHaveLength(1);
      expect((await migrationStatus(database, t.dir)).pending).toEqual([]);
    } finally {
      await neighbour.close();
      await other.drop();
    }
  });
});
