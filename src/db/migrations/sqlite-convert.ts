import { sql, type RawBuilder } from 'kysely';
import { sameType, type ColumnModel } from './schema-model.js';
import { sqliteColumnType } from './sqlite-types.js';

/** Powers of ten as SQL integer literals; scales stop at 15, so they stay exact. */
const power = (digits: number): RawBuilder<unknown> => sql.raw(String(10 ** digits));

/** How many decimal places an exact numeric column stores as integer units. */
function unitsScale(column: ColumnModel): number | undefined {
  if (column.type === 'integer' || column.type === 'boolean') return 0;
  if (column.type === 'decimal') return column.decimal?.scale ?? 2;
  return undefined;
}

/**
 * The expression that converts a column's stored values when its type changes during a
 * SQLite table rebuild. Decimals are stored as integer units, so a scale change must
 * rescale them (12.50 at scale 2 is 1250; at scale 3 it must become 12500), and a
 * boolean becomes 0/1. NULL stays NULL throughout.
 *
 * @example
 * const from = { name: 'price', type: 'integer', notNull: true } as const;
 * convertSqlite('price', from, { ...from, type: 'decimal', decimal: { precision: 15, scale: 2 } });
 * // "price" * 100
 */
export function convertSqlite(name: string, from: ColumnModel, to: ColumnModel): RawBuilder<unknown> {
  const ref = sql.id(name);
  if (sameType(from, to)) return ref;
  const fromScale = unitsScale(from);
  const toScale = unitsScale(to);
  // A value becoming a list becomes a list of one.
  const toArray = to.type === 'text[]' || to.type === 'integer[]';
  const fromArray = from.type === 'text[]' || from.type === 'integer[]';
  if (toArray && !fromArray) return sql`CASE WHEN ${ref} IS NULL THEN NULL ELSE json_array(${ref}) END`;
  if (toArray) {
    // Membership compares JSON types exactly: "1" and 1 are different elements.
    const type = sql.raw(to.type === 'integer[]' ? 'INTEGER' : 'TEXT');
    return sql`CASE WHEN ${ref} IS NULL THEN NULL ELSE (SELECT json_group_array(CAST(e.value AS ${type})) FROM json_each(${ref}) AS e) END`;
  }
  if (to.type === 'boolean') return sql`CASE WHEN ${ref} IS NULL THEN NULL WHEN ${ref} THEN 1 ELSE 0 END`;
  if (toScale !== undefined && fromScale !== undefined) {
    const shift = toScale - fromScale;
    return shift >= 0
      ? sql`${ref} * ${power(shift)}`
      : sql`CAST(ROUND(CAST(${ref} AS REAL) / ${power(-shift)}) AS INTEGER)`;
  }
  if (toScale !== undefined) return sql`CAST(ROUND(CAST(${ref} AS REAL) * ${power(toScale)}) AS INTEGER)`;
  if (to.type === 'real' && fromScale !== undefined) return sql`CAST(${ref} AS REAL) / ${power(fromScale)}`;
  return sql`CAST(${ref} AS ${sql.raw(sqliteColumnType(to))})`;
}
