import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatJson } from './json-format.js';
import { parseMigrationFile, readMigrationFiles, writeMigrationFile } from './migration-file.js';
import type { SchemaOperation } from './operations.js';
import { postgresColumnType } from './postgres-types.js';
import { schemaDialectFor } from './schema-dialect.js';
import { isSqlLiteral, sqlLiteral } from './sql-literal.js';
import { sqliteAffinityType, sqliteColumnType } from './sqlite-types.js';
import { tempDatabase, type TempDatabase } from './test-database.js';

const create: SchemaOperation = {
  op: 'createTable',
  table: 'markets',
  columns: [
    { name: 'id', type: 'uuid', notNull: true, primaryKey: true },
    { name: 'status', type: 'text', notNull: true, default: "'active'" },
  ],
};
const drop: SchemaOperation = { op: 'dropColumn', table: 'markets', column: 'volume' };

let t: TempDatabase;
beforeEach(async () => {
  t = await tempDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

describe('migration files', () => {
  it('are written as readable JSON, one column per line, and read back as written', async () => {
    const now = new Date('2026-03-04T05:06:07.890Z');
    const path = await writeMigrationFile(t.dir, [create], { dialect: 'sqlite', now });
    expect(path).toBe(join(t.dir, '20260304050607_create_markets.json'));
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('\n        { "name": "status", "type": "text", "notNull": true, "default": "\'active\'" }');
    expect(text).toContain('"op": "createTable",\n      "destructive": false,');
    const files = await readMigrationFiles(t.dir);
    expect([...files.keys()]).toEqual(['20260304050607_create_markets']);
    expect(files.get('20260304050607_create_markets')).toEqual({
      rampart: 1,
      dialect: 'sqlite',
      destructive: false,
      operations: [create],
    });
  });

  it('get a name that sorts after every existing file, and a clean slug', async () => {
    const now = new Date('2026-03-04T05:06:07Z');
    await writeMigrationFile(t.dir, [create], { dialect: 'sqlite', now });
    const second = await writeMigrationFile(t.dir, [drop], { dialect: 'sqlite', now, name: 'Drop Market Volume!' });
    expect(second).toMatch(/20260304050608_drop_market_volume\.json$/);
    const third = await writeMigrationFile(t.dir, [drop], { dialect: 'sqlite', now: new Date('2020-01-01T00:00:00Z'), name: '***' });
    expect(third).toMatch(/20260304050609_migration\.json$/);
    expect(readdirSync(t.dir).sort()).toEqual([
      '20260304050607_create_markets.json',
      '20260304050608_drop_market_volume.json',
      '20260304050609_migration.json',
    ]);
    const alter = await writeMigrationFile(t.dir, [drop, { op: 'dropIndex', table: 'bets', index: 'x' }], { dialect: 'sqlite' });
    expect(alter).toMatch(/_alter_markets_bets\.json$/);
    const body = JSON.parse(readFileSync(second, 'utf8')) as { destructive: boolean; operations: { destructive: boolean }[] };
    expect(body.destructive).toBe(true);
    expect(body.operations[0]?.destructive).toBe(true);
  });

  it('are read from a folder in name order, ignoring other files; a missing folder has none', async () => {
    expect((await readMigrationFiles(join(t.root, 'nowhere'))).size).toBe(0);
    mkdirSync(t.dir);
    const body = JSON.stringify({ rampart: 1, dialect: 'sqlite', destructive: false, operations: [] });
    writeFileSync(join(t.dir, '20260102000000_b.json'), body);
    writeFileSync(join(t.dir, '20260101000000_a.json'), body);
    writeFileSync(join(t.dir, 'README.md'), '# migrations');
    writeFileSync(join(t.dir, 'notes.json'), '{}');
    expect([...(await readMigrationFiles(t.dir)).keys()]).toEqual(['20260101000000_a', '20260102000000_b']);
    await expect(readMigrationFiles(join(t.dir, 'README.md'))).rejects.toThrow(/ENOTDIR/);
  });

  it('are checked, and a hand edit cannot hide a destructive operation', () => {
    expect(() => parseMigrationFile('{', 'x.json')).toThrow(/x\.json: not valid JSON/);
    expect(() => parseMigrationFile('{"rampart":2}', 'x.json')).toThrow(/x\.json: not a Rampart migration file/);
    const injected = { ...create, columns: [{ name: 'id', type: 'text', notNull: true, default: "0); DROP TABLE users; --" }] };
    expect(() =>
      parseMigrationFile(JSON.stringify({ rampart: 1, dialect: 'sqlite', destructive: false, operations: [injected] }), 'x.json'),
    ).toThrow(/operations\.0\.columns\.0\.default: must be a plain SQL literal/);
    const hidden = parseMigrationFile(
      JSON.stringify({ rampart: 1, dialect: 'sqlite', destructive: false, operations: [{ ...drop, destructive: false }] }),
      'x.json',
    );
    expect(hidden.destructive).toBe(true);
    expect(hidden.operations).toEqual([drop]);
  });
});

describe('SQL literals and types', () => {
  it('renders defaults as literals and recognises only literals', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(-1.5)).toBe('-1.5');
    expect(sqlLiteral(10n)).toBe('10');
    expect(sqlLiteral(true)).toBe('TRUE');
    expect(sqlLiteral(new Date('2026-01-01T00:00:00Z'))).toBe("'2026-01-01T00:00:00.000Z'");
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral({})).toThrow(/cannot store/);
    for (const ok of ["'x'", "'it''s'", '0', '-12.5', '1e3', 'TRUE', 'null']) expect(isSqlLiteral(ok)).toBe(true);
    for (const bad of ["'x'||'y'", "'unterminated", 'CURRENT_TIMESTAMP', '(1)', '1; DROP TABLE x']) expect(isSqlLiteral(bad)).toBe(false);
  });

  it('maps neutral types for SQLite and PostgreSQL', () => {
    expect(['text', 'integer', 'real', 'decimal', 'boolean', 'timestamp', 'json', 'uuid'].map((type) =>
      sqliteColumnType({ type: type as 'text' }),
    )).toEqual(['TEXT', 'INTEGER', 'REAL', 'INTEGER', 'INTEGER', 'TEXT', 'TEXT', 'TEXT']);
    expect(
      (['text', 'integer', 'real', 'boolean', 'timestamp', 'json', 'uuid'] as const).map((type) => postgresColumnType({ type })),
    ).toEqual(['text', 'bigint', 'double precision', 'boolean', 'timestamp with time zone', 'jsonb', 'uuid']);
    expect(postgresColumnType({ type: 'decimal', decimal: { precision: 12, scale: 4 } })).toBe('numeric(12,4)');
    expect(postgresColumnType({ type: 'decimal' })).toBe('numeric(15,2)');
    expect(['BIGINT', 'varchar(20)', 'DOUBLE', 'BLOB'].map(sqliteAffinityType)).toEqual(['integer', 'text', 'real', 'text']);
  });

  it('picks the schema dialect of the database', () => {
    expect(schemaDialectFor({ dialect: 'postgres' }).columnType({ type: 'json' })).toBe('jsonb');
    expect(schemaDialectFor({ dialect: 'sqlite' }).columnType({ type: 'json' })).toBe('TEXT');
  });

  it('formats JSON that parses back to the same value', () => {
    const value = { a: [1, 2, { b: 'x'.repeat(120) }], c: {}, d: null, e: [] };
    expect(JSON.parse(formatJson(value))).toEqual(value);
  });
});
