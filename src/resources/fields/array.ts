import { z } from 'zod';
import { Field, type Dialect, type FieldKind, type Presence } from './field.js';

/** Options of {@link array}. */
export interface ArrayOptions {
  /** Fewest elements (default 0). */
  min?: number;
  /** Most elements (default 100, at most 1000): a body never carries an unbounded list. */
  max?: number;
}

/** Element kinds an array may hold: each compares exactly, so membership is well defined. */
export const arrayElementKinds = ['string', 'enum', 'integer'] as const;
/** Default and largest `max` of an array field. */
export const defaultArrayItems = 100;
export const maxArrayItems = 1000;
/**
 * Longest string element. A GIN entry must fit a third of an 8 kB page (about 2,700
 * bytes); 500 characters of up to 4 UTF-8 bytes each stay under it.
 */
export const maxArrayElementLength = 500;

function checkElement(element: Field<unknown, Presence>): FieldKind<unknown> {
  if (!(element instanceof Field)) throw new TypeError('field.array takes a field, e.g. field.array(field.string({ max: 40 }))');
  const { spec, flags } = element;
  if (!(arrayElementKinds as readonly string[]).includes(spec.kind)) {
    const hint = spec.kind === 'reference' ? ' (a list of records is a junction resource, see docs/resources.md#relations)' : '';
    throw new TypeError(`field.array: ${spec.kind} elements are not supported; elements are ${arrayElementKinds.join(', ')} fields${hint}`);
  }
  const modified = flags.presence !== 'required' || flags.unique || flags.index || flags.filterable || flags.sortable || flags.searchable || flags.readOnly || flags.derive;
  if (modified) throw new TypeError('field.array: declare .optional(), .default(), .filterable() and the like on the array, not on its element');
  if (spec.kind === 'string' && Number(spec.output.maxLength) > maxArrayElementLength) {
    throw new TypeError(`field.array: string elements need a max of at most ${maxArrayElementLength}, e.g. field.string({ max: 40 })`);
  }
  return spec;
}

function bound(name: string, value: number | undefined, fallback: number, low: number, high: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < low || n > high) throw new TypeError(`field.array: ${name} must be a whole number from ${low} to ${high}`);
  return n;
}

/*
 * Storage: PostgreSQL keeps a native array (`text[]`, `bigint[]`), which a GIN index
 * serves for `&&` membership. SQLite keeps JSON text and tests membership with
 * `json_each`, a scan of the rows the other conditions leave: SQLite cannot index inside
 * a value, and the alternative, a side table kept by triggers, costs every write a
 * second table's rows and the migrator a new kind of object to introspect and rebuild.
 */
function toDb(element: FieldKind<unknown>) {
  return (values: unknown[], dialect: Dialect): unknown => {
    const stored = values.map((v) => element.toDb(v, dialect));
    return dialect === 'postgres' ? stored : JSON.stringify(stored);
  };
}

function fromDb(element: FieldKind<unknown>) {
  return (raw: unknown, dialect: Dialect): unknown[] => {
    const values = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[];
    return values.map((v) => element.fromDb(v, dialect));
  };
}

/**
 * A list of strings, enum values or integers, in the order the client sent them.
 * Duplicates are refused (400): silently dropping them would answer something other
 * than what was written, and the schema says `uniqueItems`. `.filterable()` allows
 * `?tags[contains]=x` (the list holds x) and `?tags[in]=x,y` (it holds any of them),
 * backed by a GIN index on PostgreSQL. Arrays cannot be sorted, searched, unique or
 * indexed on their own; `aggregate.distinct` lists their elements.
 *
 * @example
 * tagList: field.array(field.string({ max: 40 }), { max: 20 }).default([]).filterable()
 */
export function array<T>(element: Field<T, Presence>, options: ArrayOptions = {}): Field<T[], 'required'> {
  const spec = checkElement(element as Field<unknown, Presence>);
  const max = bound('max', options.max, defaultArrayItems, 1, maxArrayItems);
  const min = bound('min', options.min, 0, 0, max);
  const input = z
    .array(spec.input)
    .min(min)
    .max(max)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        const key = JSON.stringify(v);
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `repeats ${key}; each value may appear once` });
        seen.add(key);
      });
    })
    .meta({ uniqueItems: true });
  const output: Record<string, unknown> = { type: 'array', items: spec.output, maxItems: max, uniqueItems: true };
  if (min > 0) output.minItems = min;
  const kind: FieldKind<unknown[]> = {
    kind: 'array',
    column: spec.column === 'integer' ? 'integer[]' : 'text[]',
    input: input as unknown as z.ZodType<unknown[]>,
    output,
    operators: ['contains', 'in'],
    parseQueryValue: (raw) => [spec.parseQueryValue(raw)],
    toDb: toDb(spec),
    fromDb: fromDb(spec),
    element: spec,
  };
  return new Field(kind) as unknown as Field<T[], 'required'>;
}
