import { sql, type Kysely, type RawBuilder } from 'kysely';
import { readRecord, recordTable, type RecordedColumns } from './schema-record.js';
import type { ColumnModel, CurrentSchema, IndexModel, OnDelete, SearchModel, TableModel } from './schema-model.js';
import type { SqliteForeignKey } from './sqlite-ddl.js';
import { searchTable, searchTriggers } from './sqlite-search.js';
import { sqliteAffinityType, sqliteColumnType } from './sqlite-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** A row of `pragma_table_info`. */
export interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string;
  on_delete: string;
}

// Kysely's and Rampart's own bookkeeping tables are neither managed nor the user's.
const internal = new Set([recordTable, 'kysely_migration', 'kysely_migration_lock']);
const ftsShadows = ['', '_data', '_idx', '_docsize', '_config', '_content'];

async function rows<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** The columns of a table as SQLite reports them (table-valued pragmas take bound names). */
export function tableInfo(db: Db, table: string): Promise<TableInfoRow[]> {
  return rows(db, sql<TableInfoRow>`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(${table})`);
}

/** The foreign keys of a table, grouped per constraint. */
export async function foreignKeys(db: Db, table: string): Promise<SqliteForeignKey[]> {
  const list = await rows(
    db,
    sql<ForeignKeyRow>`SELECT id, seq, "table", "from", "to", on_delete FROM pragma_foreign_key_list(${table}) ORDER BY id, seq`,
  );
  const byId = new Map<number, SqliteForeignKey>();
  for (const r of list) {
    const fk = byId.get(r.id) ?? { columns: [], table: r.table, to: [], onDelete: r.on_delete.toLowerCase() as OnDelete };
    fk.columns.push(r.from);
    fk.to.push(r.to);
    byId.set(r.id, fk);
  }
  return [...byId.values()];
}

async function indexesOf(db: Db, table: string): Promise<IndexModel[]> {
  // origin 'c' = made by CREATE INDEX; primary-key and UNIQUE-constraint indexes belong to the table.
  const list = await rows(
    db,
    sql<{ name: string; unique: number; partial: number }>`SELECT name, "unique", partial FROM pragma_index_list(${table}) WHERE origin = 'c' ORDER BY name`,
  );
  const indexes: IndexModel[] = [];
  for (const index of list) {
    const cols = await rows(db, sql<{ name: string }>`SELECT name FROM pragma_index_info(${index.name}) ORDER BY seqno`);
    const model: IndexModel = { name: index.name, columns: cols.map((c) => c.name), unique: index.unique === 1 };
    // Rampart's only partial index stands in for an element index (see sqlite-ddl.ts).
    if (index.partial === 1) model.method = 'gin';
    indexes.push(model);
  }
  return indexes;
}

async function searchOf(db: Db, table: string, tables: ReadonlyMap<string, string>): Promise<SearchModel | undefined> {
  const fts = searchTable(table);
  // Only an FTS5 table counts: anything else under that name is left alone.
  if (!/^CREATE VIRTUAL TABLE\b.*\bUSING\s+fts5\b/is.test(tables.get(fts) ?? '')) return undefined;
  const triggers = await rows(
    db,
    sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${table}`,
  );
  const present = new Set(triggers.map((t) => t.name));
  // An index without all its triggers drifts from its table. An empty column list never
  // equals a declared one, so the diff drops and rebuilds it.
  if (!searchTriggers(table).every((t) => present.has(t))) return { columns: [] };
  return { columns: (await tableInfo(db, fts)).map((c) => c.name) };
}

function columnOf(row: TableInfoRow, recorded: RecordedColumns | undefined, fks: SqliteForeignKey[]): ColumnModel {
  const known = recorded?.[row.name];
  // The record only counts while the SQL type still matches it (no one altered the column by hand).
  const type = known && sqliteColumnType(known) === row.type.toUpperCase() ? known : { type: sqliteAffinityType(row.type) };
  const column: ColumnModel = { name: row.name, type: type.type, notNull: row.notnull === 1 };
  if (type.decimal) column.decimal = { ...type.decimal };
  if (row.dflt_value !== null) column.default = row.dflt_value;
  if (row.pk > 0) column.primaryKey = true;
  const fk = fks.find((f) => f.columns.length === 1 && f.columns[0] === row.name);
  if (fk) column.references = { table: fk.table, column: fk.to[0] as string, onDelete: fk.onDelete };
  return column;
}

async function tableOf(
  db: Db,
  name: string,
  recorded: RecordedColumns | undefined,
  tables: ReadonlyMap<string, string>,
): Promise<TableModel> {
  const fks = await foreignKeys(db, name);
  const columns = (await tableInfo(db, name)).map((row) => columnOf(row, recorded, fks));
  const table: TableModel = { name, columns, indexes: await indexesOf(db, name) };
  const search = await searchOf(db, name, tables);
  if (search) table.search = search;
  return table;
}

/**
 * Reads the live SQLite schema: the tables `rampart_schema` lists, with their columns,
 * indexes, foreign keys and full-text search; every other table is listed as unmanaged.
 *
 * @example
 * const current = await introspectSqlite(database.db);
 */
export async function introspectSqlite(db: Db): Promise<CurrentSchema> {
  const all = await rows(
    db,
    sql<{ name: string; sql: string | null }>`
      SELECT name, sql FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      ORDER BY name`,
  );
  const sqlOf = new Map(all.map((t) => [t.name, t.sql ?? '']));
  const names = new Set(sqlOf.keys());
  const record = names.has(recordTable) ? await readRecord(db) : new Map<string, RecordedColumns>();
  const tables: TableModel[] = [];
  const owned = new Set<string>();
  for (const [name, recorded] of [...record].sort(([a], [b]) => a.localeCompare(b))) {
    if (!names.has(name)) continue;
    tables.push(await tableOf(db, name, recorded, sqlOf));
    owned.add(name);
    for (const suffix of ftsShadows) owned.add(`${searchTable(name)}${suffix}`);
  }
  const unmanaged = [...names].filter((n) => !internal.has(n) && !owned.has(n));
  return { tables, unmanaged };
}
