import type { Operator } from '../fields/field.js';
import type { AnyResource, ResolvedField } from '../resource.js';
import { filterAliases } from './filter-aliases.js';
import type { Filter } from './list-query.js';
import { fail, messageOf } from './query-issues.js';

/** Every operator of the query language, in documentation order. */
export const filterOperators: readonly Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains'];

/** Bounds the SQL an `in` filter produces (one bound parameter per value). */
export const maxInValues = 100;

// Field and alias names are letters and digits (resource() and the startup checks
// enforce it); anything else cannot be a filter.
const filterKey = /^([a-zA-Z][a-zA-Z0-9]*)(?:\[([^\]]*)\])?$/;

function isOperator(op: string): op is Operator {
  return (filterOperators as readonly string[]).includes(op);
}

function filterableNames(resource: AnyResource): string[] {
  const aliases = filterAliases(resource);
  const fields = [...resource.fields.values()].filter((f) => f.field.flags.filterable && !aliases.has(f.name));
  return [...fields.map((f) => f.name), ...aliases.keys()];
}

function parseValue(f: ResolvedField, param: string, raw: string, prefix = ''): unknown {
  try {
    return f.field.spec.parseQueryValue(raw);
  } catch (error) {
    return fail(param, prefix + messageOf(error));
  }
}

/** What a filter parameter name designates: a filterable field and a supported operator. */
export interface FilterTarget {
  field: ResolvedField;
  op: Operator;
}

/**
 * Resolves a filter parameter name such as `volume[gte]` (or `status`, meaning `eq`).
 * An undeclared or non-filterable field is reported as an unknown parameter, the same
 * as any other name the API does not know. An alias (`filters: { tag: 'tagList' }`)
 * takes its field's place, and its own name if it is a field's; its bare form on an
 * array field means membership (`contains`), since an array has no equality filter.
 *
 * @example
 * filterTarget(markets, 'volume[gte]'); // { field: <volume>, op: 'gte' }
 */
export function filterTarget(resource: AnyResource, param: string): FilterTarget {
  const match = filterKey.exec(param);
  const name = match?.[1];
  const alias = name === undefined ? undefined : filterAliases(resource).get(name);
  const f = alias ?? (name === undefined ? undefined : resource.field(name));
  if (!match || !f || !f.field.flags.filterable) {
    const allowed = filterableNames(resource);
    return fail(param, `unknown parameter; filterable fields are ${allowed.join(', ') || 'none'}`, true);
  }
  const op = match[2] ?? (alias && f.field.spec.element ? 'contains' : 'eq');
  if (!isOperator(op) || !f.field.spec.operators.includes(op)) {
    const supported = f.field.spec.operators.join(', ') || 'no operators';
    const of = alias ? ` (an alias of ${f.name})` : '';
    return fail(param, `unsupported operator "${op}"; "${name}"${of} supports ${supported}`);
  }
  return { field: f, op };
}

/**
 * Parses one filter parameter: `status=active` (equality) or `volume[gte]=100`. The
 * field must be declared filterable and support the operator; `in` takes 1 to 100
 * comma-separated values, each checked by the field's `parseQueryValue`. On an array
 * field both `contains` and `in` become `contains` with a list of elements, any of which
 * the stored array must hold. An alias parses as its field, so the filter (and the cache
 * key) names the field: `?tag=x` and `?tagList[contains]=x` are one query.
 *
 * @example
 * parseFilter(markets, 'volume[gte]', '100');
 * // { field: 'volume', column: 'volume', op: 'gte', value: '100.00' }
 */
export function parseFilter(resource: AnyResource, param: string, raw: string): Filter {
  const { field: f, op } = filterTarget(resource, param);
  if (op !== 'in') {
    return { field: f.name, column: f.column, op, value: parseValue(f, param, raw) };
  }
  const parts = raw.split(',');
  if (parts.length > maxInValues) fail(param, `expected at most ${maxInValues} comma-separated values`);
  const values = parts.map((part, i) => parseValue(f, param, part, `value ${i + 1}: `));
  if (f.field.spec.element) return { field: f.name, column: f.column, op: 'contains', value: values.flat() };
  return { field: f.name, column: f.column, op, value: values };
}
