import { resolveEnvelope, type EnvelopeSpec } from '../wire/envelopes.js';
import { errorCatalog } from '../errors/catalog.js';
import type { z } from 'zod';
import type { JsonSchema } from '../resources/fields/field.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { recordJsonSchema } from '../resources/schemas.js';
import type { ComponentSchemas } from './component-schemas.js';
import { accessPart } from './operation-access.js';
import { ownRateLimit } from './operation-notes.js';
import { pascalCase, routeOperationId, type OperationIds } from './operation-names.js';
import {
  jsonContent,
  type HttpMethod,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
} from './openapi-objects.js';
import { anyOperationProblems, problemRef } from './problem-schema.js';
import { hasRefs, rebaseRefs, zodJsonSchema } from './zod-json-schema.js';

/** What the generator shares with every custom route it documents. */
export interface RoutePathsContext {
  schemas: ComponentSchemas;
  operationIds: OperationIds;
  resources: readonly AnyResource[];
  /** The API's base path, under which resources' collections lie. */
  base: string;
  /** The app's envelope, which bound routes answer in (a resource's own wins). */
  envelope?: EnvelopeSpec;
}

/** A documented custom route: where it goes in `paths` and what it says. */
export interface RouteOperation {
  path: string;
  method: HttpMethod;
  operation: OperationObject;
}

// Fastify params are `:name`, optionally followed by a `(regex)`; OpenAPI spells them `{name}`.
const paramPattern = /:([A-Za-z0-9_]+)(\([^)]*\))?/g;

/**
 * Converts a Fastify path to an OpenAPI path template.
 *
 * @example
 * openApiPath('/api/v1/markets/:id/summary'); // '/api/v1/markets/{id}/summary'
 */
export function openApiPath(path: string): string {
  return path.replace(paramPattern, '{$1}');
}

function pathParamNames(path: string): string[] {
  return [...path.matchAll(paramPattern)].map((m) => m[1]!);
}

/**
 * Splits an input object schema into one parameter per property. Nested refs
 * (recursive or shared parts) need the whole object as a component to point into.
 */
function parameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  componentName: string,
  context: RoutePathsContext,
): ParameterObject[] {
  if (!schema) return [];
  const converted = zodJsonSchema(schema, 'input');
  const base = hasRefs(converted) ? context.schemas.add(componentName, converted).$ref : undefined;
  const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const param: ParameterObject = {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: base ? rebaseRefs(property, base) : property,
    };
    if (where === 'query') param.style = 'form';
    if (typeof property.description === 'string') param.description = property.description;
    return param;
  });
}

function acceptsNothing(schema: z.ZodType): boolean {
  try {
    return schema.safeParse(undefined).success;
  } catch {
    return false; // async refinements cannot run here; assume a body is expected
  }
}

function successResponse(route: AnyRoute, name: string, { schemas, envelope }: RoutePathsContext): [string, ResponseObject] {
  const status = route.status ?? 200;
  const description = status === 201 ? 'Created.' : 'Success.';
  if (status === 204) return ['204', { description: 'Done; no content.' }];
  if (route.bound) {
    // Answered through the resource's read pipeline: its record, computed fields included.
    const record = recordJsonSchema(route.bound.resource);
    const wrap = resolveEnvelope(route.bound.resource.definition.envelope ?? envelope, route.bound.resource.name);
    return [String(status), { description, content: jsonContent(wrap.oneSchema(record)) }];
  }
  if (!route.response) return [String(status), { description }];
  return [String(status), { description, content: jsonContent(schemas.addZod(`${name}Response`, route.response, 'output')) }];
}

/**
 * Documents a custom route: its path template, parameters, body and responses come
 * from the route's own zod schemas (inputs as clients send them, the response as the
 * server serializes it).
 *
 * @example
 * const { path, method, operation } = routeOperation(summaryRoute, context);
 * // path '/api/v1/markets/{id}/summary', method 'get', operation.operationId 'getMarketsByIdSummary'
 */
export function routeOperation(route: AnyRoute, context: RoutePathsContext): RouteOperation {
  const where = `${route.method} ${route.path}`;
  const access = accessPart(route.access, where);
  const operationId = context.operationIds.take(routeOperationId(route.method, route.path));
  const name = pascalCase(operationId);
  const path = openApiPath(route.path);

  const pathParams = parameters(route.params, 'path', `${name}Params`, context);
  // A path parameter the schema does not describe is still part of the URL.
  for (const param of pathParamNames(route.path)) {
    if (!pathParams.some((p) => p.name === param)) {
      pathParams.push({ name: param, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  const params = [...pathParams, ...parameters(route.query, 'query', `${name}Query`, context)];
  const [status, success] = successResponse(route, name, context);
  const body = route.body && {
    required: !acceptsNothing(route.body),
    content: jsonContent(context.schemas.addZod(`${name}Body`, route.body, 'input')),
  };
  const operation: OperationObject = {
    operationId,
    ...(route.summary ? { summary: route.summary } : {}),
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags ?? ownerTag(route.path, context),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    'x-rampart-access': access['x-rampart-access'],
    ...ownRateLimit(route.rateLimit),
    security: route.security ? route.security.map((requirement) => Object.fromEntries(Object.entries(requirement).map(([k, v]) => [k, [...v]]))) : access.security,
    responses: {
      [status]: success,
      '400': problemRef(400),
      ...access.responses,
      ...(pathParams.length > 0 ? { '404': problemRef(404) } : {}),
      ...declaredErrors(route),
      ...(body ? { '413': problemRef(413), '415': problemRef(415) } : {}),
      ...anyOperationProblems(),
    },
  };
  return { path, method: route.method.toLowerCase() as HttpMethod, operation };
}

/** The problem responses of the codes a route declares in `errors`. */
function declaredErrors(route: AnyRoute): Record<string, ReturnType<typeof problemRef>> {
  const statuses = (route.errors ?? []).map((code) => errorCatalog[code]).flatMap((entry) => ('status' in entry ? [entry.status] : []));
  return Object.fromEntries(statuses.map((status) => [String(status), problemRef(status)]));
}

/** A route under a resource's path is listed with that resource; others under `custom`. */
function ownerTag(path: string, { resources, base }: RoutePathsContext): string[] {
  const owner = resources.find((r) => !r.parent && (path === `${base}${r.segment}` || path.startsWith(`${base}${r.segment}/`)));
  return [owner ? owner.name : 'custom'];
}
