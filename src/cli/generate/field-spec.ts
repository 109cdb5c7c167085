/**
 * The field syntax of `rampart generate resource` (after Rails' `g scaffold`):
 * `name:kind[=argument][:modifier[=value]]...`, with only characters a shell leaves alone.
 *
 * | kind | code | argument |
 * |---|---|---|
 * | string, text | field.string({ max: 200 / 10000 }) | |
 * | integer, number, decimal, boolean, timestamp, json | field.<kind>() | |
 * | enum | field.enum([...]) | the values, comma-separated (required) |
 * | reference | field.reference(target) | the target resource (default: name + "s") |
 * | array | field.array(field.string/integer(...)) | the element kind: string (default) or integer |
 * | hasMany | relations: hasMany(child, { via }) | child.via (required) |
 * | through | relations: through(junction, { via, to }) | junction.via.to (required) |
 *
 * Modifiers: unique, optional, default=VALUE, filterable, sortable, searchable, index,
 * min=N, max=N.
 */

export type FieldKindName = 'string' | 'text' | 'integer' | 'number' | 'decimal' | 'boolean' | 'timestamp' | 'json' | 'enum' | 'reference' | 'array';

export interface FieldSpec {
  name: string;
  kind: FieldKindName;
  values?: string[];
  target?: string;
  element?: 'string' | 'integer';
  unique: boolean;
  optional: boolean;
  default?: string | number | boolean;
  filterable: boolean;
  sortable: boolean;
  searchable: boolean;
  index: boolean;
  min?: number;
  max?: number;
}

export interface RelationSpec {
  name: string;
  kind: 'hasMany' | 'through';
  target: string;
  via: string;
  to?: string;
}

export const fieldKinds: readonly string[] = ['string', 'text', 'integer', 'number', 'decimal', 'boolean', 'timestamp', 'json', 'enum', 'reference', 'array', 'hasMany', 'through'];
const modifiers = ['unique', 'optional', 'default', 'filterable', 'sortable', 'searchable', 'index', 'min', 'max'];
const identifier = /^[a-z][A-Za-z0-9]*$/;
const resourceName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A problem with one argument, worded for the person who typed it. */
export class FieldSpecError extends Error {
  override name = 'FieldSpecError';
}

function defaultValue(spec: FieldSpec, raw: string, token: string): string | number | boolean {
  const fail = (why: string) => new FieldSpecError(`${token}: default=${raw} ${why}`);
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n) || (spec.kind === 'integer' && !Number.isInteger(n))) throw fail(`is not ${spec.kind === 'integer' ? 'a whole number' : 'a number'}`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail('must be true or false');
      return raw === 'true';
    case 'enum':
      if (!spec.values!.includes(raw)) throw fail(`is not one of ${spec.values!.join(', ')}`);
      return raw;
    case 'decimal':
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw fail('is not a decimal such as 9.99');
      return raw;
    case 'string':
    case 'text':
      return raw;
    default:
      throw new FieldSpecError(`${token}: a ${spec.kind} field takes no default here; set one in the file`);
  }
}

/** Parses one `name:kind...` argument into a field or a relation. */
export function parseFieldSpec(token: string): FieldSpec | RelationSpec {
  const [name = '', kindPart = '', ...mods] = token.split(':');
  if (!identifier.test(name)) throw new FieldSpecError(`${token}: "${name}" is not a field name (camelCase letters and digits, starting with a lowercase letter)`);
  const [kind = '', argument] = splitOnce(kindPart, '=');
  if (!fieldKinds.includes(kind)) throw new FieldSpecError(`${token}: unknown kind "${kind}"; the kinds are ${fieldKinds.join(', ')}`);
  if (kind === 'hasMany' || kind === 'through') {
    const parts = (argument ?? '').split('.');
    const wanted = kind === 'hasMany' ? 2 : 3;
    if (parts.length !== wanted || parts.some((p) => !identifier.test(p) && !resourceName.test(p))) {
      throw new FieldSpecError(`${token}: ${kind} needs ${kind === 'hasMany' ? '=child.via (e.g. comments:hasMany=comments.article)' : '=junction.via.to (e.g. tags:through=taggings.article.tag)'}`);
    }
    if (mods.length > 0) throw new FieldSpecError(`${token}: relations take no modifiers`);
    return { name, kind, target: parts[0]!, via: parts[1]!, ...(kind === 'through' ? { to: parts[2]! } : {}) };
  }
  const spec: FieldSpec = { name, kind: kind as FieldKindName, unique: false, optional: false, filterable: false, sortable: false, searchable: false, index: false };
  if (kind === 'enum') {
    const values = (argument ?? '').split(',').filter(Boolean);
    if (values.length === 0) throw new FieldSpecError(`${token}: enum needs its values, e.g. status:enum=draft,published`);
    if (new Set(values).size !== values.length) throw new FieldSpecError(`${token}: enum values repeat`);
    spec.values = values;
  } else if (kind === 'reference') {
    const target = argument ?? `${name}s`;
    if (!resourceName.test(target)) throw new FieldSpecError(`${token}: "${target}" is not a resource name`);
    spec.target = target;
  } else if (kind === 'array') {
    const element = argument ?? 'string';
    if (element !== 'string' && element !== 'integer') throw new FieldSpecError(`${token}: arrays hold string or integer elements (array=string, array=integer)`);
    spec.element = element;
  } else if (argument !== undefined) {
    throw new FieldSpecError(`${token}: ${kind} takes no "=${argument}"`);
  }
  for (const mod of mods) {
    const [key = '', value] = splitOnce(mod, '=');
    if (!modifiers.includes(key)) throw new FieldSpecError(`${token}: unknown modifier "${key}"; the modifiers are ${modifiers.join(', ')}`);
    if (key === 'default') {
      if (value === undefined) throw new FieldSpecError(`${token}: default needs a value (default=...)`);
      spec.default = defaultValue(spec, value, token);
    } else if (key === 'min' || key === 'max') {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) throw new FieldSpecError(`${token}: ${key} needs a whole number (${key}=10)`);
      spec[key] = n;
    } else if (value !== undefined) {
      throw new FieldSpecError(`${token}: ${key} takes no value`);
    } else {
      spec[key as 'unique' | 'optional' | 'filterable' | 'sortable' | 'searchable' | 'index'] = true;
    }
  }
  // Lists filtered by a field want an index behind it (rampart audit's RA010); unique and
  // sortable fields have one already, and array fields are indexed by their kind.
  if (spec.filterable && !spec.unique && !spec.sortable && spec.kind !== 'array' && spec.kind !== 'json') spec.index = true;
  if (spec.searchable && spec.kind !== 'string' && spec.kind !== 'text') throw new FieldSpecError(`${token}: only string and text fields are searchable`);
  if (spec.optional && spec.default !== undefined) throw new FieldSpecError(`${token}: optional or default, not both`);
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) throw new FieldSpecError(`${token}: min is above max`);
  return spec;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export function isRelation(spec: FieldSpec | RelationSpec): spec is RelationSpec {
  return spec.kind === 'hasMany' || spec.kind === 'through';
}
