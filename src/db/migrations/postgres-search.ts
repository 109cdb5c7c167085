import { sql, type Kysely, type RawBuilder } from 'kysely';
import { sqlLiteral } from './sql-literal.js';

/*
 * Full-text search on PostgreSQL: a GIN index over the expression
 * `to_tsvector('simple', <the columns' text, punctuation as spaces>)`, named
 * `<table>_fts`, with the searched columns recorded in the index's comment. An expression
 * index rather than a stored tsvector column keeps the table's columns exactly the
 * declared ones. Queries use the same expression (see {@link searchDocument}), which is
 * what lets the planner use the index. `simple` neither stems nor drops stop words,
 * like SQLite's unicode61 tokenizer, so both databases find the same records.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** The name of a table's search index. */
export function searchIndex(table: string): string {
  return `${table}_fts`;
}

/**
 * Punctuation as word breaks. PostgreSQL's parser keeps `ann@example.com` or `report.pdf`
 * as single tokens where SQLite's unicode61 tokenizer sees `ann example com`; turning
 * punctuation into spaces on both sides (document and query) makes both databases find the
 * same records. `regexp_replace` is immutable, so it can sit in the index expression.
 */
export function wordsOnly(text: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`regexp_replace(${text}, '[[:punct:]]+', ' ', 'g')`;
}

/** The tsvector a table's search index holds, as SQL over its columns. */
export function searchDocument(columns: readonly string[]): RawBuilder<unknown> {
  const text = sql.join(
    columns.map((c) => sql`coalesce(${sql.id(c)}, '')`),
    sql` || ' ' || `,
  );
  return sql`to_tsvector('simple'::regconfig, ${wordsOnly(text)})`;
}

/** The tsquery of a user's search text: its words ANDed, nothing read as an operator. */
export function searchQuery(text: string): RawBuilder<unknown> {
  return sql`plainto_tsquery('simple'::regconfig, ${wordsOnly(sql`${text}`)})`;
}

/** Creates the search index of a table over `columns`. */
export async function createPostgresSearch(db: Db, table: string, columns: readonly string[]): Promise<void> {
  const index = sql.id(searchIndex(table));
  await sql`CREATE INDEX ${index} ON ${sql.id(table)} USING gin ((${searchDocument(columns)}))`.execute(db);
  // DDL takes no parameters; the literal is quoted by the one function that does so.
  await sql`COMMENT ON INDEX ${index} IS ${sql.raw(sqlLiteral(JSON.stringify(columns)))}`.execute(db);
}

/** Drops the search index of a table. */
export async function dropPostgresSearch(db: Db, table: string): Promise<void> {
  await sql`DROP INDEX IF EXISTS ${sql.id(searchIndex(table))}`.execute(db);
}
