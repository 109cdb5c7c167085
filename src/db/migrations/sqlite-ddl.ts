import { sql, type RawBuilder } from 'kysely';
import { onDeleteSql, type ColumnModel, type OnDelete } from './schema-model.js';
import { isSqlLiteral } from './sql-literal.js';
import { sqliteColumnType } from './sqlite-types.js';

/*
 * SQLite table definitions at the SQL level. Table rebuilds copy columns they do not
 * change exactly as the database reports them, so both new tables and rebuilt ones go
 * through this one shape. Identifiers always pass through `sql.id`, which quotes them.
 */

/** A column as SQLite declares it. `default` is SQL text: our literal, or the database's own. */
export interface SqliteColumn {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
}

/** A foreign key as SQLite declares it (possibly over several columns). */
export interface SqliteForeignKey {
  columns: string[];
  table: string;
  to: string[];
  onDelete: OnDelete;
}

/** A table as SQLite declares it. */
export interface SqliteTable {
  columns: SqliteColumn[];
  primaryKey: string[];
  foreignKeys: SqliteForeignKey[];
}


/** Converts a model column, checking its default (it may come from a hand-edited file). */
export function sqliteColumn(column: ColumnModel): SqliteColumn {
  if (column.default !== undefined && !isSqlLiteral(column.default)) {
    throw new TypeError(`default of column "${column.name}" is not a plain SQL literal: ${column.default}`);
  }
  const out: SqliteColumn = { name: column.name, type: sqliteColumnType(column), notNull: column.notNull };
  if (column.default !== undefined) out.default = column.default;
  return out;
}

/** The foreign key a model column declares, if any. */
export function sqliteForeignKey(column: ColumnModel): SqliteForeignKey | undefined {
  const ref = column.references;
  return ref && { columns: [column.name], table: ref.table, to: [ref.column], onDelete: ref.onDelete };
}

/** The SQLite declaration of a list of model columns. */
export function sqliteTableOf(columns: readonly ColumnModel[]): SqliteTable {
  return {
    columns: columns.map(sqliteColumn),
    primaryKey: columns.filter((c) => c.primaryKey).map((c) => c.name),
    foreignKeys: columns.map(sqliteForeignKey).filter((fk) => fk !== undefined),
  };
}

const ids = (names: readonly string[]): RawBuilder<unknown> => sql.join(names.map((n) => sql.id(n)));

/** `"name" TYPE NOT NULL DEFAULT x` */
export function columnSql(column: SqliteColumn): RawBuilder<unknown> {
  const notNull = column.notNull ? sql` NOT NULL` : sql``;
  const dflt = column.default === undefined ? sql`` : sql` DEFAULT ${sql.raw(column.default)}`;
  return sql`${sql.id(column.name)} ${sql.raw(column.type)}${notNull}${dflt}`;
}

/** `REFERENCES "table" ("id") ON DELETE CASCADE` */
export function referencesSql(fk: SqliteForeignKey): RawBuilder<unknown> {
  return sql`REFERENCES ${sql.id(fk.table)} (${ids(fk.to)}) ON DELETE ${sql.raw(onDeleteSql[fk.onDelete])}`;
}

/** `CREATE TABLE` with table-level primary and foreign keys. */
export function createTableSql(name: string, table: SqliteTable): RawBuilder<unknown> {
  const parts = table.columns.map(columnSql);
  if (table.primaryKey.length > 0) parts.push(sql`PRIMARY KEY (${ids(table.primaryKey)})`);
  for (const fk of table.foreignKeys) parts.push(sql`FOREIGN KEY (${ids(fk.columns)}) ${referencesSql(fk)}`);
  return sql`CREATE TABLE ${sql.id(name)} (${sql.join(parts)})`;
}

/** `ALTER TABLE ... ADD COLUMN`, with the column's reference inline (SQLite's only way). */
export function addColumnSql(table: string, column: ColumnModel): RawBuilder<unknown> {
  const fk = sqliteForeignKey(column);
  const ref = fk ? sql` ${referencesSql(fk)}` : sql``;
  return sql`ALTER TABLE ${sql.id(table)} ADD COLUMN ${columnSql(sqliteColumn(column))}${ref}`;
}

/**
 * `CREATE [UNIQUE] INDEX`. SQLite cannot index an array's elements, so PostgreSQL's GIN
 * index becomes an index holding no rows (`WHERE 0`: nothing to store or maintain):
 * both dialects then read back the same schema, and one migration history serves both.
 */
export function createIndexSql(table: string, name: string, columns: readonly string[], unique: boolean, method?: 'gin'): RawBuilder<unknown> {
  const kind = unique ? sql`UNIQUE INDEX` : sql`INDEX`;
  const where = method === 'gin' ? sql` WHERE 0` : sql``;
  return sql`CREATE ${kind} ${sql.id(name)} ON ${sql.id(table)} (${ids(columns)})${where}`;
}
