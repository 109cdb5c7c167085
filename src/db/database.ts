import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { StartupError } from '../errors/app-error.js';
import type { Dialect } from '../resources/fields/field.js';

/**
 * The app's database: a Kysely instance and what Rampart needs to know about it.
 * Tables are addressed by name at run time, hence `Kysely<any>`; typing happens at the
 * resource level.
 */
export interface Database {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  readonly dialect: Dialect;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /** PostgreSQL: connections kept at most (default 10). */
  poolSize?: number;
  /** PostgreSQL: statements running longer are cancelled (ms; 0 = no limit; default 15000). */
  statementTimeoutMs?: number;
  /** PostgreSQL: how long to wait for a connection before failing (ms; default 3000). */
  connectTimeoutMs?: number;
  /** Called after every statement with its SQL (never its parameters, which may hold secrets). */
  onQuery?: (sql: string, ms: number) => void;
}

/**
 * Opens the database named by a `DATABASE_URL`: `sqlite:<path>` (created with its
 * folder when missing) or `sqlite::memory:`.
 *
 * @example
 * const database = openDatabase('sqlite:data/app.db');
 */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (!url.startsWith('sqlite:')) {
    throw new TypeError(`unsupported DATABASE_URL "${url.split(':')[0]}:..."; expected sqlite:<path>`);
  }
  const target = url.slice('sqlite:'.length);
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
    dialect: new SqliteDialect({ database: sqlite }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  return {
    db,
    dialect: 'sqlite',
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
