import type { JsonSchema, Operator } from '../resources/fields/field.js';
import type { ResolvedPath } from '../resources/relations/resolve-paths.js';
import { includable } from '../resources/query/parse-projection.js';
import { defaultListLimit, maxListLimit } from '../resources/query/index.js';
import { filterAliases } from '../resources/query/filter-aliases.js';
import { listControls, type ListQueryOptions } from '../resources/query/list-query.js';
import { maxInValues } from '../resources/query/parse-filter.js';
import { maxOffset } from '../resources/query/parse-pagination.js';
import { fallbackSort, maxSortKeys } from '../resources/query/parse-sort.js';
import { maxSearchLength } from '../resources/query/search-terms.js';
import type { AnyResource, ResolvedField } from '../resources/resource.js';
import type { ParameterGroup, ParameterObject } from './openapi-objects.js';

const operatorText: Record<Operator, string> = {
  eq: 'equals',
  ne: 'differs from',
  gt: 'is greater than',
  gte: 'is greater than or equal to',
  lt: 'is less than',
  lte: 'is less than or equal to',
  in: 'is one of (comma-separated)',
  contains: 'contains',
};

// Format hints that hold for any filter value; others (email, uri, patterns, bounds)
// constrain stored values, not what a client may compare them with.
const filterFormats = new Set(['date-time', 'uuid']);

/**
 * The schema of one filter value of a field. Bounds and patterns of the stored value
 * are dropped on purpose: `?volume[gt]=-1` is a fair question even when volume >= 0.
 */
function filterValueSchema(f: ResolvedField): JsonSchema {
  // An array field is filtered by one of its elements.
  const out = f.field.spec.element?.output ?? f.field.spec.output;
  // Decimals are strings in JSON, and a filter accepts any number of fraction digits.
  if (f.field.spec.decimal) return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
  const schema: JsonSchema = {};
  if (out.type !== undefined) schema.type = out.type;
  if (Array.isArray(out.enum)) schema.enum = out.enum;
  if (typeof out.format === 'string' && filterFormats.has(out.format)) schema.format = out.format;
  return schema;
}

function query(name: string, schema: JsonSchema, description: string): ParameterObject {
  return { name, in: 'query', required: false, style: 'form', description, schema };
}

/** A comma-separated list, which `style: form` with `explode: false` spells `a,b,c`. */
function commaList(name: string, items: JsonSchema, description: string, maxItems?: number): ParameterObject {
  const schema: JsonSchema = { type: 'array', items, minItems: 1 };
  if (maxItems !== undefined) schema.maxItems = maxItems;
  return { ...query(name, schema, description), explode: false };
}

/**
 * One parameter per operator of a filter. `name` is what the client sends (the field's
 * own, an alias or a relation filter's), and `bare` the operator its bracket-less form
 * means: an array alias's bare form is membership, every other one equality. Only a
 * filter named like a control parameter takes this form (see {@link filterParameters}).
 */
function operatorParameters(f: ResolvedField, name: string): ParameterObject[] {
  const value = filterValueSchema(f);
  const params: ParameterObject[] = [];
  for (const op of f.field.spec.operators) {
    const text = operatorDescription(f, op);
    params.push(
      op === 'in'
        ? commaList(`${name}[${op}]`, value, `Only records whose ${text}.`, maxInValues)
        : query(`${name}[${op}]`, value, `Only records whose ${text}.`),
    );
  }
  return params;
}

function operatorDescription(f: ResolvedField, op: Operator): string {
  if (f.field.spec.element) {
    return `\`${f.name}\` ${op === 'in' ? `holds any of the values (comma-separated, at most ${maxInValues})` : 'holds the value'}`;
  }
  return `\`${f.name}\` ${operatorText[op]} the value${op === 'in' ? ` (at most ${maxInValues})` : ''}`;
}

/**
 * The filters of one name, as one parameter: an object of operators, which
 * `style: deepObject` spells `volume[gte]=100&volume[lt]=500`, exactly what the query
 * parser reads. Docs pages then show one input per filtered field rather than one per
 * operator. The bare form (`?status=active`) still works and is named in the
 * description; `in` is a comma-separated string, since deepObject has no array form.
 *
 * A filter named like a control parameter (`total`) cannot share its parameter name, so
 * it keeps one parameter per operator, all in the bracket form.
 */
function filterParameters(f: ResolvedField, reserved: readonly string[], name = f.name, bare: Operator = 'eq'): ParameterObject[] {
  // A bare reserved name is the control parameter (`?total=true`), so a field called
  // `total` is compared with the bracket form `?total[eq]=3`.
  if (reserved.includes(name)) return operatorParameters(f, name);
  const value = filterValueSchema(f);
  const properties: Record<string, JsonSchema> = {};
  for (const op of f.field.spec.operators) {
    properties[op] =
      op === 'in'
        ? { type: 'string', minLength: 1, description: `${operatorDescription(f, op)}: comma-separated.` }
        : { ...value, description: operatorDescription(f, op) };
  }
  const ops = f.field.spec.operators.map((op) => `\`${op}\``).join(', ');
  const shortFor = f.field.spec.operators.includes(bare) ? ` \`${name}=value\` is short for \`${name}[${bare}]=value\`.` : '';
  return [
    {
      name,
      in: 'query',
      required: false,
      style: 'deepObject',
      explode: true,
      description: `Filters on \`${f.name}\`, one operator or several: ${ops}, sent as \`${name}[op]=value\`.${shortFor}`,
      // `example: {}` (no operator): a docs page's Try it out starts from no filter rather
      // than a sample of every operator.
      schema: { type: 'object', properties, additionalProperties: false, example: {} },
    },
  ];
}

