import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { allow, type Access } from '../../policies/rule.js';
import type { Operation as RouteOperation } from '../../resources/resource.js';
import { openDatabase, type Database } from '../database.js';

/*
 * Test support for migration tests: real SQLite files in a temporary folder, never
 * mocks. Not exported from the package.
 */

/** Access rules that let everything through; migrations never look at them. */
export const openAccess: Record<RouteOperation, Access> = {
  list: allow.public,
  read: allow.public,
  create: allow.public,
  update: allow.public,
  delete: allow.public,
};

/** A temporary folder with a database file and a migrations folder. */
export interface TempDatabase {
  root: string;
  dir: string;
  file: string;
  /** Opens (another connection to) the database file; closed by `cleanup`. */
  open(file?: string): Database;
  cleanup(): Promise<void>;
}

/** Creates a temporary folder for one test. */
export function tempDatabase(): TempDatabase {
  const root = mkdtempSync(join(tmpdir(), 'rampart-migrations-'));
  const opened: Database[] = [];
  return {
    root,
    dir: join(root, 'migrations'),
    file: join(root, 'app.db'),
    open(file = join(root, 'app.db')) {
      const database = openDatabase(`sqlite:${file}`);
      opened.push(database);
      return database;
    },
    async cleanup() {
      for (const database of opened) await database.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Inserts a row with fresh `id` and timestamps; returns its id. */
export async function insertRow(database: Database, table: string, values: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await database.db.insertInto(table).values({ id, created_at: now, updated_at: now, ...values }).execute();
  return id;
}

/** The ids of the rows whose full-text index matches `query`. */
export async function search(database: Database, table: string, query: string): Promise<string[]> {
  const fts = sql.table(`${table}_fts`);
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM ${sql.table(table)}
    WHERE ${sql.table(table)}.rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${query})
    ORDER BY id`.execute(database.db);
  return rows.map((r) => r.id);
}

/** Table names in the database file, SQLite's own excluded. */
export async function tableNames(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(database.db);
  return rows.map((r) => r.name);
}
