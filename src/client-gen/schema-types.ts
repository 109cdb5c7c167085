/**
 * TypeScript types from the JSON Schemas of an OpenAPI 3.1 document.
 *
 * Written here rather than taken from openapi-typescript 7: that package needs the
 * `typescript` compiler at run time (a peer dependency Rampart would have to ship to every
 * app) and Redocly's loader with its own tree (YAML parsers, a proxy agent) to read a
 * document Rampart already holds as an object; and its output is a `paths` map for
 * openapi-fetch, so the per-status results, page iterators and token refresh would still
 * be generated here. Rampart's schemas are regular (objects, arrays, enums, strings with
 * formats, numbers, nullable forms, `anyOf` alternatives), which this covers; anything
 * else becomes `unknown`, never `any`.
 */

/** A JSON object of the document. */
export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A component name as a TypeScript identifier: `Market` stays, `search-entry` becomes
 * `SearchEntry`.
 *
 * @example
 * typeName('search-entry'); // 'SearchEntry'
 */
export function typeName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `T${joined}` : joined || 'Unnamed';
}

/** A property key, quoted when it is not an identifier. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function literal(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** `A | B` needs parentheses before `[]`. */
function arrayOf(item: string): string {
  return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

function objectType(schema: Json, depth: number, docs: boolean): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const lines = Object.entries(properties).map(([name, property]) => {
    const doc = docs && isObject(property) && typeof property.description === 'string' ? `/** ${property.description.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '';
    return `${doc}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${schemaType(property, depth + 1, docs)};`;
  });
  const extra = schema.additionalProperties;
  if (isObject(extra)) lines.push(`[key: string]: ${schemaType(extra, depth + 1, docs)};`);
  else if (extra !== false && lines.length === 0) return 'Record<string, unknown>';
  if (lines.length === 0) return 'Record<string, never>';
  return `{\n  ${indent(lines.join('\n'), '  ')}\n}`;
}

function typeFor(type: string, schema: Json, depth: number, docs: boolean): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayOf(schema.items === undefined ? 'unknown' : schemaType(schema.items, depth + 1, docs));
    case 'object':
      return objectType(schema, depth, docs);
    default:
      return 'unknown';
  }
}

/**
 * The TypeScript type of a schema: `$ref`s to `#/components/schemas/X` become `X` (see
 * {@link typeName}), everything else is written out; with `docs`, property descriptions
 * become JSDoc.
 *
 * @example
 * schemaType({ type: ['string', 'null'], format: 'date-time' }); // 'string | null'
 * schemaType({ type: 'string', enum: ['yes', 'no'] }); // '"yes" | "no"'
 */
export function schemaType(value: unknown, depth = 0, docs = true): string {
  if (!isObject(value) || depth > 24) return 'unknown';
  const schema = value;
  if (typeof schema.$ref === 'string') {
    const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    return match ? typeName(match[1]!.replace(/~1/g, '/').replace(/~0/g, '~')) : 'unknown';
  }
  if (schema.const !== undefined) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  const members = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (members) return union(members.map((m) => schemaType(m, depth + 1, docs)));
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return schemaType(schema.allOf[0], depth + 1, docs);
  const type = schema.type;
  if (typeof type === 'string') return typeFor(type, schema, depth, docs);
  if (Array.isArray(type)) return union(type.map((t) => typeFor(String(t), schema, depth, docs)));
  if (isObject(schema.properties)) return objectType(schema, depth, docs);
  return 'unknown';
}
