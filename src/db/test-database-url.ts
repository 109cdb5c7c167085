import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../resources/fields/field.js';
import { openDatabase, type Database } from './database.js';

/*
 * Test support: every database-touching test file runs once per dialect (vitest
 * projects `sqlite` and `postgres`, see vitest.config.ts), each run on a database of its
 * own: a fresh SQLite file, or a fresh PostgreSQL schema selected through the URL's
 * search_path. The package exports it only through `rampart/testing` (src/testing/).
 */

/** The PostgreSQL server tests use (trust auth on the development machines and CI). */
export const testPostgresUrl = process.env.RAMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The dialect this test run is for. */
export function testDialect(): Dialect {
  return process.env.RAMPART_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
}

/** A database for one test file or test, and how to throw it away. */
export interface TestDatabaseUrl {
  url: string;
  dialect: Dialect;
  /** A folder for the test's other files (migrations, secrets), removed by `drop`. */
  dir: string;
  drop(): Promise<void>;
}

/** The URL of `schema` on a server (the test server by default): its tables are the only ones the connection sees. */
export function schemaUrl(schema: string, server = testPostgresUrl): string {
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Runs one statement on a server's database (the test server's by default). */
export async function adminQuery(text: string, server = testPostgresUrl): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Makes a fresh database for the current dialect; a PostgreSQL one is a new schema on
 * `server` (the test server by default). `rampart/testing` makes its apps' databases here.
 *
 * @example
 * const database = await createTestDatabaseUrl();
 * const app = await createApp({ env: { DATABASE_URL: database.url } });
 * await database.drop();
 */
export async function createTestDatabaseUrl(dialect: Dialect = testDialect(), server = testPostgresUrl): Promise<TestDatabaseUrl> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-test-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    return { url: `sqlite:${join(dir, 'app.db')}`, dialect, dir, drop: async () => removeDir() };
  }
  const schema = `rampart_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`, server);
  return {
    url: schemaUrl(schema, server),
    dialect,
    dir,
    async drop() {
      removeDir();
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`, server);
    },
  };
}

/**
 * Opens a fresh database of the current dialect; closing it also throws it away.
 *
 * @example
 * const database = await openTestDatabase();
 */
export async function openTestDatabase(): Promise<Database> {
  const fresh = await createTestDatabaseUrl();
  const database = openDatabase(fresh.url);
  return {
    ...database,
    async close() {
      await database.close();
      await fresh.drop();
    },
  };
}
