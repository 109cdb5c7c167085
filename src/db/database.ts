import type { Kysely } from 'kysely';
import type { Dialect } from '../resources/fields/field.js';
import { openPostgres } from './open-postgres.js';
import { openSqlite } from './open-sqlite.js';

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
  /**
   * Runs `work` while no other process runs `exclusively` on this database (PostgreSQL:
   * an advisory lock), for boot-time schema changes by instances starting together.
   * `work` must use the Kysely instance it is given: on PostgreSQL, that is the lock's own
   * connection, free of the statement timeout.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  exclusively<T>(work: (db: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL: calls `onNotify` on each NOTIFY on `channel`, and after each
   * (re)connection (notifications sent while disconnected are lost, so the listener
   * should look for work then). Resolves to a function that stops listening. Absent on SQLite.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
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
 * folder when missing), `sqlite::memory:`, or `postgres://user:password@host:5432/db`.
 *
 * @example
 * const database = openDatabase('sqlite:data/app.db');
 * const shared = openDatabase('postgres://127.0.0.1:5432/app', { poolSize: 20 });
 */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new TypeError(`unsupported DATABASE_URL "${url.split(':')[0]}:..."; expected sqlite:<path> or postgres://...`);
}
