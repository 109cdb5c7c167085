import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { allow, type Access } from '../../policies/rule.js';
import type { Operation as RouteOperation } from '../../resources/resource.js';
import { openDatabase, type Database } from '../database.js';
import { createTestDatabaseUrl } from '../test-database-url.js';

/*
 * Test support for migration tests: real databases of the run's dialect (a SQLite file
 * in a temporary folder, or a PostgreSQL schema), never mocks. Not exported from the package.
 */

/** Access rules that let everything through; migrations never look at them. */
export const openAccess: Record<RouteOperation, Access> = {
  list: allow.public,
  read: allow.public,
  create: allow.public,
  update: allow.public,
  delete: allow.public,
};

/** A temporary folder with a migrations folder, and a fresh database. */
export interface TempDatabase {
  root: string;
  dir: string;
  /**
   * Opens (another connection to) the test's database; on SQLite, `file` opens another
   * database file instead. Closed by `cleanup`.
   */
  open(file?: string): Database;
  cleanup(): Promise<void>;
}

/** Creates a temporary folder and database for one test. */
export async function tempDatabase(): Promise<TempDatabase> {
  const fresh = await createTestDatabaseUrl();
  const root = fresh.dir;
  const opened: Database[] = [];
  return {
    root,
    dir: join(root, 'migrations'),
    open(file) {
      if (file !== undefined && fresh.dialect !== 'sqlite') throw new Error('another database file: SQLite only');
      const database = openDatabase(file === undefined ? fresh.url : `sqlite:${file}`);
      opened.push(database);
      return database;
    },
    async cleanup() {
      for (const database of opened) await database.close();
      await fresh.drop();
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

/** Table names in the database, SQLite's own excluded. */
export async function tableNames(database: Database): Promise<string[]> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql<{ name: string }>`
          SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(database.db)
      : await sql<{ name: string }>`
          SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() ORDER BY table_name`.execute(database.db);
  return rows.map((r) => r.name);
}
