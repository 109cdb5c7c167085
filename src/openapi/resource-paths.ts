import { resolveEnvelope, type EnvelopeSpec } from '../wire/envelopes.js';
import type { JsonSchema } from '../resources/fields/field.js';
import type { ListQueryOptions } from '../resources/query/list-query.js';
import type { AnyResource, Operation } from '../resources/resource.js';
import { recordJsonSchema } from '../resources/schemas.js';
import { routesShape } from '../resources/nesting.js';
import { aggregateControls, aggregatePath, aggregateResponseSchema } from '../resources/aggregate-routes.js';
import { relationsOf } from '../resources/relations/resolve-relations.js';
import { bodyJsonSchema } from './body-schemas.js';
import type { ComponentSchemas } from './component-schemas.js';
import { listParameters, recordParameters } from './list-parameters.js';
import { accessPart, clientCallable } from './operation-access.js';
import { ownRateLimit } from './operation-notes.js';
import { budgetConfig } from '../rate-limit/route-budget.js';
import type { OperationIds, ResourceNaming } from './operation-names.js';
import {
  jsonContent,
  schemaRef,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type Reference,
  type ResponseObject,
} from './openapi-objects.js';
import { anyOperationProblems, problemRef } from './problem-schema.js';

/** What the generator shares with every resource it documents. */
export interface ResourcePathsContext {
  schemas: ComponentSchemas;
  operationIds: OperationIds;
  /** Every resource of the app, to resolve references. */
  resources: readonly AnyResource[];
  list?: ListQueryOptions;
  /** The API's base path. */
  base: string;
  /** The app's envelope (a resource's own wins). */
  envelope?: EnvelopeSpec;
}

type Responses = OperationObject['responses'];

/** A path parameter of a resource's routes: `id`, a `lookup` field, or a parent's. */
function pathParameter(name: string, owner: AnyResource, what: string): ParameterObject {
  const f = owner.lookup;
  if (f.name === 'id') return { name, in: 'path', required: true, description: `The ${what} id (a UUIDv7).`, schema: { type: 'string', format: 'uuid' } };
  return { name, in: 'path', required: true, description: `The ${what}'s ${f.name} (unique).`, schema: { ...f.field.spec.output } };
}

/** `/api/v1/articles/:slug/comments` in OpenAPI's form, `/api/v1/articles/{slug}/comments`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}


// Every resource GET carries a strong ETag and answers a matching If-None-Match with 304
// (src/cache/send-answer.ts), cached resource or not.
const ifNoneMatch: ParameterObject = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'ETags from earlier answers (or `*`): when one still matches, the answer is 304 with no body.',
  schema: { type: 'string' },
  'x-rampart-group': 'headers',
};
const etagHeader = { ETag: { description: 'A strong validator of this answer.', required: true, schema: { type: 'string' } } };
const notModified: Responses = { '304': { description: 'Not modified: the ETag sent in If-None-Match still matches.' } };

/** Would a write break a unique field or point at a missing record (409)? */
function writesConflict(resource: AnyResource): boolean {
  return resource.uniqueGroups.length > 0 || resource.writable.some((f) => f.field.spec.reference);
}

/**
 * Does the operation run hooks? A hook refuses a write by throwing, documented as a 409
 * `RAMPART_CONFLICT` (docs/resources.md#hooks).
 */
function hooked(resource: AnyResource, op: 'Create' | 'Update' | 'Delete'): boolean {
  const hooks = resource.definition.hooks ?? {};
  return Boolean(hooks[`before${op}`] ?? hooks[`after${op}`]);
}

/** Does another record hold a `restrict` reference to this resource (409 on delete)? */
function deleteConflicts(resource: AnyResource, all: readonly AnyResource[]): boolean {
  return all.some((other) =>
    other.writable.some(
      (f) => f.field.spec.reference?.resource === resource.name && f.field.spec.reference.onDelete === 'restrict',
    ),
  );
}

