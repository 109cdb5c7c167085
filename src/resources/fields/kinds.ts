import { z } from 'zod';
import { hasNul, nulMessage } from './no-nul.js';
import { Field, type FieldKind, type Operator } from './field.js';
import {
  parseBooleanValue,
  parseIntegerValue,
  parseNumberValue,
  parseTextValue,
} from './query-value.js';

const ordered: readonly Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'];
const identity = <T>(v: T): T => v;

/** Options of {@link string}. */
export interface StringOptions {
  min?: number;
  max?: number;
  pattern?: RegExp;
  format?: 'email' | 'url';
}

/**
 * A text field. `max` defaults to 10,000 characters: unbounded input is never accepted.
 *
 * @example
 * field.string({ min: 1, max: 200 })
 * field.string({ format: 'email' }).unique()
 */
export function string(options: StringOptions = {}): Field<string, 'required'> {
  const max = options.max ?? 10_000;
  let schema: z.ZodType<string> =
    options.format === 'email'
      ? z.email().max(max)
      : options.format === 'url'
        ? z.url({ protocol: /^https?$/ }).max(max)
        : z.string().max(max);
  if (options.min !== undefined) schema = (schema as z.ZodString).min(options.min);
  if (options.pattern) schema = (schema as z.ZodString).regex(options.pattern);
  schema = schema.refine((v) => !hasNul(v), nulMessage);
  const output: Record<string, unknown> = { type: 'string', maxLength: max };
  if (options.min !== undefined) output.minLength = options.min;
  if (options.format === 'email') output.format = 'email';
  if (options.format === 'url') output.format = 'uri';
  if (options.pattern) output.pattern = options.pattern.source;
  const spec: FieldKind<string> = {
    kind: 'string',
    column: 'text',
    input: schema,
    output,
    operators: ['eq', 'ne', 'in', 'contains', 'gt', 'gte', 'lt', 'lte'],
    parseQueryValue: parseTextValue,
    toDb: identity,
    fromDb: (raw) => raw as string,
  };
  return new Field(spec);
}

/** Options of {@link integer} and {@link number}. */
export interface NumberOptions {
  min?: number;
  max?: number;
}

function bounded<S extends z.ZodNumber>(schema: S, o: NumberOptions): S {
  let s = schema;
  if (o.min !== undefined) s = s.min(o.min) as S;
  if (o.max !== undefined) s = s.max(o.max) as S;
  return s;
}

function numericOutput(type: 'integer' | 'number', o: NumberOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { type };
  if (o.min !== undefined) out.minimum = o.min;
  if (o.max !== undefined) out.maximum = o.max;
  return out;
}

/**
 * A whole number within JavaScript's safe integer range.
 *
 * @example
 * field.integer({ min: 0 }).sortable()
 */
export function integer(options: NumberOptions = {}): Field<number, 'required'> {
  return new Field<number, 'required'>({
    kind: 'integer',
    column: 'integer',
    input: bounded(z.int(), options),
    output: numericOutput('integer', options),
    operators: ordered,
    parseQueryValue: parseIntegerValue,
    toDb: identity,
    fromDb: (raw) => Number(raw),
  });
}

/**
 * A floating-point number. Use {@link decimal} for money.
 *
 * @example
 * field.number({ min: 0, max: 1 })
 */
export function number(options: NumberOptions = {}): Field<number, 'required'> {
  return new Field<number, 'required'>({
    kind: 'number',
    column: 'real',
    input: bounded(z.number(), options),
    output: numericOutput('number', options),
    operators: ordered,
    parseQueryValue: parseNumberValue,
    toDb: identity,
    fromDb: (raw) => Number(raw),
  });
}

/**
 * A true/false field.
 *
 * @example
 * field.boolean().default(false).filterable()
 */
export function boolean(): Field<boolean, 'required'> {
  return new Field<boolean, 'required'>({
    kind: 'boolean',
    column: 'boolean',
    input: z.boolean(),
    output: { type: 'boolean' },
    operators: ['eq', 'ne'],
    parseQueryValue: parseBooleanValue,
    toDb: (v, dialect) => (dialect === 'sqlite' ? (v ? 1 : 0) : v),
    fromDb: (raw) => raw === true || raw === 1 || raw === 1n,
  });
}

/**
 * One of a fixed list of strings.
 *
 * @example
 * field.enum(['active', 'closed', 'resolved']).default('active').filterable()
 */
export function enumeration<const V extends readonly [string, ...string[]]>(
  values: V,
): Field<V[number], 'required'> {
  const schema = z.enum(values as unknown as [V[number], ...V[number][]]);
  return new Field<V[number], 'required'>({
    kind: 'enum',
    column: 'text',
    input: schema as unknown as z.ZodType<V[number]>,
    output: { type: 'string', enum: [...values] },
    operators: ['eq', 'ne', 'in'],
    parseQueryValue: (raw) => {
      if (!values.includes(raw)) throw new Error(`expected one of ${values.join(', ')}`);
      return raw as V[number];
    },
    toDb: identity,
    fromDb: (raw) => raw as V[number],
  });
}

/**
 * Any JSON value, stored as JSON (jsonb on PostgreSQL). Not filterable.
 *
 * @example
 * field.json().optional()
 */
export function json(): Field<z.core.util.JSONType, 'required'> {
  return new Field<z.core.util.JSONType, 'required'>({
    kind: 'json',
    column: 'json',
    input: z.json().refine((v) => !hasNul(v), nulMessage),
    output: {},
    operators: [],
    parseQueryValue: () => {
      throw new Error('JSON fields cannot be filtered');
    },
    // Stringified for both dialects: pg would send a JS array as a PostgreSQL array.
    toDb: (v) => JSON.stringify(v),
    fromDb: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw) as z.core.util.JSONType,
  });
}

/** Options of {@link reference}. */
export interface ReferenceOptions {
  /** What deleting the referenced record does; `restrict` (the default) answers 409. */
  onDelete?: 'restrict' | 'cascade' | 'set null';
}

/**
 * The id of a record of another resource. `?include=<field>` embeds that record.
 *
 * @example
 * field.reference('markets', { onDelete: 'cascade' }).filterable()
 */
export function reference(
  resource: string,
  options: ReferenceOptions = {},
): Field<string, 'required'> {
  return new Field<string, 'required'>({
    ...uuid().spec,
    kind: 'reference',
    reference: { resource, onDelete: options.onDelete ?? 'restrict' },
  });
}

const uuidSchema = z.uuid();

/** @internal A UUID column: record ids. Clients see it through `id` and references. */
export function uuid(): Field<string, 'required'> {
  return new Field<string, 'required'>({
    kind: 'uuid',
    column: 'uuid',
    input: uuidSchema.transform((v) => v.toLowerCase()) as unknown as z.ZodType<string>,
    output: { type: 'string', format: 'uuid' },
    operators: ['eq', 'ne', 'in'],
    parseQueryValue: (raw) => {
      if (!uuidSchema.safeParse(raw).success) throw new Error('expected a UUID');
      return raw.toLowerCase();
    },
    toDb: identity,
    fromDb: (raw) => String(raw),
  });
}
