/*
 * The data layer the baselines share: one interface, a SQLite and a PostgreSQL
 * implementation, each running the exact SQL Rampart's generated routes run (as logged
 * at LOG_LEVEL=trace) against the schema Rampart created. Rows come back as stored;
 * records.ts turns them into the JSON clients see.
 */
import { openPostgresStore } from './store-postgres.js';
import { openSqliteStore } from './store-sqlite.js';

/** A row as the database returns it (column names, database types). */
export type Row = Record<string, unknown>;

/** The keyset position of a market list page: the last row's volume and id. */
export interface MarketsAfter {
  /** The decimal volume as a string, e.g. "12.50". */
  volume: string;
  id: string;
}

/** What the benchmarked routes need from the database. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** `select * from positions where id = ?`. */
  position(id: string): Promise<Row | undefined>;
  /** One page of markets with `status`, by volume then id, both descending; `limit` rows. */
  markets(status: string, limit: number, after?: MarketsAfter): Promise<Row[]>;
  /** Inserts a post in a transaction and returns the stored row. */
  insertPost(post: { id: string; title: string; body: string; author: string; now: string }): Promise<Row>;
  close(): Promise<void>;
}

/** Opens the store a `DATABASE_URL` names. */
export function openStore(url: string): Store {
  if (url.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  throw new Error(`unsupported DATABASE_URL ${url.split(':')[0]}:...`);
}
