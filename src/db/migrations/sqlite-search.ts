import { sql, type Kysely, type RawBuilder } from 'kysely';

/*
 * Full-text search on SQLite: an FTS5 table `<table>_fts` over the searchable columns,
 * with external content (https://sqlite.org/fts5.html §4.4.3) so the text is stored
 * once, in the table itself. The index is keyed by the table's rowid, which list
 * queries match with `"<table>".rowid IN (SELECT rowid FROM "<table>_fts" WHERE
 * "<table>_fts" MATCH ?)`. External content is not kept in sync by SQLite, hence the
 * three triggers.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** The FTS5 table of a table. */
export function searchTable(table: string): string {
  return `${table}_fts`;
}

/** The triggers keeping a table's FTS5 index in sync: after insert, delete, update. */
export function searchTriggers(table: string): [string, string, string] {
  const fts = searchTable(table);
  return [`${fts}_ai`, `${fts}_ad`, `${fts}_au`];
}

const list = (items: RawBuilder<unknown>[]): RawBuilder<unknown> => sql.join(items);

/** Creates the FTS5 table and its triggers, then indexes the rows already there. */
export async function createSearch(db: Db, table: string, columns: readonly string[]): Promise<void> {
  const fts = sql.id(searchTable(table));
  const t = sql.id(table);
  const cols = list(columns.map((c) => sql.id(c)));
  const values = (row: 'new' | 'old'): RawBuilder<unknown> =>
    list(columns.map((c) => sql`${sql.raw(row)}.${sql.id(c)}`));
  const [afterInsert, afterDelete, afterUpdate] = searchTriggers(table).map((n) => sql.id(n));
  const insert = sql`INSERT INTO ${fts} (rowid, ${cols}) VALUES (new.rowid, ${values('new')});`;
  // Removing a row from an external-content index means replaying its old values.
  const remove = sql`INSERT INTO ${fts} (${fts}, rowid, ${cols}) VALUES ('delete', old.rowid, ${values('old')});`;
  // remove_diacritics: a search for "cafe" finds "café".
  const options = sql`content=${sql.lit(table)}, content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'`;
  await sql`CREATE VIRTUAL TABLE ${fts} USING fts5(${cols}, ${options})`.execute(db);
  await sql`CREATE TRIGGER ${afterInsert} AFTER INSERT ON ${t} BEGIN ${insert} END`.execute(db);
  await sql`CREATE TRIGGER ${afterDelete} AFTER DELETE ON ${t} BEGIN ${remove} END`.execute(db);
  await sql`CREATE TRIGGER ${afterUpdate} AFTER UPDATE OF ${cols} ON ${t} BEGIN ${remove} ${insert} END`.execute(db);
  await sql`INSERT INTO ${fts} (${fts}) VALUES ('rebuild')`.execute(db);
}

/** Drops the FTS5 table and its triggers; the table's own data is untouched. */
export async function dropSearch(db: Db, table: string): Promise<void> {
  for (const trigger of searchTriggers(table)) await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
  await sql`DROP TABLE IF EXISTS ${sql.id(searchTable(table))}`.execute(db);
}
