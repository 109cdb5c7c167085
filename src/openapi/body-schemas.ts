import type { JsonSchema } from '../resources/fields/field.js';
import type { AnyResource } from '../resources/resource.js';
import { createBodySchema, patchBodySchema } from '../resources/schemas.js';
import { zodJsonSchema } from './zod-json-schema.js';

const decimalShape = '^-?\\d+(\\.\\d+)?$';

/** The part of a property schema that describes the string form (nullable ones vary). */
function stringBranch(schema: JsonSchema): JsonSchema | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return schema;
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : [];
  return branches.find((b) => b.type === 'string');
}

/**
 * The JSON Schema of a create/replace (`mode: 'create'`) or PATCH body, converted from
 * the very zod schema that validates it, then annotated with what zod cannot know:
 * field descriptions, defaults the service applies, and the shape of decimal strings
 * (their zod schema is a transform, so the converted input is a bare string).
 *
 * @example
 * components.schemas.MarketCreate = bodyJsonSchema(markets, 'create');
 */
export function bodyJsonSchema(resource: AnyResource, mode: 'create' | 'patch'): JsonSchema {
  const zodSchema = mode === 'create' ? createBodySchema(resource) : patchBodySchema(resource);
  const schema = zodJsonSchema(zodSchema, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const f of resource.writable) {
    const property = properties[f.name];
    if (!property) continue;
    if (f.field.flags.description) property.description = f.field.flags.description;
    if (mode === 'create' && f.field.flags.presence === 'default') property.default = f.field.flags.default;
    const text = f.field.spec.decimal && stringBranch(property);
    if (text && text.pattern === undefined) text.pattern = decimalShape;
  }
  return schema;
}
