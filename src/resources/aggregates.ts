import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Access } from '../policies/rule.js';
import type { Dialect } from './fields/field.js';
import { applyListFilters, type ExtraWhere } from './query/apply-list-query.js';
import type { ListQuery } from './query/list-query.js';
import type { AnyResource } from './resource.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;

/**
 * A summary of one field over the rows a caller may list: its distinct values, or how
 * many rows hold each. At most `max` values come back; more is reported as `truncated`.
 */
export interface Aggregate {
  kind: 'distinct' | 'countBy';
  field: string;
  max: number;
  /** Served at `<api base><route>` (e.g. `/tags` → `GET /api/v1/tags`) when set. */
  route?: string;
  /** Who may call the route; required with `route`. */
  access?: Access;
}

/** Options of the aggregate factories. */
export interface AggregateOptions {
  /** The most values answered (default 100, at most 1000): the query reads `max + 1`. */
  max?: number;
  route?: string;
  access?: Access;
}

/** An aggregate's answer. */
export interface AggregateResult {
  /** Distinct values in order, or `{ value, count }` by count then value. */
  values: unknown[];
  /** More values exist than `max`. */
  truncated: boolean;
}

function make(kind: Aggregate['kind'], field: string, options: AggregateOptions): Aggregate {
  const max = options.max ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new TypeError(`aggregate of ${field}: max must be a whole number from 1 to 1000`);
  return { kind, field, max, ...(options.route ? { route: options.route } : {}), ...(options.access ? { access: options.access } : {}) };
}

/**
 * Aggregates, declared under a resource's `aggregates`.
 *
 * @example
 * aggregates: {
 *   categories: aggregate.distinct('category', { route: '/categories', access: allow.public, max: 500 }),
 *   byStatus: aggregate.countBy('status'),
 * }
 */
export const aggregate = {
  /** The field's distinct values (nulls left out), in ascending order; an array field's distinct elements. */
  distinct: (field: string, options: AggregateOptions = {}): Aggregate => make('distinct', field, options),
  /** How many rows hold each value of the field, most first. */
  countBy: (field: string, options: AggregateOptions = {}): Aggregate => make('countBy', field, options),
};

/**
 * An array column's elements as a row source beside its table (a lateral join). The
 * alias starts with `_`, which no resource's table can. Its column is the alias itself
 * on PostgreSQL, `value` on SQLite. A row counts once per element it holds, and
 * arrays refuse duplicates, so `countBy` counts the rows holding each element.
 */
function elementsOf(column: RawBuilder<unknown>, dialect: Dialect) {
  return (dialect === 'postgres' ? sql`unnest(${column})` : sql`json_each(${column})`).as('_elements');
}

/**
 * Runs an aggregate over the rows `where` (the caller's row rule) and the query's filters
 * leave: one grouped query, `LIMIT max + 1`, served by the index the migration creates.
 */
export async function runAggregate(
  db: Executor,
  dialect: Dialect,
  resource: AnyResource,
  agg: Aggregate,
  query: Pick<ListQuery, 'filters' | 'q'>,
  where?: ExtraWhere,
): Promise<AggregateResult> {
  const f = resource.field(agg.field);
  if (!f) throw new TypeError(`${resource.name}: aggregate of unknown field "${agg.field}"`);
  const element = f.field.spec.element;
  const stored = sql.ref(`${resource.table}.${f.column}`);
  const column = element ? sql.ref(dialect === 'postgres' ? '_elements._elements' : '_elements.value') : stored;
  const from = element ? db.selectFrom([resource.table, elementsOf(stored, dialect)]) : db.selectFrom(resource.table);
  let select = applyListFilters(from.select(column.as('value')), resource, query, dialect, { where })
    .where(column, 'is not', null)
    .groupBy(column)
    .limit(agg.max + 1);
  select = agg.kind === 'countBy'
    ? select.select(sql<number>`count(*)`.as('n')).orderBy(sql`count(*)`, 'desc').orderBy(column)
    : select.orderBy(column);
  const rows = (await select.execute()) as { value: unknown; n?: number | string }[];
  const truncated = rows.length > agg.max;
  const values = rows.slice(0, agg.max).map((row) => {
    const value = (element ?? f.field.spec).fromDb(row.value, dialect);
    return agg.kind === 'countBy' ? { value, count: Number(row.n) } : value;
  });
  return { values, truncated };
}

/** What `createApp` refuses in aggregates, all at once. */
export function aggregateProblems(resources: readonly AnyResource[]): string[] {
  const problems: string[] = [];
  for (const r of resources) {
    for (const [name, agg] of Object.entries(r.definition.aggregates ?? {})) {
      const where = `${r.name}.aggregates.${name}`;
      const f = r.field(agg.field);
      if (!f) problems.push(`${where}: "${agg.field}" is not a field of ${r.name}`);
      else if (f.field.spec.operators.length === 0) problems.push(`${where}: ${f.field.spec.kind} fields cannot be aggregated`);
      if (agg.route !== undefined && !/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(agg.route)) problems.push(`${where}: route must look like "/tags"`);
      if (agg.route !== undefined && agg.access === undefined) problems.push(`${where}: a route needs an access rule (allow.public to make it public)`);
    }
  }
  return problems;
}
