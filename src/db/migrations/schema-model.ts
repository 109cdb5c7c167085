import type { ColumnType } from '../../resources/fields/field.js';

/*
 * The schema model: plain JSON-serializable data describing tables as Rampart wants
 * them (built from resources) or as they are (introspected). Migration files store
 * operations over this model, so it must stay free of functions and class instances.
 */

/** What deleting a referenced row does to the rows pointing at it. */
export type OnDelete = 'restrict' | 'cascade' | 'set null' | 'no action' | 'set default';

/** The SQL of each {@link OnDelete}, the same in SQLite and PostgreSQL. */
export const onDeleteSql: Record<OnDelete, string> = {
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'no action': 'NO ACTION',
  'set default': 'SET DEFAULT',
};

/** A foreign key from one column to a column (always `id` for Rampart) of another table. */
export interface ReferenceModel {
  table: string;
  column: string;
  onDelete: OnDelete;
}

/** One column. `type` is dialect-neutral; each dialect maps it to a SQL type. */
export interface ColumnModel {
  name: string;
  type: ColumnType;
  /** Digits in all and after the point, for `decimal` columns. */
  decimal?: { precision: number; scale: number };
  notNull: boolean;
  /**
   * The DB default as a SQL literal (`'active'`, `0`, `1250`), or absent. A literal
   * rather than a value because introspection reads defaults back as SQL text, and
   * comparing text is exact.
   */
  default?: string;
  primaryKey?: boolean;
  references?: ReferenceModel;
}

/**
 * A column of a table declared by hand (Rampart's own tables: users, tokens, jobs...).
 *
 * @example
 * column('created_at', 'timestamp', true)
 * column('id', 'uuid', true, { primaryKey: true })
 */
export function column(name: string, type: ColumnType, notNull: boolean, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, notNull, ...extra };
}

/** A B-tree index. Unique indexes enforce `.unique()` fields. */
export interface IndexModel {
  name: string;
  columns: string[];
  unique: boolean;
  /**
   * `gin`: an index of an array column's elements (PostgreSQL). SQLite has no such
   * index and keeps an empty stand-in of the same name (sqlite-ddl.ts).
   */
  method?: 'gin';
}

/** The full-text search a table gets when some of its fields are searchable. */
export interface SearchModel {
  columns: string[];
}

/** One table with its indexes and optional full-text search. */
export interface TableModel {
  name: string;
  columns: ColumnModel[];
  indexes: IndexModel[];
  search?: SearchModel;
}

/** A set of tables: the whole schema Rampart manages. */
export interface SchemaModel {
  tables: TableModel[];
}

/** The live schema: managed tables, plus the names of tables Rampart must leave alone. */
export interface CurrentSchema extends SchemaModel {
  /** Tables in the database that Rampart did not create (the user's own). */
  unmanaged: string[];
}

/** `decimal(15,2)`, `integer`: a column's type as people read it in messages. */
export function typeLabel(column: Pick<ColumnModel, 'type' | 'decimal'>): string {
  return column.type === 'decimal' && column.decimal
    ? `decimal(${column.decimal.precision},${column.decimal.scale})`
    : column.type;
}

/** Whether two columns hold values the same way (a change needs converting stored data). */
export function sameType(a: ColumnModel, b: ColumnModel): boolean {
  return typeLabel(a) === typeLabel(b);
}

/** Whether two columns are identical in everything a migration can change. */
export function sameColumn(a: ColumnModel, b: ColumnModel): boolean {
  return (
    sameType(a, b) &&
    a.notNull === b.notNull &&
    a.default === b.default &&
    Boolean(a.primaryKey) === Boolean(b.primaryKey) &&
    a.references?.table === b.references?.table &&
    a.references?.column === b.references?.column &&
    a.references?.onDelete === b.references?.onDelete
  );
}
