/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Dialect } from '../fields/field.js';
import { denied, readScope } from '../../policies/guard.js';
import type { RowFilter } from '../../policies/rule.js';
import type { PathFilter } from '../query/list-query.js';
import { columnCondition } from '../query/filter-condition.js';
import { invalidQuery } from '../query/query-issues.js';
import type { AnyResource } from '../resource.js';
import { usersTarget } from '../user-profiles.js';
import type { PathTarget, ResolvedPath } from './resolve-paths.js';

type Builder = ExpressionBuilder<any, any>;
/** A subquery's row condition, or false when the caller may read none of its rows. */
type Scope = ((eb: Builder) => Expression<SqlBool>) | undefined | false;

/**
 * The SQL condition of a list's relation filters, as semi-joins (`id IN (SELECT ...)`),
 * never JOINs, so a to-many path cannot repeat rows or break pages and counts. Each
 * subquery also holds the read rule of the resource it reads: a filter cannot probe
 * rows the caller may not read. `me` from an anonymous caller is a 401.
 *
 * @example
 * const where = await pathCondition(articles, paths, query.paths, request, 'sqlite');
 */
export async function pathCondition(
  resource: AnyResource,
  paths: ReadonlyMap<string, ResolvedPath>,
  filters: readonly PathFilter[] | undefined,
  request: FastifyRequest,
  dialect: Dialect,
): Promise<RowFilter | undefined> {
  if (!filters || filters.length === 0) return undefined;
  const conditions: RowFilter[] = [];
  for (const filter of filters) {
    const path = paths.get(filter.param);
    if (!path) continue;
    if (filter.me && !request.user) throw denied(request);
    const value = filter.me ? request.user?.id : filter.value;
    const leafScope = await scopeOf(path.target, request, filter.param);
    const leaf = (eb: Builder, table: string) =>
      columnCondition(eb, `${table}.${path.leaf.column}`, filter.op, value, (v) => path.leaf.field.spec.toDb(v, dialect), dialect);
    const targetIds = (eb: Builder) => {
      const table = tableOf(path.target);
      let query = eb.selectFrom(table).select(`${table}.id`).where((inner) => leaf(inner, table));
      if (leafScope) query = query.where(leafScope);
      return query;
    };
    if (leafScope === false) {
      conditions.push((eb) => eb.lit(false));
    } else if (path.hop.kind === 'reference') {
      const column = `${resource.table}.${path.hop.field.column}`;
      conditions.push((eb) => eb(column, 'in', targetIds(eb)));
    } else {
      const { rows, fk, far } = path.hop.relation;
      // Through a junction the leaf is on the far side; its rows are then the junction's.
      const rowsScope = far ? await scopeOf(rows, request, filter.param) : leafScope;
      if (rowsScope === false) {
        conditions.push((eb) => eb.lit(false));
        continue;
      }
      conditions.push((eb) => {
        let query = eb.selectFrom(rows.table).select(`${rows.table}.${fk.column}`);
        query = far ? query.where(`${rows.table}.${far.field.column}`, 'in', targetIds(eb)) : query.where((inner) => leaf(inner, rows.table));
        if (rowsScope) query = query.where(rowsScope);
        return eb(`${resource.table}.id`, 'in', query);
      });
    }
  }
  return (eb) => eb.and(conditions.map((c) => c(eb)));
}

const tableOf = (target: PathTarget) => (target === usersTarget ? usersTarget : target.table);

/** The target's read rule as a row condition: only rules that are one can take part in a filter. */
async function scopeOf(target: PathTarget, request: FastifyRequest, param: string): Promise<Scope> {
  if (target === usersTarget) return undefined;
  const scope = await readScope(request, target);
  if (!scope) return false;
  if (scope.check && !scope.where) {
    throw invalidQuery([{ param, message: `cannot filter through ${target.name}: its read rule is not a row condition` }]);
  }
  return scope.where;
}
