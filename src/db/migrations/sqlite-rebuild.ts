import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ColumnModel } from './schema-model.js';
import { convertSqlite } from './sqlite-convert.js';
import { createTableSql, sqliteColumn, sqliteForeignKey, type SqliteColumn } from './sqlite-ddl.js';
import { foreignKeys, tableInfo } from './sqlite-introspect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** What a rebuild changes: one column dropped, or one column redefined. */
export type RebuildChange = { drop: string } | { replace: ColumnModel; from: ColumnModel };

async function copyExpression(
  db: Db,
  table: string,
  column: ColumnModel,
  from: ColumnModel,
): Promise<RawBuilder<unknown>> {
  const converted = convertSqlite(column.name, from, column);
  if (!column.notNull) return converted;
  if (column.default !== undefined) return sql`COALESCE(${converted}, ${sql.raw(column.default)})`;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM ${sql.id(table)} WHERE ${sql.id(column.name)} IS NULL`.execute(db);
  const n = rows[0]?.n ?? 0;
  if (n > 0) {
    throw new Error(
      `cannot make ${table}.${column.name} required: ${n} row(s) have no value; ` +
        'give the field a .default(...) (existing rows get it) or fill those rows first',
    );
  }
  return converted;
}

/**
 * Rebuilds a SQLite table with one column dropped or redefined, keeping its rows, rowids
 * (the full-text index is keyed by them), indexes and triggers. SQLite cannot change a
 * column in place, so this follows its documented procedure
 * (https://sqlite.org/lang_altertable.html §7): create the new table, copy, drop the
 * old one, rename, recreate indexes and triggers. It must run with foreign keys off,
 * or dropping the old table would cascade into the tables referencing it.
 *
 * @example
 * await rebuildSqliteTable(trx, 'markets', { drop: 'volume' });
 */
export async function rebuildSqliteTable(db: Db, table: string, change: RebuildChange): Promise<void> {
  const info = await tableInfo(db, table);
  const target = 'drop' in change ? change.drop : change.replace.name;
  if (!info.some((c) => c.name === target)) throw new Error(`column ${table}.${target} does not exist`);
  const saved = await sql<{ sql: string }>`
    SELECT sql FROM sqlite_master
    WHERE tbl_name = ${table} AND type IN ('index', 'trigger') AND sql IS NOT NULL
    ORDER BY type, name`.execute(db);

  const columns: SqliteColumn[] = [];
  const names: string[] = [];
  const copy: RawBuilder<unknown>[] = [];
  for (const row of info) {
    if (row.name === target && 'drop' in change) continue;
    names.push(row.name);
    if (row.name === target && 'replace' in change) {
      columns.push(sqliteColumn(change.replace));
      copy.push(await copyExpression(db, table, change.replace, change.from));
    } else {
      const column: SqliteColumn = { name: row.name, type: row.type, notNull: row.notnull === 1 };
      if (row.dflt_value !== null) column.default = row.dflt_value;
      columns.push(column);
      copy.push(sql.id(row.name));
    }
  }
  const primaryKey = info
    .filter((r) => r.pk > 0 && (r.name !== target || ('replace' in change && change.replace.primaryKey)))
    .sort((a, b) => a.pk - b.pk)
    .map((r) => r.name);
  if ('replace' in change && change.replace.primaryKey && !primaryKey.includes(target)) primaryKey.push(target);
  const keys = (await foreignKeys(db, table)).filter((fk) => !fk.columns.includes(target));
  const added = 'replace' in change ? sqliteForeignKey(change.replace) : undefined;
  if (added) keys.push(added);

  const temp = `${table}__rampart_rebuild`;
  const ids = (list: string[]): RawBuilder<unknown> => sql.join(list.map((n) => sql.id(n)));
  await createTableSql(temp, { columns, primaryKey, foreignKeys: keys }).execute(db);
  await sql`
    INSERT INTO ${sql.id(temp)} (rowid, ${ids(names)})
    SELECT rowid, ${sql.join(copy)} FROM ${sql.id(table)}`.execute(db);
  await sql`DROP TABLE ${sql.id(table)}`.execute(db);
  await sql`ALTER TABLE ${sql.id(temp)} RENAME TO ${sql.id(table)}`.execute(db);
  // The saved definitions are SQLite's own text for this table's indexes and triggers.
  for (const row of saved.rows) await sql.raw(row.sql).execute(db);
}
