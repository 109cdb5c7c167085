/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../fields/field.js';
import type { AnyResource } from '../resource.js';
import type { Filter } from './list-query.js';

const comparisons = {
  eq: '=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
} as const;

/** `%`, `_` and the escape character itself would otherwise act as wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A table-qualified column, so conditions stay unambiguous if a caller joins. */
export function columnRef(table: string, column: string): string {
  return `${table}.${column}`;
}

function dbValue(resource: AnyResource, filter: Filter, value: unknown, dialect: Dialect): unknown {
  const f = resource.field(filter.field);
  if (!f) throw new TypeError(`filter on unknown field "${filter.field}" of ${resource.name}`);
  return f.field.spec.toDb(value, dialect);
}

/**
 * The SQL condition of one parsed filter. Values are bound parameters converted with
 * the field's `toDb`. `ne` keeps rows where the column is NULL (IS DISTINCT FROM),
 * which is what "not equal to x" means to a client. `contains` is a case-insensitive
 * substring match: LIKE on SQLite (ASCII case folding only), ILIKE on PostgreSQL; on an
 * array field it is element membership (any of the listed elements).
 *
 * @example
 * qb.where((eb) => filterCondition(eb, markets, filter, 'sqlite'));
 */
export function filterCondition(
  eb: ExpressionBuilder<any, any>,
  resource: AnyResource,
  filter: Filter,
  dialect: Dialect,
): Expression<SqlBool> {
  return columnCondition(eb, columnRef(resource.table, filter.column), filter.op, filter.value, (v) => dbValue(resource, filter, v, dialect), dialect);
}

/**
 * Whether the array in `ref` holds any of `elements` (already in the column's stored
 * form). PostgreSQL's `&&` is what a GIN index on the column serves; SQLite compares the
 * JSON elements one by one. Both compare exactly: case and accents count.
 */
function holdsAny(ref: string, elements: unknown, dialect: Dialect): Expression<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`${sql.ref(ref)} && ${elements}`;
  // Aliases start with `_`, which no resource's table can: they never shadow `ref`'s table.
  return sql<SqlBool>`exists (select 1 from json_each(${sql.ref(ref)}) as _element where _element.value in (select _wanted.value from json_each(${elements}) as _wanted))`;
}

/**
 * One comparison of a column with a parsed value (`in` takes an array), values converted
 * with `toDb`. Shared by the resource's own filters and relation paths.
 */
export function columnCondition(
  eb: ExpressionBuilder<any, any>,
  ref: string,
  op: Filter['op'],
  value: unknown,
  toDb: (value: unknown) => unknown,
  dialect: Dialect,
): Expression<SqlBool> {
  switch (op) {
    case 'ne':
      return eb(ref, 'is distinct from', toDb(value));
    case 'in':
      return eb(ref, 'in', (value as unknown[]).map(toDb));
    case 'contains': {
      // Only array fields parse `contains` into a list (of elements); text keeps a string.
      if (Array.isArray(value)) return holdsAny(ref, toDb(value), dialect);
      const pattern = `%${escapeLike(String(toDb(value)))}%`;
      const like = sql.raw(dialect === 'postgres' ? 'ilike' : 'like');
      return sql<SqlBool>`${sql.ref(ref)} ${like} ${pattern} escape '\\'`;
    }
    default:
      return eb(ref, comparisons[op], toDb(value));
  }
}
