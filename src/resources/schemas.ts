import { z } from 'zod';
import type { JsonSchema } from './fields/field.js';
import type { AnyResource, ResolvedField } from './resource.js';
import { userProfileJsonSchemaOf, usersTarget } from './user-profiles.js';
import { relationsOf } from './relations/resolve-relations.js';

/** JSON Schema of one field's value in responses, `null` included when it may be unset. */
export function fieldJsonSchema(f: ResolvedField): JsonSchema {
  const schema: JsonSchema = { ...f.field.spec.output };
  if (f.field.flags.description) schema.description = f.field.flags.description;
  if (f.field.flags.readOnly) schema.readOnly = true;
  if (f.field.flags.presence !== 'optional' || schema.type === undefined) return schema;
  const nullable: JsonSchema = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) nullable.enum = [...schema.enum, null];
  return nullable;
}

/**
 * JSON Schema of a record in responses. Properties are not `required`, because
 * `?fields=` may leave some out; `additionalProperties: false` documents that nothing
 * undeclared is ever sent (the serializer drops it).
 *
 * With `lookup`, reference fields also admit the embedded record that `?include=` puts
 * in their place, down to `depth` levels (`include=comments.author`: two); a reference
 * to users admits the public profile, and each declared relation is an array of its
 * records. Computed fields are always there. `embed` (always embedded) holds at the top
 * level only: deeper records embed what the request names.
 */
export function recordJsonSchema(
  resource: AnyResource,
  lookup?: (name: string) => AnyResource | undefined,
  depth = 2,
  top = true,
): JsonSchema {
  const deeper = depth > 1 ? lookup : undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const f of resource.fields.values()) {
    const plain = fieldJsonSchema(f);
    const ref = f.field.spec.reference;
    const target = ref && lookup?.(ref.resource);
    const embedded = target ? recordJsonSchema(target, deeper, depth - 1, false) : lookup && ref?.resource === usersTarget ? userProfileJsonSchemaOf(resource) : undefined;
    const always = top && resource.definition.embed?.includes(f.name);
    properties[f.name] = embedded ? (always ? embedded : { anyOf: [plain, embedded] }) : plain;
  }
  for (const [name, c] of Object.entries(resource.definition.computed ?? {})) {
    properties[name] = { type: c.kind === 'count' ? 'integer' : 'boolean', readOnly: true };
  }
  if (lookup) {
    for (const r of relationsOf(resource, lookup).relations.values()) {
      const item = !r.far ? recordJsonSchema(r.rows, deeper, depth - 1, false) : r.far.target === usersTarget ? userProfileJsonSchemaOf(resource) : recordJsonSchema(r.far.target, deeper, depth - 1, false);
      const always = top && resource.definition.embed?.includes(r.name);
      properties[r.name] = { type: 'array', items: item, maxItems: r.relation.max, description: always ? 'Always present.' : `Present with ?include=${r.name}.` };
    }
  }
  return { type: 'object', properties, additionalProperties: false };
}

function inputShape(resource: AnyResource, mode: 'create' | 'patch', fields = resource.clientWritable): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const base = f.field.spec.input;
    const presence = f.field.flags.presence;
    shape[f.name] =
      mode === 'patch'
        ? (presence === 'optional' ? base.nullable() : base).optional()
        : presence === 'required'
          ? base
          : presence === 'optional'
            ? base.nullable().optional()
            : base.optional();
  }
  return shape;
}

/**
 * The zod schema of a create (POST) or replace (PUT) body: declared writable fields
 * only; anything else (`id`, timestamps, unknown keys) is refused by `strictObject`.
 * Defaults are applied by the service, so a PUT that leaves out a defaulted field
 * resets it.
 */
export function createBodySchema(resource: AnyResource): z.ZodType<Record<string, unknown>> {
  return z.strictObject(inputShape(resource, 'create'));
}

/** The zod schema of a PATCH body: every writable field optional, nothing else. */
export function patchBodySchema(resource: AnyResource): z.ZodType<Record<string, unknown>> {
  return z.strictObject(inputShape(resource, 'patch'));
}

type BodySchemas = { create: z.ZodType<Record<string, unknown>>; patch: z.ZodType<Record<string, unknown>> };
const serverSchemas = new WeakMap<AnyResource, BodySchemas>();

/**
 * The create and patch schemas of server-side writes (`records()`, hooks, increments):
 * like a client's, plus the `.readOnly()` fields. Built once per resource.
 */
export function serverBodySchemas(resource: AnyResource): BodySchemas {
  let schemas = serverSchemas.get(resource);
  if (!schemas) {
    schemas = {
      create: z.strictObject(inputShape(resource, 'create', resource.writable)),
      patch: z.strictObject(inputShape(resource, 'patch', resource.writable)),
    };
    serverSchemas.set(resource, schemas);
  }
  return schemas;
}
