import type { ColumnType } from '../../resources/fields/field.js';
import type { ColumnModel } from './schema-model.js';

/*
 * SQLite has five storage classes; Rampart keeps decimals as scaled integers (exact
 * sorting and arithmetic), booleans as 0/1, and timestamps as fixed-width ISO-8601
 * UTC text, which sorts chronologically.
 */
const sqliteTypes: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  decimal: 'INTEGER',
  boolean: 'INTEGER',
  timestamp: 'TEXT',
  json: 'TEXT',
  uuid: 'TEXT',
  // A JSON array: see fields/array.ts for why not a side table.
  'text[]': 'TEXT',
  'integer[]': 'TEXT',
};

/**
 * The SQLite type of a column.
 *
 * @example
 * sqliteColumnType({ type: 'decimal', decimal: { precision: 15, scale: 2 } }); // 'INTEGER'
 */
export function sqliteColumnType(column: Pick<ColumnModel, 'type'>): string {
  return sqliteTypes[column.type];
}

/**
 * A neutral type for a SQLite column Rampart has no record of, following SQLite's own
 * affinity rules (https://sqlite.org/datatype3.html §3.1).
 *
 * @example
 * sqliteAffinityType('VARCHAR(20)'); // 'text'
 */
export function sqliteAffinityType(declared: string): ColumnType {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'text';
  if (/REAL|FLOA|DOUB/.test(type)) return 'real';
  return 'text';
}
