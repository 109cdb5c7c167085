import { z } from 'zod';
import type { JsonSchema } from '../resources/fields/field.js';

/**
 * Converts a zod schema to the JSON Schema dialect of OpenAPI 3.1 (draft 2020-12).
 * `io: 'input'` describes what a client sends (before transforms and defaults),
 * `io: 'output'` what the server answers.
 *
 * The `$schema` keyword is dropped: inside an OpenAPI document the dialect is the
 * document's own. Types with no JSON form do not stop the generator: a `Date` is sent
 * as an ISO-8601 string, and anything else (a transform's output, a custom type) is
 * documented as "any value" rather than made up.
 *
 * @example
 * zodJsonSchema(z.strictObject({ name: z.string() }), 'input');
 * // { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false }
 */
export function zodJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: ({ zodSchema }) =>
      zodSchema._zod.def.type === 'date' ? { type: 'string', format: 'date-time' } : 'any',
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

/** True when the schema holds a `$ref` anywhere. */
export function hasRefs(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasRefs);
  if (schema === null || typeof schema !== 'object') return false;
  return Object.entries(schema).some(([key, value]) => key === '$ref' || hasRefs(value));
}

/**
 * Rewrites the document-local refs of a converted schema (`#` for its root, `#/$defs/x`
 * for recursive or shared parts) so they still resolve once the schema sits at `base`
 * inside the OpenAPI document: there `#` means the document, not the schema. Refs
 * already aimed at components are left alone.
 *
 * @example
 * rebaseRefs({ items: { $ref: '#' } }, '#/components/schemas/Node');
 * // { items: { $ref: '#/components/schemas/Node' } }
 */
export function rebaseRefs<T>(schema: T, base: string): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => rebaseRefs(item, base)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && (value === '#' || value.startsWith('#/$defs/'))
        ? base + value.slice(1)
        : rebaseRefs(value, base);
  }
  return out as T;
}
