/* eslint-disable @typescript-eslint/no-explicit-any -- test tables are addressed by name */
/**
 * Test support for this folder (imported by tests only): a `markets` resource with one
 * field of each filterable kind, its SQLite table written in plain SQL (the FTS5 table
 * and triggers included), and seed records. The DDL is written by hand on purpose, so
 * the query layer is tested against SQL it did not generate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { field } from '../fields/index.js';
import { resource, type AnyResource } from '../resource.js';

/** The resource under test. `notes` and `meta` are deliberately not filterable. */
export const markets: AnyResource = resource('markets', {
  fields: {
    name: field.string({ min: 1, max: 200 }).searchable().filterable().sortable(),
    status: field.enum(['active', 'closed', 'resolved']).default('active').filterable(),
    volume: field.decimal({ min: '0' }).default('0').filterable().sortable(),
    rank: field.integer().default(0).filterable().sortable(),
    score: field.number().default(0).filterable().sortable(),
    featured: field.boolean().default(false).filterable().sortable(),
    closesAt: field.timestamp().optional().filterable(),
    creator: field.reference('users').optional().filterable(),
    notes: field.string().optional(),
    meta: field.json().optional(),
  },
  access: {},
}) as unknown as AnyResource;

/** A resource without searchable fields, where `q` is an unknown parameter. */
export const tags: AnyResource = resource('tags', {
  fields: { label: field.string({ max: 200 }).filterable().sortable() },
  access: {},
  defaultSort: 'label',
}) as unknown as AnyResource;

const ddl = `
create table markets (
  id text primary key,
  created_at text not null,
  updated_at text not null,
  name text not null,
  status text not null,
  volume integer not null,
  rank integer not null,
  score real not null,
  featured integer not null,
  closes_at text,
  creator text,
  notes text,
  meta text
);
create virtual table markets_fts using fts5(name, content='markets', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
create trigger markets_fts_insert after insert on markets begin
  insert into markets_fts(rowid, name) values (new.rowid, new.name);
end;
create trigger markets_fts_delete after delete on markets begin
  insert into markets_fts(markets_fts, rowid, name) values ('delete', old.rowid, old.name);
end;
create trigger markets_fts_update after update on markets begin
  insert into markets_fts(markets_fts, rowid, name) values ('delete', old.rowid, old.name);
  insert into markets_fts(rowid, name) values (new.rowid, new.name);
end;
`;

/** A market as the API shows it: JSON values keyed by field name. */
export type MarketRecord = Record<string, unknown> & { id: string };

/** An open SQLite file holding the `markets` table, removed by `close()`. */
export interface MarketsDb {
  db: Kysely<any>;
  insert(records: MarketRecord[]): Promise<void>;
  /** All rows, converted back to records with each field's `fromDb`. */
  toRecord(row: Record<string, unknown>): MarketRecord;
  close(): Promise<void>;
}

/**
 * Creates a fresh SQLite file in a temporary folder with the markets schema.
 *
 * @example
 * const store = await openMarketsDb();
 */
export async function openMarketsDb(): Promise<MarketsDb> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-query-'));
  const sqlite = new SQLite(join(dir, 'test.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec(ddl);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const fields = [...markets.fields.values()];
  return {
    db,
    async insert(records) {
      for (const record of records) {
        const row: Record<string, unknown> = {};
        for (const f of fields) {
          const value = record[f.name];
          row[f.column] = value === null || value === undefined ? null : f.field.spec.toDb(value, 'sqlite');
        }
        await db.insertInto('markets').values(row).execute();
      }
    },
    toRecord(row) {
      const record: Record<string, unknown> = {};
      for (const f of fields) {
        const raw = row[f.column];
        record[f.name] = raw === null || raw === undefined ? null : f.field.spec.fromDb(raw, 'sqlite');
      }
      return record as MarketRecord;
    },
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const names = [
  'Election 2026',
  'Élection présidentielle',
  'Rain in Paris',
  'say "quoted" OR not',
  'NEAR( the end',
  'naïve café ☃',
  '100% sure_thing',
  'back\\slash market',
  'rain tomorrow',
  'ELECTION recount',
  '東京 weather',
  'emoji 🎉 party',
];
const statuses = ['active', 'closed', 'resolved'] as const;
const volumes = ['0.00', '12.50', '12.50', '100.00', '7.25', '100.00', '0.01'];
const users = [uuidv7(), uuidv7(), uuidv7()];

/**
 * `count` deterministic records with many ties (equal volumes, names, createdAt), so
 * ordering and keyset pagination are exercised where the tiebreaker matters.
 *
 * @example
 * await store.insert(seedMarkets(60));
 */
export function seedMarkets(count: number, start = 0): MarketRecord[] {
  const out: MarketRecord[] = [];
  for (let i = start; i < start + count; i++) {
    // Three records share each createdAt, to force ties on the default order.
    const created = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000).toISOString();
    out.push({
      id: uuidv7(),
      createdAt: created,
      updatedAt: new Date(Date.UTC(2026, 5, 1) - i * 1000).toISOString(),
      name: names[i % names.length] as string,
      status: statuses[i % 3] as string,
      volume: volumes[i % volumes.length] as string,
      rank: (i * 7) % 5,
      score: ((i * 13) % 9) / 4 - 1,
      featured: i % 4 === 0,
      closesAt: i % 5 === 0 ? null : new Date(Date.UTC(2026, 6, 1 + (i % 11))).toISOString(),
      creator: i % 6 === 0 ? null : (users[i % users.length] as string),
      notes: i % 2 === 0 ? 'secret' : null,
      meta: null,
    });
  }
  return out;
}

/** The ids of the seeded creators. */
export const creatorIds: readonly string[] = users;
