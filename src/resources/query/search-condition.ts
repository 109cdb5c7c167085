import { sql, type Expression, type SqlBool } from 'kysely';
import { searchDocument, searchQuery } from '../../db/migrations/postgres-search.js';
import type { Dialect } from '../fields/field.js';
import type { AnyResource } from '../resource.js';
import { ftsMatchExpression } from './search-terms.js';

/** The FTS5 table that indexes a resource's searchable fields on SQLite. */
export function ftsTableOf(resource: AnyResource): string {
  return `${resource.table}_fts`;
}

/**
 * The condition of `?q=`. On SQLite it looks the text up in the `<table>_fts` FTS5
 * table (kept in step with the resource table by triggers, sharing its rowid); the
 * user text only ever reaches FTS5 as quoted strings, see {@link ftsMatchExpression}.
 * On PostgreSQL it matches the expression the `<table>_fts` GIN index is built on, with
 * `plainto_tsquery`, which ANDs the words and reads no operators, like the FTS5 query.
 *
 * @example
 * qb.where(searchCondition(markets, 'election 2026', 'sqlite'));
 */
export function searchCondition(resource: AnyResource, text: string, dialect: Dialect): Expression<SqlBool> {
  if (dialect === 'postgres') {
    const columns = resource.searchable.map((f) => f.column);
    return sql<SqlBool>`${searchDocument(columns)} @@ ${searchQuery(text)}`;
  }
  const fts = sql.table(ftsTableOf(resource));
  const match = ftsMatchExpression(text);
  return sql<SqlBool>`${sql.table(resource.table)}.rowid in (select rowid from ${fts} where ${fts} match ${match})`;
}