/**
 * The path items of a resource's enabled operations (`/api/v1/<name>` and
 * `/api/v1/<name>/{id}`, or `{<lookup>}`), registering its record and body schemas on the way.
 *
 * @example
 * const paths = resourcePaths(markets, nameResources([markets]).get(markets)!, context);
 * // { '/api/v1/markets': { get: {...}, post: {...} }, '/api/v1/markets/{id}': { ... } }
 */
export function resourcePaths(
  resource: AnyResource,
  naming: ResourceNaming,
  context: ResourcePathsContext,
): Record<string, PathItemObject> {
  const { one: base, many, noun, nouns } = naming;
  const aNoun = `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
  const { schemas, operationIds } = context;
  const enabled = new Set<Operation>(resource.enabled.filter((op) => clientCallable(resource.definition.access[op])));
  const lookup = (name: string): AnyResource | undefined => context.resources.find((r) => r.name === name);
  const record = schemas.add(base, {
    ...recordJsonSchema(resource, lookup),
    ...(resource.definition.description ? { description: resource.definition.description } : {}),
  });
  const shape = routesShape(resource, lookup, context.base);
  const wrap = resolveEnvelope(resource.definition.envelope ?? context.envelope, resource.name);
  const ok = (description: string, data: JsonSchema | Reference): ResponseObject => ({ description, content: jsonContent(wrap.oneSchema(data)) });
  const parentParameters = shape.nest ? [pathParameter(shape.nest.param, shape.nest.target, `parent ${shape.nest.target.name} record`)] : [];
  const idParameter = pathParameter(shape.own.name, resource, 'record');
  const itemParameters = [...parentParameters, idParameter];
  const conflict = (op: 'Create' | 'Update'): Responses => (writesConflict(resource) || hooked(resource, op) ? { '409': problemRef(409) } : {});
  const bodyErrors: Responses = { '413': problemRef(413), '415': problemRef(415) };

  const operation = (
    op: Operation,
    id: string,
    summary: string,
    responses: Responses,
    extra: Partial<OperationObject> = {},
  ): OperationObject => {
    const access = accessPart(resource.definition.access[op], `${resource.name}.${op}`);
    return {
      operationId: operationIds.take(id),
      summary,
      tags: [resource.name],
      ...extra,
      'x-rampart-access': access['x-rampart-access'],
      ...ownRateLimit(budgetConfig(resource.definition.rateLimit, op, resource.name).config?.rateLimit),
      security: access.security,
      responses: { ...responses, '400': problemRef(400), ...access.responses, ...anyOperationProblems() },
    };
  };
  const body = (name: string, schema: JsonSchema) => {
    const fields = schemas.add(name, schema);
    const sent = wrap.bodyKey ? { type: 'object', required: [wrap.bodyKey], properties: { [wrap.bodyKey]: fields }, additionalProperties: false } : fields;
    return { requestBody: { required: true, content: jsonContent(sent) } };
  };

  const collection: PathItemObject = {};
  const item: PathItemObject = {};
  const listOperation = () =>
    operation('list', `list${many}`, `List ${nouns}`, {
      '200': {
        description: `A page of ${nouns}.`,
        headers: { ...etagHeader, ...wrap.pageHeadersDoc },
        content: jsonContent(wrap.manySchema(record, schemaRef('Pagination'))),
      },
      ...notModified,
    }, { parameters: [...parentParameters, ...listParameters(resource, context.list, relationsOf(resource, lookup).paths), ifNoneMatch] });
  if (enabled.has('list')) collection.get = listOperation();
  if (enabled.has('create')) {
    collection.post = operation('create', `create${base}`, `Create ${aNoun}`, {
      [String(resource.definition.statuses?.create ?? 201)]: {
        ...ok(`The created ${noun}.`, record),
        headers: {
          Location: { description: `The URL of the new ${noun}.`, required: true, schema: { type: 'string', format: 'uri-reference' } },
        },
      },
      ...conflict('Create'),
      ...bodyErrors,
    }, { ...(parentParameters.length > 0 ? { parameters: parentParameters } : {}), ...body(`${base}Create`, bodyJsonSchema(resource, 'create')) });
  }
  if (enabled.has('read')) {
    item.get = operation('read', `get${base}`, `Get ${aNoun}`, {
      '200': { ...ok(`The ${noun}.`, record), headers: etagHeader },
      ...notModified,
      '404': problemRef(404),
    }, { parameters: [...itemParameters, ...recordParameters(resource), ifNoneMatch] });
  }
  if (enabled.has('update')) {
    const updated: Responses = { '200': ok(`The updated ${noun}.`, record), '404': problemRef(404), ...conflict('Update'), ...bodyErrors };
    const merges = resource.definition.put === 'merge';
    const patchBody = body(`${base}Patch`, bodyJsonSchema(resource, 'patch'));
    item.put = operation('update', `replace${base}`, merges ? `Update ${aNoun}` : `Replace ${aNoun}`, updated, {
      description: merges
        ? 'Only the fields sent change (this resource declares put: merge).'
        : 'Sets every writable field: a defaulted field left out takes its default again, an optional one becomes null.',
      parameters: itemParameters,
      ...(merges ? patchBody : body(`${base}Replace`, bodyJsonSchema(resource, 'create'))),
    });
    item.patch = operation('update', `update${base}`, `Update ${aNoun}`, updated, {
      description: 'Only the fields sent change.',
      parameters: itemParameters,
      ...patchBody,
    });
  }
  if (enabled.has('delete')) {
    item.delete = operation('delete', `delete${base}`, `Delete ${aNoun}`, {
      [String(resource.definition.statuses?.delete ?? 204)]: { description: `The ${noun} is deleted.` },
      '404': problemRef(404),
      ...(deleteConflicts(resource, context.resources) || hooked(resource, 'Delete') ? { '409': problemRef(409) } : undefined),
    }, { parameters: itemParameters });
  }

  const paths: Record<string, PathItemObject> = {};
  for (const [name, v] of Object.entries(resource.definition.views ?? {})) {
    if (!clientCallable(v.access)) continue;
    const access = accessPart(v.access, `${resource.name}.views.${name}`);
    const list = collection.get ?? listOperation();
    paths[openApiPath(`${shape.collection}/${name}`)] = {
      get: {
        ...list,
        operationId: operationIds.take(`list${many}${name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`),
        summary: v.summary ?? `List ${nouns}: ${name}`,
        'x-rampart-access': access['x-rampart-access'],
        security: access.security,
        responses: { ...list.responses, ...access.responses },
      },
    };
  }
  for (const [name, agg] of Object.entries(resource.definition.aggregates ?? {})) {
    if (!agg.route || !agg.access || !clientCallable(agg.access)) continue;
    const access = accessPart(agg.access, `${resource.name}.aggregates.${name}`);
    const what = agg.kind === 'countBy' ? `How many ${nouns} hold each \`${agg.field}\`` : `The distinct \`${agg.field}\` values of ${nouns}`;
    paths[aggregatePath(context.base, agg.route)] = {
      get: {
        operationId: operationIds.take(`get${many}${name.replace(/^[a-z]/, (c) => c.toUpperCase())}`),
        summary: `${what}, at most ${agg.max}`,
        tags: [resource.name],
        parameters: listParameters(resource, context.list, relationsOf(resource, lookup).paths).filter((p) => !aggregateControls.includes(p.name)),
        'x-rampart-access': access['x-rampart-access'],
        // Served with the list's budget (src/resources/routes.ts).
        ...ownRateLimit(budgetConfig(resource.definition.rateLimit, 'list', resource.name).config?.rateLimit),
        security: access.security,
        responses: {
          '200': { description: `${what}.`, headers: etagHeader, content: jsonContent(aggregateResponseSchema(resource, agg, wrap, name)) },
          ...notModified,
          '400': problemRef(400),
          ...access.responses,
          ...anyOperationProblems(),
        },
      },
    };
  }
  if (Object.keys(collection).length > 0) paths[openApiPath(shape.collection)] = collection;
  if (Object.keys(item).length > 0) paths[openApiPath(shape.item)] = item;
  return paths;
}