function grouped(group: ParameterGroup, params: ParameterObject[]): ParameterObject[] {
  return params.map((p) => ({ ...p, 'x-rampart-group': group }));
}

/** `fields` and `include`, which shape both a list and a single record. */
function projectionParameters(resource: AnyResource): ParameterObject[] {
  const fields = [...resource.fields.keys(), ...Object.keys(resource.definition.computed ?? {})];
  const references = includable(resource);
  const params = grouped('fields', [
    commaList('fields', { type: 'string', enum: fields },
      'Comma-separated fields to return (`id` is always included). Default: all.'),
  ]);
  if (references.length > 0) {
    params.push(...grouped('include', [commaList('include', { type: 'string', enum: references },
      'Comma-separated reference fields whose records to embed in place of their id, and relations whose records to embed as arrays.')]));
  }
  return params;
}

/**
 * The query parameters of a single-record read: `fields` and `include`.
 *
 * @example
 * recordParameters(positions).map((p) => p.name); // ['fields', 'include']
 */
export function recordParameters(resource: AnyResource): ParameterObject[] {
  return projectionParameters(resource);
}

/**
 * The query parameters of a resource's list operation, as the query language defines
 * them, grouped as a reader builds a query: search (`q`) and one parameter per
 * filtered name (its operators as one `deepObject`), `sort`, paging (`limit`, `cursor`,
 * `offset`, `total`), then shaping (`fields`, `include`). Bounds come from the parser's
 * own constants, so the document cannot drift from it.
 *
 * @example
 * listParameters(markets).map((p) => p.name);
 * // ['q', 'id', 'status', 'volume', ..., 'sort', 'limit', 'cursor', 'offset', 'total', 'fields']
 */
export function listParameters(
  resource: AnyResource,
  options: ListQueryOptions = {},
  paths: ReadonlyMap<string, ResolvedPath> = new Map(),
): ParameterObject[] {
  const defaultLimit = options.defaultLimit ?? defaultListLimit;
  const maxLimit = options.maxLimit ?? maxListLimit;
  const fields = [...resource.fields.values()];
  const sortable = fields.filter((f) => f.field.flags.sortable).map((f) => f.name);
  const searchable = resource.searchable.map((f) => f.name);
  // Without searchable fields there is no `q`, and a field may take the name.
  const reserved = listControls.filter((name) => name !== 'q' || searchable.length > 0);

  const filters: ParameterObject[] = [];
  if (searchable.length > 0) {
    filters.push(query('q', { type: 'string', minLength: 1, maxLength: maxSearchLength },
      `Full-text search in ${searchable.map((n) => `\`${n}\``).join(', ')}; every word must match.`));
  }
  const aliases = filterAliases(resource);
  for (const f of fields) {
    // A relation filter or alias declared under a field's name takes that field's parameters.
    if (f.field.flags.filterable && !paths.has(f.name) && !aliases.has(f.name)) filters.push(...filterParameters(f, reserved));
  }
  for (const [name, f] of aliases) {
    const bare = f.field.spec.element ? 'contains' : 'eq';
    for (const param of filterParameters(f, reserved, name, bare)) {
      if (name !== f.name) param.description = `${String(param.description)} \`${name}\` is an alias of \`${f.name}\`.`;
      filters.push(param);
    }
  }
  // Relation filters under their declared names (their dotted paths work too, undocumented twice).
  for (const [name, path] of paths) {
    if (name === path.path) continue;
    const described = path.takesMe ? ' `me` stands for the caller (eq, ne).' : '';
    for (const param of filterParameters({ ...path.leaf, name }, reserved)) {
      param.description = `${String(param.description)} Through \`${path.path}\`.${described}`;
      filters.push(param);
    }
  }
  // createdAt and updatedAt are always sortable, so there is always something to sort by.
  const key = `-?(${sortable.join('|')})`;
  const sort = query('sort', { type: 'string', pattern: `^${key}(,${key}){0,${maxSortKeys - 1}}$` },
    `Up to ${maxSortKeys} comma-separated sort keys, \`-\` before a key for descending, e.g. \`-createdAt\`. ` +
      `Sortable: ${sortable.map((n) => `\`${n}\``).join(', ')}. ` +
      `Default: \`${resource.definition.defaultSort ?? fallbackSort}\`.`);
  const pages = [
    query('limit', { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
      `Page size, 1 to ${maxLimit}. A larger value is refused (400), never silently clamped.`),
    query('cursor', { type: 'string' },
      'The opaque `pagination.nextCursor` of the previous page (keyset paging, same `sort`). Not combined with `offset`.'),
    query('offset', { type: 'integer', minimum: 0, maximum: maxOffset },
      'Records to skip (offset paging). Not combined with `cursor`; prefer `cursor` for deep pages.'),
    query('total', { type: 'boolean', default: false }, 'Also count every matching record into `pagination.total`.'),
  ];
  // In the order a reader builds a query: what to find, in which order, which page, what to return.
  return [...grouped('filters', filters), ...grouped('sort', [sort]), ...grouped('pages', pages), ...projectionParameters(resource)];
}
