import fc from 'fast-check';

/** A JSON Schema node as the OpenAPI document carries it (3.1: plain JSON Schema). */
export type Schema = Record<string, unknown>;

/** What value generation draws on besides the schema: `$ref` targets and known ids. */
export interface ValueContext {
  /** `components.schemas` of the document, to follow `$ref`s. */
  components: Record<string, Schema>;
  /**
   * Ids of records that exist, for a field or parameter of this name (`market`: the
   * markets' ids), or of any kind: a random UUID would almost always miss.
   */
  ids: (name?: string) => readonly string[];
}

// Inputs that break naive code: empty, huge, control and combining characters, astral
// planes, lone surrogates, SQL and LIKE metacharacters, prototype keys, number edges.
const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFFFF',
  '😀'.repeat(50),
  'e\u0301'.repeat(30),
  '\u202Eevil',
  "' OR '1'='1",
  '%',
  '_',
  '\\',
  '"',
  '*',
  'NEAR(',
  '__proto__',
  'constructor',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
];

/** Any string a client could send, hostile ones often. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...hostileStrings), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
  { arbitrary: fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** A value of the wrong JSON type for most schemas. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [null], { '': null }),
  fc.jsonValue({ maxDepth: 3 }),
  anyString,
);

function resolve(schema: Schema, context: ValueContext): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = context.components[name];
  if (!target) throw new Error(`unresolved $ref ${ref}`);
  return resolve(target, context);
}

function stringValue(schema: Schema, context: ValueContext, name?: string): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(min, 40);
  const options: fc.Arbitrary<string>[] = [];
  if (schema.format === 'uuid') {
    options.push(fc.constant(null).chain(() => (context.ids(name).length ? fc.constantFrom(...context.ids(name)) : fc.uuid())), fc.uuid({ version: 7 }));
  } else if (schema.format === 'date-time') {
    options.push(fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()));
  } else if (schema.format === 'uri') {
    options.push(fc.webUrl());
  } else if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern);
    const fits = (s: string) => pattern.test(s) && s.length >= min && s.length <= max;
    // Plain values a generator from the pattern alone seldom draws (amounts, mostly).
    const plain = ['1', '0', '0.01', '12.50', '1.25', '99999999.99', 'a', 'order.created', '*'].filter(fits);
    options.push(fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= max));
    if (plain.length) options.push(fc.constantFrom(...plain));
  } else {
    options.push(fc.string({ minLength: min, maxLength: Math.min(max, 60) }), fc.emailAddress().filter((s) => s.length <= max));
    // The bounds themselves, where off-by-one errors live.
    options.push(fc.constantFrom('a'.repeat(min), 'a'.repeat(max), 'é'.repeat(max)));
  }
  return fc.oneof(...options);
}

function numberValue(schema: Schema): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
  const whole = schema.type === 'integer';
  return fc.oneof(
    fc.constantFrom(min, max),
    whole ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true }),
  );
}

/**
 * Values a schema accepts (as far as its keywords say: enums, formats, patterns, bounds,
 * required and optional properties), chosen at the bounds often.
 */
export function validValue(input: Schema, context: ValueContext, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, context);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => validValue(v, context, depth + 1, name)));
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (type.length > 1) return fc.oneof(...type.map((t) => validValue({ ...schema, type: t }, context, depth + 1, name)));
  switch (type[0]) {
    case 'string':
      return stringValue(schema, context, name);
    case 'integer':
    case 'number':
      return numberValue(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 5, 5);
      return fc.array(validValue(items, context, depth + 1, name), { minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'object':
      return objectValue(schema, context, depth, false);
    default:
      return depth > 2 ? fc.constant(null) : anyJson;
  }
}

/**
 * Values a schema may refuse: each draw is a valid value, the wrong JSON type, a valid
 * value broken in one place (a field missing, null, of the wrong type, or unknown), or
 * a hostile string.
 */
export function hostileValue(input: Schema, context: ValueContext, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, context);
  const isObject = schema.type === 'object';
  return fc.oneof(
    { arbitrary: validValue(schema, context, depth, name), weight: 4 },
    { arbitrary: isObject && depth < 2 ? objectValue(schema, context, depth, true) : anyJson, weight: 3 },
    { arbitrary: anyJson, weight: 1 },
    { arbitrary: anyString, weight: 1 },
  );
}

function objectValue(schema: Schema, context: ValueContext, depth: number, hostile: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const entries = Object.entries(properties).map(([name, property]) => {
    const value = hostile ? hostileValue(property, context, depth + 1, name) : validValue(property, context, depth + 1, name);
    // A required field is sometimes left out when hostile; an optional one often is.
    const keep = required.has(name) && !hostile ? fc.constant(true) : fc.boolean();
    return fc.tuple(fc.constant(name), value, keep);
  });
  const extra = hostile
    ? fc.array(fc.tuple(fc.oneof(fc.constantFrom('id', 'owner', 'role', 'createdAt', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), anyJson), { maxLength: 2 })
    : fc.constant([] as [string, unknown][]);
  return fc.tuple(fc.tuple(...entries), extra).map(([fields, more]) => {
    const out: Record<string, unknown> = {};
    for (const [name, value, keep] of fields) if (keep) out[name] = value;
    // defineProperty: a plain assignment of `__proto__` would set the prototype, not a key.
    for (const [name, value] of more) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    return out;
  });
}
