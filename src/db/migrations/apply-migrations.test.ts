import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { field } from '../../resources/fields/index.js';
import { resource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import {
  applyMigrations,
  diffDatabase,
  generateMigration,
  migrationStatus,
  prepareSchema,
  readMigrationFiles,
  type TableModel,
} from './index.js';
import { RampartMigrationProvider } from './migration-provider.js';
import { schemaDialectFor } from './schema-dialect.js';
import { insertRow, openAccess, tableNames, tempDatabase, type TempDatabase } from './test-database.js';
import { expectStartupError } from '../../../test/support/startup-error.js';

const markets = resource('markets', { fields: { name: field.string() }, access: openAccess });
const bets = resource('bets', { fields: { market: field.reference('markets') }, access: openAccess });

let t: TempDatabase;
let database: Database;

beforeEach(async () => {
  t = await tempDatabase();
  database = t.open();
});
afterEach(async () => {
  await t.cleanup();
});


function writeRaw(name: string, body: unknown): void {
  mkdirSync(t.dir, { recursive: true });
  writeFileSync(join(t.dir, `${name}.json`), JSON.stringify(body));
}

describe('generateMigration and applyMigrations (the rampart migrate commands)', () => {
  it('generates a file, reports it pending, applies it, then has nothing to generate', async () => {
    expect(await migrationStatus(database, t.dir)).toEqual({ applied: [], pending: [] });
    expect(await applyMigrations(database, t.dir)).toEqual([]);

    const path = await generateMigration(database, [markets, bets], t.dir, { name: 'first schema' });
    expect(path).toMatch(/_first_schema\.json$/);
    const name = readdirSync(t.dir)[0]?.replace('.json', '') as string;
    expect(await migrationStatus(database, t.dir)).toEqual({ applied: [], pending: [name] });
    expect(await tableNames(database)).not.toContain('markets');

    const again = await expectStartupError(generateMigration(database, [markets, bets], t.dir));
    expect(again.code).toBe('RAMPART_MIGRATION_PENDING');
    expect(again.message).toContain('rampart migrate');

    expect(await applyMigrations(database, t.dir)).toEqual([name]);
    expect(await applyMigrations(database, t.dir)).toEqual([]);
    expect(await migrationStatus(database, t.dir)).toEqual({ applied: [name], pending: [] });
    expect(await generateMigration(database, [markets, bets], t.dir)).toBeNull();
  });

  it('refuses to generate what cannot be migrated', async () => {
    await prepareSchema(database, [markets], { dir: t.dir, env: 'development' });
    const required = resource('markets', { fields: { name: field.string(), code: field.string() }, access: openAccess });
    const error = await expectStartupError(generateMigration(database, [required], t.dir));
    expect(error.code).toBe('RAMPART_DEFINITION_INVALID');
    expect(error.message).toContain('markets.code');
  });

  it('refuses destructive files before running any, listing what they drop', async () => {
    await prepareSchema(database, [markets, bets], { dir: t.dir, env: 'development' });
    await generateMigration(database, [markets], t.dir);
    const error = await expectStartupError(applyMigrations(database, t.dir));
    expect(error.code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');
    expect(error.message).toContain('drop table bets');
    expect(await tableNames(database)).toContain('bets');
    expect(await applyMigrations(database, t.dir, { allowDestructive: true })).toHaveLength(1);
    expect(await tableNames(database)).not.toContain('bets');
  });

  it('checks destructiveness again inside the migrator', async () => {
    await generateMigration(database, [markets, bets], t.dir);
    await applyMigrations(database, t.dir);
    await generateMigration(database, [markets], t.dir);
    const migrator = new Migrator({
      db: database.db,
      provider: new RampartMigrationProvider(await readMigrationFiles(t.dir), schemaDialectFor(database)),
    });
    const result = await migrator.migrateToLatest();
    expect(result.error).toBeInstanceOf(StartupError);
    expect((result.error as StartupError).code).toBe('RAMPART_MIGRATION_DESTRUCTIVE');
    expect(await tableNames(database)).toContain('bets');
  });

  it('rolls back every pending file when one fails', async () => {
    await generateMigration(database, [markets], t.dir, { name: 'one' });
    writeRaw('29990101000000_broken', {
      rampart: 1,
      dialect: 'sqlite',
      destructive: false,
      operations: [{ op: 'createIndex', table: 'nope', index: { name: 'nope_idx', columns: ['x'], unique: false } }],
    });
    const error = await expectStartupError(applyMigrations(database, t.dir));
    expect(error.code).toBe('RAMPART_MIGRATION_PENDING');
    expect(error.message).toMatch(/migration 29990101000000_broken failed and was rolled back.*(no such table|does not exist)/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(await tableNames(database)).not.toContain('markets');
    expect((await migrationStatus(database, t.dir)).applied).toEqual([]);
  });

  it('applies a file generated on the other dialect, with its defaults in this one\'s form', async () => {
    const other = database.dialect === 'sqlite' ? 'postgres' : 'sqlite';
    const defaults = other === 'sqlite' ? { price: '1250', open: '1' } : { price: "'12.50'", open: 'TRUE' };
    writeRaw('20260101000000_other', {
      rampart: 1,
      dialect: other,
      destructive: false,
      operations: [
        {
          op: 'createTable',
          table: 'prices',
          columns: [
            { name: 'id', type: 'uuid', notNull: true, primaryKey: true },
            { name: 'price', type: 'decimal', decimal: { precision: 15, scale: 2 }, notNull: true, default: defaults.price },
            { name: 'open', type: 'boolean', notNull: true, default: defaults.open },
          ],
        },
      ],
    });
    expect(await applyMigrations(database, t.dir)).toEqual(['20260101000000_other']);
    await database.db.insertInto('prices').values({ id: '01900000-0000-7000-8000-000000000001' }).execute();
    const row = await database.db.selectFrom('prices').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual(
      database.dialect === 'sqlite'
        ? { id: '01900000-0000-7000-8000-000000000001', price: 1250, open: 1 }
        : { id: '01900000-0000-7000-8000-000000000001', price: '12.50', open: true },
    );
  });

  it('manages extra tables through the same mechanism', async () => {
    const users: TableModel = {
      name: 'users',
      columns: [
        { name: 'id', type: 'uuid', notNull: true, primaryKey: true },
        { name: 'email', type: 'text', notNull: true },
      ],
      indexes: [{ name: 'users_email_unique', columns: ['email'], unique: true }],
    };
    const owned = resource('notes', { fields: { owner: field.reference('users') }, access: openAccess });
    await prepareSchema(database, [owned], { dir: t.dir, env: 'development', extraTables: [users] });
    const [u1, u2] = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002'];
    await database.db.insertInto('users').values({ id: u1, email: 'a@example.com' }).execute();
    await expect(database.db.insertInto('users').values({ id: u2, email: 'a@example.com' }).execute()).rejects.toThrow(
      /UNIQUE|duplicate key/,
    );
    await insertRow(database, 'notes', { owner: u1 });
    expect((await diffDatabase(database, [owned], { extraTables: [users] })).operations).toEqual([]);
    expect(await generateMigration(database, [owned], t.dir, { extraTables: [users] })).toBeNull();
  });
});
