import { sql, type Kysely, type RawBuilder } from 'kysely';
import { onDeleteSql, type ColumnModel } from './schema-model.js';
import { isSqlLiteral } from './sql-literal.js';
import { postgresColumnType } from './postgres-types.js';

/*
 * PostgreSQL DDL for the schema operations. Foreign keys get the name PostgreSQL itself
 * would choose (`<table>_<column>_fkey`), so an alter can drop one by name.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;


/** The name of the foreign key of a column. */
export function foreignKeyName(table: string, column: string): string {
  return `${table}_${column}_fkey`;
}

const isArrayType = (column: ColumnModel) => column.type === 'text[]' || column.type === 'integer[]';

function defaultSql(column: ColumnModel): RawBuilder<unknown> {
  if (column.default === undefined) return sql``;
  // Migration files are hand-editable; only plain literals reach DDL.
  if (!isSqlLiteral(column.default)) {
    throw new TypeError(`default of column "${column.name}" is not a plain SQL literal: ${column.default}`);
  }
  return sql` DEFAULT ${sql.raw(column.default)}`;
}

function columnSql(column: ColumnModel): RawBuilder<unknown> {
  const notNull = column.notNull ? sql` NOT NULL` : sql``;
  return sql`${sql.id(column.name)} ${sql.raw(postgresColumnType(column))}${notNull}${defaultSql(column)}`;
}

function foreignKeySql(table: string, column: ColumnModel): RawBuilder<unknown> | undefined {
  const ref = column.references;
  if (!ref) return undefined;
  return sql`CONSTRAINT ${sql.id(foreignKeyName(table, column.name))} FOREIGN KEY (${sql.id(column.name)}) REFERENCES ${sql.id(ref.table)} (${sql.id(ref.column)}) ON DELETE ${sql.raw(onDeleteSql[ref.onDelete])}`;
}

/** `CREATE TABLE` with its primary and foreign keys. */
export async function createPostgresTable(db: Db, table: string, columns: readonly ColumnModel[]): Promise<void> {
  const parts = columns.map(columnSql);
  const keys = columns.filter((c) => c.primaryKey).map((c) => sql.id(c.name));
  if (keys.length > 0) parts.push(sql`PRIMARY KEY (${sql.join(keys)})`);
  for (const c of columns) {
    const fk = foreignKeySql(table, c);
    if (fk) parts.push(fk);
  }
  await sql`CREATE TABLE ${sql.id(table)} (${sql.join(parts)})`.execute(db);
}

/** `ALTER TABLE ... ADD COLUMN` and its foreign key. */
export async function addPostgresColumn(db: Db, table: string, column: ColumnModel): Promise<void> {
  await sql`ALTER TABLE ${sql.id(table)} ADD COLUMN ${columnSql(column)}`.execute(db);
  const fk = foreignKeySql(table, column);
  if (fk) await sql`ALTER TABLE ${sql.id(table)} ADD ${fk}`.execute(db);
}

/**
 * Changes a column in place. The old default goes first and the new one comes back after
 * the type change, because the old default may not convert to the new type; `USING` converts the stored values, and a
 * value that does not convert fails the migration, which then rolls back.
 */
export async function alterPostgresColumn(db: Db, table: string, column: ColumnModel, from: ColumnModel): Promise<void> {
  const t = sql.id(table);
  const c = sql.id(column.name);
  const type = postgresColumnType(column);
  const run = (action: RawBuilder<unknown>) => sql`ALTER TABLE ${t} ${action}`.execute(db);
  if (from.references) await run(sql`DROP CONSTRAINT IF EXISTS ${sql.id(foreignKeyName(table, column.name))}`);
  if (from.default !== undefined) await run(sql`ALTER COLUMN ${c} DROP DEFAULT`);
  if (postgresColumnType(from) !== type) {
    // PostgreSQL casts boolean only to and from int4 (and text); bigint and numeric go
    // through it, which keeps the 0/1 meaning a boolean has on SQLite.
    const boolNum = (from.type === 'boolean') !== (column.type === 'boolean') && column.type !== 'text' && from.type !== 'text';
    const via = boolNum ? sql`${c}::integer` : c;
    // A value becoming a list becomes a list of one, as on SQLite (sqlite-convert.ts).
    const using = isArrayType(column) && !isArrayType(from) ? sql`CASE WHEN ${c} IS NULL THEN NULL ELSE ARRAY[${c}] END` : via;
    await run(sql`ALTER COLUMN ${c} TYPE ${sql.raw(type)} USING ${using}::${sql.raw(type)}`);
  }
  if (column.default !== undefined) await run(sql`ALTER COLUMN ${c} SET${defaultSql(column)}`);
  if (from.notNull !== column.notNull) {
    // A column turning required takes its default where it was empty, as on SQLite.
    if (column.notNull && column.default !== undefined) {
      await sql`UPDATE ${t} SET ${c} = DEFAULT WHERE ${c} IS NULL`.execute(db);
    }
    await run(column.notNull ? sql`ALTER COLUMN ${c} SET NOT NULL` : sql`ALTER COLUMN ${c} DROP NOT NULL`);
  }
  const fk = foreignKeySql(table, column);
  if (fk) await run(sql`ADD ${fk}`);
}

/** `CREATE [UNIQUE] INDEX`, `USING gin` for an array column's elements. */
export async function createPostgresIndex(
  db: Db,
  table: string,
  name: string,
  columns: readonly string[],
  unique: boolean,
  method?: 'gin',
): Promise<void> {
  const kind = unique ? sql`UNIQUE INDEX` : sql`INDEX`;
  const using = method === 'gin' ? sql` USING gin` : sql``;
  await sql`CREATE ${kind} ${sql.id(name)} ON ${sql.id(table)}${using} (${sql.join(columns.map((c) => sql.id(c)))})`.execute(db);
}
