/*
 * The PostgreSQL variant's data (S2.pg, S3.pg, S4.pg, S7.pg): a schema of its own
 * (`rampart_bench`, dropped and made again on every run) whose tables Rampart creates
 * by booting the benchmark app on it, filled with the rows of the main SQLite file (the
 * same ids, users and password hashes) in multi-row inserts, then ANALYZEd as
 * autovacuum would soon do.
 */
import { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const schema = 'rampart_bench';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

/** The URL of the benchmark schema on the server `url` names. */
export function benchSchemaUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

const cents = (v: number) => {
  const s = String(v).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

type Converter = (row: Record<string, unknown>) => unknown[];

async function copyTable(client: pg.Client, source: SQLite.Database, table: string, columns: string[], convert: Converter) {
  const rows = source.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`).iterate() as IterableIterator<Record<string, unknown>>;
  const perStatement = 1000;
  let values: unknown[] = [];
  const flush = async () => {
    if (values.length === 0) return;
    const count = values.length / columns.length;
    const tuples = Array.from({ length: count }, (_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(', ')})`);
    await client.query(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`, values);
    values = [];
  };
  for (const row of rows) {
    values.push(...convert(row));
    if (values.length >= perStatement * columns.length) await flush();
  }
  await flush();
}

/** Makes the schema and fills it from `sqliteFile`; returns the URL servers use. */
export async function preparePostgres(url: string, sqliteFile: string, log: (line: string) => void): Promise<string> {
  const started = Date.now();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const schemaUrl = benchSchemaUrl(url);
  const { createApp } = await import('rampart');
  const { default: benchApp } = await import('../rampart/app.js');
  const app = await createApp({
    ...benchApp,
    env: { NODE_ENV: 'test', DATABASE_URL: schemaUrl, LOG_LEVEL: 'warn', JWT_SECRET: 'x'.repeat(48) },
    logStream: silent,
  });
  await app.close();

  const source = new SQLite(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: schemaUrl });
  await client.connect();
  try {
    const same = (columns: string[]) => (row: Record<string, unknown>) => columns.map((c) => row[c]);
    const users = ['id', 'email', 'name', 'role', 'password_hash', 'created_at', 'updated_at'];
    await copyTable(client, source, 'users', users, same(users));
    const markets = ['id', 'created_at', 'updated_at', 'creator', 'name', 'description', 'status', 'volume', 'ends_at'];
    await copyTable(client, source, 'markets', markets, (row) => markets.map((c) => (c === 'volume' ? cents(row[c] as number) : row[c])));
    const positions = ['id', 'created_at', 'updated_at', 'owner', 'market', 'side', 'amount'];
    await copyTable(client, source, 'positions', positions, (row) => positions.map((c) => (c === 'amount' ? cents(row[c] as number) : row[c])));
    // S7: articles before the favorites and comments that reference them.
    for (const [table, columns] of [
      ['articles', ['id', 'created_at', 'updated_at', 'author', 'title', 'body']],
      ['favorites', ['id', 'created_at', 'updated_at', 'user', 'article']],
      ['comments', ['id', 'created_at', 'updated_at', 'author', 'body', 'article']],
    ] as const) {
      await copyTable(client, source, table, [...columns], same([...columns]));
    }
    await client.query('analyze');
  } finally {
    await client.end();
    source.close();
  }
  log(`seeded PostgreSQL schema ${schema} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return schemaUrl;
}
