/** A JSON object of an OpenAPI document (a schema, an operation, a response...). */
export type Json = Record<string, unknown>;

/** Follows `$ref`s inside one document. */
export type Deref = (value: unknown) => Json;

/**
 * A function that follows local `$ref`s (`#/components/schemas/Market`) in a document,
 * as many as are chained; anything else comes back as it is (an empty object when it
 * is not an object).
 *
 * @example
 * const deref = dereferencer(document);
 * deref({ $ref: '#/components/schemas/Market' }).properties;
 */
export function dereferencer(document: Json): Deref {
  const deref = (value: unknown, depth = 0): Json => {
    if (!isObject(value)) return {};
    const ref = value.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 20) return value;
    let target: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : undefined;
    }
    return deref(target, depth + 1);
  };
  return (value) => deref(value);
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A schema in the few forms Rampart's documents use, with nullability taken out:
 * `type: ['string', 'null']` and `anyOf: [X, { type: 'null' }]` both become X, nullable.
 * Several non-null alternatives (a reference's id or its included record) are kept
 * apart, keyed by their type.
 */
export interface Shape {
  nullable: boolean;
  /** The JSON types the schema allows besides null; empty: any. */
  types: string[];
  /** The schema itself (resolved), for its keywords: enum, bounds, format, properties... */
  schema: Json;
  /** For `anyOf`/`oneOf` of several non-null alternatives: each, by its type. */
  alternatives?: Map<string, Shape>;
}

function typesOf(schema: Json): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if (schema.const !== undefined) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if (isObject(schema.properties)) return ['object'];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The {@link Shape} of a schema, `$ref`s followed.
 *
 * @example
 * shapeOf({ type: ['string', 'null'], format: 'date-time' }, deref);
 * // { nullable: true, types: ['string'], schema: { ... } }
 */
export function shapeOf(value: unknown, deref: Deref): Shape {
  const schema = deref(value);
  const members = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (members) {
    const shapes = members.map((m) => shapeOf(m, deref));
    const nullable = shapes.some((s) => s.nullable || (s.types.length === 1 && s.types[0] === 'null'));
    const nonNull = shapes.filter((s) => !(s.types.length === 1 && s.types[0] === 'null'));
    if (nonNull.length === 1) return { ...nonNull[0]!, nullable };
    const alternatives = new Map(nonNull.map((s) => [s.types.join('|') || 'any', s]));
    return { nullable, types: [...new Set(nonNull.flatMap((s) => s.types))], schema, alternatives };
  }
  const types = typesOf(schema);
  return { nullable: types.includes('null') || (Array.isArray(schema.enum) && schema.enum.includes(null)), types: types.filter((t) => t !== 'null'), schema };
}
