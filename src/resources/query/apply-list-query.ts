/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Dialect } from '../fields/field.js';
import type { AnyResource } from '../resource.js';
import { columnRef, filterCondition } from './filter-condition.js';
import { keysetCondition } from './keyset-condition.js';
import type { ListQuery } from './list-query.js';
import { searchCondition } from './search-condition.js';

/** A condition added to every list and count query, e.g. an owner filter of an access rule. */
export type ExtraWhere = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** Options of {@link applyListQuery}, {@link applyListFilters} and {@link countQuery}. */
export interface ApplyListQueryOptions {
  /** ANDed with the client's filters; the client cannot widen it. */
  where?: ExtraWhere;
}

/**
 * Adds what narrows the set of rows, and nothing about order or paging: the client's
 * filters, `q`, and the extra condition. Shared by the page and the count queries so
 * `total` always counts exactly the rows a client can page through.
 *
 * @example
 * const filtered = applyListFilters(db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite');
 */
export function applyListFilters<O>(
  qb: SelectQueryBuilder<any, any, O>,
  resource: AnyResource,
  listQuery: Pick<ListQuery, 'filters' | 'q'>,
  dialect: Dialect,
  options: ApplyListQueryOptions = {},
): SelectQueryBuilder<any, any, O> {
  let out = qb;
  for (const filter of listQuery.filters) {
    out = out.where((eb) => filterCondition(eb, resource, filter, dialect));
  }
  if (listQuery.q !== undefined) out = out.where(searchCondition(resource, listQuery.q, dialect));
  if (options.where) out = out.where(options.where);
  return out;
}

/**
 * Turns a query selecting from `resource.table` into one page of the list: filters,
 * `q`, the extra condition, the keyset condition of the cursor, ORDER BY the sort keys,
 * LIMIT `limit + 1` (the extra row tells {@link pageResult} whether a next page exists)
 * and OFFSET.
 *
 * @example
 * const rows = await applyListQuery(db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite', {
 *   where: (eb) => eb('markets.owner_id', '=', user.id),
 * }).execute();
 */
export function applyListQuery<O>(
  qb: SelectQueryBuilder<any, any, O>,
  resource: AnyResource,
  listQuery: ListQuery,
  dialect: Dialect,
  options: ApplyListQueryOptions = {},
): SelectQueryBuilder<any, any, O> {
  let out = applyListFilters(qb, resource, listQuery, dialect, options);
  const position = listQuery.cursor;
  if (position) out = out.where((eb) => keysetCondition(eb, resource, listQuery.sort, position, dialect));
  for (const key of listQuery.sort) {
    out = out.orderBy(columnRef(resource.table, key.column), key.direction);
  }
  out = out.limit(listQuery.limit + 1);
  if (listQuery.offset !== undefined) out = out.offset(listQuery.offset);
  return out;
}

/**
 * The query for `pagination.total`: same filters, `q` and extra condition as the page,
 * without cursor, order or limit. Pass a bare `db.selectFrom(resource.table)`; the
 * count comes back as `total` (a number on SQLite, a string or bigint on PostgreSQL, so
 * read it with `Number(row.total)`).
 *
 * @example
 * const row = await countQuery(db.selectFrom('markets'), markets, listQuery, 'sqlite').executeTakeFirstOrThrow();
 * const total = Number(row.total);
 */
export function countQuery(
  qb: SelectQueryBuilder<any, any, object>,
  resource: AnyResource,
  listQuery: Pick<ListQuery, 'filters' | 'q'>,
  dialect: Dialect,
  options: ApplyListQueryOptions = {},
): SelectQueryBuilder<any, any, { total: string | number | bigint }> {
  return applyListFilters(qb, resource, listQuery, dialect, options).select((eb) =>
    eb.fn.countAll<string | number | bigint>().as('total'),
  );
}

/**
 * Runs {@link countQuery} on `db` and returns `pagination.total` as a number.
 *
 * @example
 * if (listQuery.total) pagination.total = await countListQuery(db, markets, listQuery, 'sqlite');
 */
export async function countListQuery(
  db: Kysely<any>,
  resource: AnyResource,
  listQuery: Pick<ListQuery, 'filters' | 'q'>,
  dialect: Dialect,
  options: ApplyListQueryOptions = {},
): Promise<number> {
  const row = await countQuery(db.selectFrom(resource.table), resource, listQuery, dialect, options).executeTakeFirst();
  return Number(row?.total ?? 0);
}
