/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Dialect } from '../fields/field.js';
import type { AnyResource } from '../resource.js';
import { columnRef } from './filter-condition.js';
import type { CursorPosition, SortKey } from './list-query.js';

/**
 * The rows after a cursor position in the given order, for any mix of ascending and
 * descending keys. Row-value syntax `(a, b) > (x, y)` only works when every key has the
 * same direction, so it is expanded by hand:
 * `(a > x) OR (a = x AND b < y) OR (a = x AND b = y AND id > z)`.
 * Sort keys are never NULL (sortable fields are required or defaulted, and `id` is the
 * primary key), so plain comparisons are exact.
 *
 * @example
 * qb.where((eb) => keysetCondition(eb, markets, listQuery.sort, listQuery.cursor, 'sqlite'));
 */
export function keysetCondition(
  eb: ExpressionBuilder<any, any>,
  resource: AnyResource,
  sort: readonly SortKey[],
  position: CursorPosition,
  dialect: Dialect,
): Expression<SqlBool> {
  if (position.values.length !== sort.length) {
    throw new TypeError('cursor position and sort order differ in length');
  }
  const bound = sort.map((key, i) => {
    const f = resource.field(key.field);
    if (!f) throw new TypeError(`sort on unknown field "${key.field}" of ${resource.name}`);
    return { ref: columnRef(resource.table, key.column), key, value: f.field.spec.toDb(position.values[i], dialect) };
  });
  const branches = bound.map(({ ref, key, value }, i) =>
    eb.and([
      ...bound.slice(0, i).map((prior) => eb(prior.ref, '=', prior.value)),
      eb(ref, key.direction === 'asc' ? '>' : '<', value),
    ]),
  );
  const first = bound[0];
  if (!first) return eb.or(branches);
  // Implied by the OR, but a plain range on the leading key is what lets the database
  // seek its index instead of testing every row against the whole expansion.
  const leading = eb(first.ref, first.key.direction === 'asc' ? '>=' : '<=', first.value);
  return eb.and([leading, eb.or(branches)]);
}
