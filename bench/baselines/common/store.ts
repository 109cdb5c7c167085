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

/** The keyset position of an article list page (S7): the last row's creation time and id. */
export interface ArticlesAfter {
  /** ISO-8601 UTC with milliseconds, as stored. */
  createdAt: string;
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
  /**
   * S7: one page of the articles favorited by a user named `name` (a semi-join, so an
   * article favorited by two such users appears once), newest first; `limit` rows.
   */
  articles(name: string, limit: number, after?: ArticlesAfter): Promise<Row[]>;
  /** Favorites of each of `ids` that has any: rows `{ k: article, n: count }`. */
  favoriteCounts(ids: readonly string[]): Promise<Row[]>;
  /** Which of `ids` `user` favorited: rows `{ k: article }`. */
  favoritedBy(ids: readonly string[], user: string): Promise<Row[]>;
  /** The newest `max` comments of each of `ids`, ranked within each article (rank 1 first). */
  latestComments(ids: readonly string[], max: number): Promise<Row[]>;
  close(): Promise<void>;
}

/** Opens the store a `DATABASE_URL` names. */
export function openStore(url: string): Store {
  if (url.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  throw new Error(`unsupported DATABASE_URL ${url.split(':')[0]}:...`);
}
