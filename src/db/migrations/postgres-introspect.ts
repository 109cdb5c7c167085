import { sql, type Kysely } from 'kysely';
import { postgresDefault } from './column-defaults.js';
import { searchIndex } from './postgres-search.js';
import { postgresColumnType, postgresNeutralType } from './postgres-types.js';
import { readRecord, recordTable, type RecordedColumns } from './schema-record.js';
import type { ColumnModel, CurrentSchema, IndexModel, OnDelete, SearchModel, TableModel } from './schema-model.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

// Kysely's and Rampart's own bookkeeping tables are neither managed nor the user's.
const internal = new Set([recordTable, 'kysely_migration', 'kysely_migration_lock']);

const onDeleteOf: Record<string, OnDelete> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  not_null: boolean;
  dflt: string | null;
  primary_key: boolean;
}

interface ForeignKeyRow {
  table_name: string;
  column_name: string;
  target: string;
  target_column: string;
  on_delete: string;
}

interface IndexRow {
  table_name: string;
  name: string;
  is_unique: boolean;
  columns: string[] | null;
  expression: boolean;
  comment: string | null;
  method: string;
}

// Everything is read from the catalogs of the connection's current schema (the first of
// its search_path), in one query per kind rather than per table.
async function columnRows(db: Db): Promise<ColumnRow[]> {
  const { rows } = await sql<ColumnRow>`
    SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt,
           coalesce(a.attnum = ANY (i.indkey), false) AS primary_key
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
    WHERE c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`.execute(db);
  return rows;
}

async function foreignKeyRows(db: Db): Promise<ForeignKeyRow[]> {
  // Single-column keys only: Rampart makes no other kind, and others are left alone.
  const { rows } = await sql<ForeignKeyRow>`
    SELECT c.relname AS table_name, a.attname AS column_name, t.relname AS target,
           ta.attname AS target_column, k.confdeltype AS on_delete
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_class t ON t.oid = k.confrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    JOIN pg_attribute ta ON ta.attrelid = k.confrelid AND ta.attnum = k.confkey[1]
    WHERE k.contype = 'f' AND cardinality(k.conkey) = 1`.execute(db);
  return rows;
}

async function indexRows(db: Db): Promise<IndexRow[]> {
  const { rows } = await sql<IndexRow>`
    SELECT t.relname AS table_name, ic.relname AS name, i.indisunique AS is_unique,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns,
           i.indexprs IS NOT NULL AS expression,
           obj_description(ic.oid, 'pg_class') AS comment, am.amname AS method
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
    WHERE NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY ic.relname`.execute(db);
  return rows;
}

function columnOf(row: ColumnRow, recorded: RecordedColumns | undefined, fks: ForeignKeyRow[]): ColumnModel {
  const known = recorded?.[row.name];
  // The record only counts while the SQL type still matches it (no one altered the column by hand).
  const type = known && postgresColumnType(known) === row.type ? known : postgresNeutralType(row.type);
  const column: ColumnModel = { name: row.name, type: type.type, notNull: row.not_null };
  if (type.decimal) column.decimal = { ...type.decimal };
  if (row.dflt !== null) column.default = postgresDefault(row.dflt, column);
  if (row.primary_key) column.primaryKey = true;
  const fk = fks.find((f) => f.table_name === row.table_name && f.column_name === row.name);
  if (fk) column.references = { table: fk.target, column: fk.target_column, onDelete: onDeleteOf[fk.on_delete] ?? 'no action' };
  return column;
}

function searchOf(table: string, indexes: IndexRow[]): SearchModel | undefined {
  const index = indexes.find((i) => i.table_name === table && i.name === searchIndex(table) && i.expression);
  if (!index) return undefined;
  try {
    const columns = JSON.parse(index.comment ?? '') as unknown;
    if (Array.isArray(columns) && columns.every((c) => typeof c === 'string')) return { columns };
  } catch {
    // An index without its record is rebuilt: an empty list never equals a declared one.
  }
  return { columns: [] };
}

/**
 * Reads the live PostgreSQL schema (the connection's current schema): the tables
 * `rampart_schema` lists, with their columns, indexes, foreign keys and full-text
 * search; every other table is listed as unmanaged.
 *
 * @example
 * const current = await introspectPostgres(database.db);
 */
export async function introspectPostgres(db: Db): Promise<CurrentSchema> {
  const [columns, fks, indexes] = await Promise.all([columnRows(db), foreignKeyRows(db), indexRows(db)]);
  const names = new Set(columns.map((c) => c.table_name));
  const record = names.has(recordTable) ? await readRecord(db) : new Map<string, RecordedColumns>();
  const tables: TableModel[] = [];
  for (const [name, recorded] of [...record].sort(([a], [b]) => a.localeCompare(b))) {
    if (!names.has(name)) continue;
    const table: TableModel = {
      name,
      columns: columns.filter((c) => c.table_name === name).map((row) => columnOf(row, recorded, fks)),
      indexes: indexes
        .filter((i) => i.table_name === name && !i.expression && i.columns !== null)
        .map((i): IndexModel => ({ name: i.name, columns: i.columns ?? [], unique: i.is_unique, ...(i.method === 'gin' ? { method: 'gin' as const } : {}) })),
    };
    const search = searchOf(name, indexes);
    if (search) table.search = search;
    tables.push(table);
  }
  const unmanaged = [...names].filter((n) => !internal.has(n) && !record.has(n)).sort();
  return { tables, unmanaged };
}
