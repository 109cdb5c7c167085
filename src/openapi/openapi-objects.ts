import type { JsonSchema } from '../resources/fields/field.js';
import type { RateLimitNote } from './operation-notes.js';

/*
 * The OpenAPI 3.1 objects the generator builds, typed loosely on purpose: openapi-types
 * reuses 3.0 shapes for parameters and headers, whose schemas cannot hold 3.1 forms such
 * as `type: ['string', 'null']`. The finished document is cast once, in generate-openapi.ts.
 */

/** A `$ref` to a component. */
export interface Reference {
  $ref: string;
}

/** A parameter of an operation. */
export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  style?: 'form' | 'simple' | 'deepObject';
  explode?: boolean;
  schema: JsonSchema;
  /** Where a list parameter belongs, for docs pages that group them (see list-parameters.ts). */
  'x-rampart-group'?: ParameterGroup;
}

/** The groups of a list's query parameters, in the order a reader builds a query. */
export type ParameterGroup = 'filters' | 'sort' | 'pages' | 'fields' | 'include' | 'headers';

/** One media type of a body. */
export interface MediaTypeObject {
  schema: JsonSchema | Reference;
}

/** A response of an operation, or a reusable one in `components.responses`. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, { description?: string; required?: boolean; schema: JsonSchema }>;
  content?: Record<string, MediaTypeObject>;
}

/** An operation; `x-rampart-access` names the access rule that guards it. */
export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | Reference>;
  'x-rampart-access': string;
  /** The request budget that counts its calls (see operation-notes.ts). */
  'x-rampart-rate-limit'?: RateLimitNote;
  security?: Record<string, string[]>[];
}

/** The HTTP methods an OpenAPI path item holds (lower case, as the spec spells them). */
export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The operations of one path. */
export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

/** A tag with the text Swagger UI shows above its group of operations. */
export interface TagObject {
  name: string;
  description?: string;
}

/** A `$ref` to `#/components/schemas/<name>`. */
export function schemaRef(name: string): Reference {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON body with the given schema. */
export function jsonContent(schema: JsonSchema | Reference): Record<string, MediaTypeObject> {
  return { 'application/json': { schema } };
}
