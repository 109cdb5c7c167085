import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import { StartupError } from '../errors/app-error.js';
import type { Database, DatabaseOptions } from './database.js';

/**
 * Kysely prepares every statement it runs; preparing costs more than running a primary
 * key lookup (7% of an authenticated read in the S2 benchmark). Its queries bind values
 * as parameters, so their SQL repeats and a prepared statement can be kept per SQL text.
 * SQLite re-prepares a kept statement by itself after a schema change. A statement still
 * being iterated (Kysely's `stream()`) is busy and cannot be reused: then a fresh one is made.
 * Transactions begin IMMEDIATE (see below).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({ max: 500 });
  return {
    prepare(query) {
      // Kysely opens transactions with a plain BEGIN, which reads first and asks for the
      // write lock at the first write: if another process wrote in between, SQLite fails
      // that write at once (SQLITE_BUSY) rather than wait. Rampart's transactions are for
      // writing, so they take the write lock up front and wait their turn (busy_timeout).
      const text = query === 'begin' ? 'begin immediate' : query;
      const kept = statements.get(text);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(text);
      if (!kept) statements.set(text, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Opens a SQLite file (created with its folder when missing) or `:memory:`, in WAL mode
 * with foreign keys on.
 *
 * @example
 * const database = openSqlite('data/app.db');
 */
export function openSqlite(target: string, options: DatabaseOptions = {}): Database {
  const file = target === ':memory:' ? ':memory:' : resolve(target);
  let sqlite: SQLite.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new SQLite(file);
  } catch (error) {
    throw new StartupError('RAMPART_CONFIG_INVALID', `DATABASE_URL: cannot open ${file} (${(error as Error).message})`);
  }
  // WAL lets readers run beside the one writer; NORMAL sync is durable under WAL except
  // on power loss of the last transactions; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const { onQuery } = options;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  return {
    db,
    dialect: 'sqlite',
    async ping() {
      await sql`select 1`.execute(db);
    },
    // One process writes a SQLite file at a time anyway (migrations take BEGIN IMMEDIATE).
    exclusively: (work) => work(db),
    async close() {
      await db.destroy();
    },
  };
}
