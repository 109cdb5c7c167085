import type { Kysely } from 'kysely';
import type { ColumnType } from '../../resources/fields/field.js';
import type { SchemaOperation } from './operations.js';
import type { ColumnModel } from './schema-model.js';

/*
 * `rampart_schema` records which tables Rampart created, so the user's own tables and
 * Kysely's are never proposed for dropping, and each column's neutral type, which the
 * SQL type alone cannot tell (on SQLite an INTEGER may hold an integer, a boolean or a
 * decimal at some scale). It is written in the same transaction as the change it records.
 */

/** The name of the metadata table. */
export const recordTable = 'rampart_schema';

/** The neutral type of each column of a managed table, by column name. */
export type RecordedColumns = Record<string, Pick<ColumnModel, 'type' | 'decimal'>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Creates the metadata table when missing. */
export async function ensureRecordTable(db: Db): Promise<void> {
  await db.schema
    .createTable(recordTable)
    .ifNotExists()
    .addColumn('table_name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Reads the record of every managed table. The metadata table must exist. */
export async function readRecord(db: Db): Promise<Map<string, RecordedColumns>> {
  const rows = (await db.selectFrom(recordTable).select(['table_name', 'columns']).execute()) as {
    table_name: string;
    columns: string;
  }[];
  return new Map(rows.map((r) => [r.table_name, JSON.parse(r.columns) as RecordedColumns]));
}

function typeOf(column: ColumnModel): Pick<ColumnModel, 'type' | 'decimal'> {
  const type: { type: ColumnType; decimal?: ColumnModel['decimal'] } = { type: column.type };
  if (column.decimal) type.decimal = column.decimal;
  return type;
}

async function write(db: Db, table: string, columns: RecordedColumns): Promise<void> {
  const row = { table_name: table, columns: JSON.stringify(columns), updated_at: new Date().toISOString() };
  await db
    .insertInto(recordTable)
    .values(row)
    .onConflict((oc) => oc.column('table_name').doUpdateSet({ columns: row.columns, updated_at: row.updated_at }))
    .execute();
}

async function read(db: Db, table: string): Promise<RecordedColumns> {
  const row = (await db.selectFrom(recordTable).select('columns').where('table_name', '=', table).executeTakeFirst()) as
    | { columns: string }
    | undefined;
  return row ? (JSON.parse(row.columns) as RecordedColumns) : {};
}

/** Updates the record after an operation has been applied. */
export async function recordOperation(db: Db, op: SchemaOperation): Promise<void> {
  switch (op.op) {
    case 'createTable':
      await write(db, op.table, Object.fromEntries(op.columns.map((c) => [c.name, typeOf(c)])));
      return;
    case 'dropTable':
      await db.deleteFrom(recordTable).where('table_name', '=', op.table).execute();
      return;
    case 'addColumn':
    case 'alterColumn':
      await write(db, op.table, { ...(await read(db, op.table)), [op.column.name]: typeOf(op.column) });
      return;
    case 'dropColumn': {
      const columns = await read(db, op.table);
      delete columns[op.column];
      await write(db, op.table, columns);
      return;
    }
    default:
      // Indexes and search are read back from the database itself.
      return;
  }
}
