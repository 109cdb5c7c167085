import fastJson from 'fast-json-stringify';
import type { JsonSchema } from './fields/field.js';
import type { ResourceLookup } from './include.js';
import type { AnyResource } from './resource.js';
import type { Envelope } from '../wire/envelopes.js';
import { recordJsonSchema } from './schemas.js';

// What the serializer needs of a page: types only (the document's schema is in openapi/).
const pagination = {
  type: 'object',
  properties: { limit: { type: 'integer' }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
};

/**
 * fast-json-stringify picks an `anyOf` branch by validating the value; a branch with
 * `additionalProperties: false` would refuse an object carrying anything extra. The
 * serializer writes declared properties only whatever that keyword says, so it is
 * dropped everywhere, nested embedded records (`include=comments.author`) included.
 */
function looseBranches(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) return schema.map((item) => looseBranches(item as JsonSchema)) as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = value && typeof value === 'object' ? looseBranches(value as JsonSchema) : value;
  }
  return out;
}

/** The response schemas of a resource's routes, and serializers for `?include=`. */
export interface ResponseSchemas {
  one: JsonSchema;
  many: JsonSchema;
  /** For responses with embedded records; compiled once at startup. */
  includeOne: (value: unknown) => string;
  includeMany: (value: unknown) => string;
}

/**
 * The routes declare the plain record (a reference is an id string), which keeps the
 * common path free of `anyOf`: fast-json-stringify resolves an `anyOf` by validating
 * every value against its branches. Only a request with `?include=` switches to the
 * serializer whose references may also be the embedded record.
 */
export function responseSchemas(resource: AnyResource, lookup: ResourceLookup, envelope: Envelope): ResponseSchemas {
  const plain = recordJsonSchema(resource);
  const embedded = looseBranches(recordJsonSchema(resource, lookup));
  const one = (record: JsonSchema) => envelope.oneSchema(record);
  const many = (record: JsonSchema) => envelope.manySchema(record, pagination);
  return {
    one: one(plain),
    many: many(plain),
    // Rampart's JSON Schema fragments are plain objects; fast-json-stringify's types want
    // its own literal shapes.
    includeOne: fastJson(one(embedded) as unknown as fastJson.Schema) as (value: unknown) => string,
    includeMany: fastJson(many(embedded) as unknown as fastJson.Schema) as (value: unknown) => string,
  };
}
