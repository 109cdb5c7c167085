import { sameType, typeLabel, type ColumnModel, type IndexModel } from './schema-model.js';

/*
 * Schema operations: the dialect-neutral steps a migration file lists. Each dialect
 * compiles them to SQL when they are applied, so a file says what changes, not how.
 */

/** Creates a table with its columns; its indexes and search follow as their own operations. */
export interface CreateTableOp {
  op: 'createTable';
  table: string;
  columns: ColumnModel[];
}

/** Drops a table and its data. */
export interface DropTableOp {
  op: 'dropTable';
  table: string;
}

/** Adds a column; it must be nullable or have a default, since the table may hold rows. */
export interface AddColumnOp {
  op: 'addColumn';
  table: string;
  column: ColumnModel;
}

/** Drops a column and its data. */
export interface DropColumnOp {
  op: 'dropColumn';
  table: string;
  column: string;
}

/** Changes a column's type, nullability, default or reference; `from` is what it was. */
export interface AlterColumnOp {
  op: 'alterColumn';
  table: string;
  column: ColumnModel;
  from: ColumnModel;
}

/** Creates an index. */
export interface CreateIndexOp {
  op: 'createIndex';
  table: string;
  index: IndexModel;
}

/** Drops an index by name. */
export interface DropIndexOp {
  op: 'dropIndex';
  table: string;
  index: string;
}

/** Creates a table's full-text index over `columns` and fills it from existing rows. */
export interface CreateSearchOp {
  op: 'createSearch';
  table: string;
  columns: string[];
}

/** Drops a table's full-text index (derived data: it can always be rebuilt). */
export interface DropSearchOp {
  op: 'dropSearch';
  table: string;
}

/** One step of a migration. */
export type SchemaOperation =
  | CreateTableOp
  | DropTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreateSearchOp
  | DropSearchOp;

/**
 * Whether an operation can lose data: dropping a table or column, or changing a
 * column's type (stored values get converted, and not every value converts). Such
 * operations never run without `allowDestructive`.
 *
 * @example
 * isDestructive({ op: 'dropColumn', table: 'markets', column: 'volume' }); // true
 */
export function isDestructive(op: SchemaOperation): boolean {
  switch (op.op) {
    case 'dropTable':
    case 'dropColumn':
      return true;
    case 'alterColumn':
      return !sameType(op.from, op.column);
    default:
      return false;
  }
}

function alterLabel(op: AlterColumnOp): string {
  const { from, column } = op;
  const changes: string[] = [];
  if (!sameType(from, column)) changes.push(`type ${typeLabel(from)} → ${typeLabel(column)}`);
  if (from.notNull !== column.notNull) changes.push(column.notNull ? 'NOT NULL' : 'nullable');
  if (from.default !== column.default) changes.push(`default ${column.default ?? 'none'}`);
  if (JSON.stringify(from.references) !== JSON.stringify(column.references)) changes.push('reference');
  if (Boolean(from.primaryKey) !== Boolean(column.primaryKey)) changes.push('primary key');
  return `alter column ${op.table}.${column.name} (${changes.join(', ')})`;
}

/**
 * One line describing an operation, for error messages and logs.
 *
 * @example
 * describeOperation({ op: 'dropColumn', table: 'markets', column: 'volume' }); // 'drop column markets.volume'
 */
export function describeOperation(op: SchemaOperation): string {
  switch (op.op) {
    case 'createTable':
      return `create table ${op.table}`;
    case 'dropTable':
      return `drop table ${op.table}`;
    case 'addColumn':
      return `add column ${op.table}.${op.column.name} ${typeLabel(op.column)}`;
    case 'dropColumn':
      return `drop column ${op.table}.${op.column}`;
    case 'alterColumn':
      return alterLabel(op);
    case 'createIndex':
      return `create ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${op.table}${op.index.method ? ` using ${op.index.method}` : ''} (${op.index.columns.join(', ')})`;
    case 'dropIndex':
      return `drop index ${op.index}`;
    case 'createSearch':
      return `create full-text search on ${op.table} (${op.columns.join(', ')})`;
    case 'dropSearch':
      return `drop full-text search on ${op.table}`;
  }
}

/** A bulleted list of operations, destructive ones marked, for multi-line messages. */
export function listOperations(ops: readonly SchemaOperation[]): string {
  return ops.map((op) => `  - ${describeOperation(op)}${isDestructive(op) ? ' [destructive]' : ''}`).join('\n');
}
