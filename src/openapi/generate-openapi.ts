import type { EnvelopeSpec } from '../wire/envelopes.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/app-error.js';
import type { JsonSchema } from '../resources/fields/field.js';
import type { ListQueryOptions } from '../resources/query/list-query.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { ComponentSchemas } from './component-schemas.js';
import { bearerScheme, clientCallable, securitySchemes } from './operation-access.js';
import { nameResources, OperationIds } from './operation-names.js';
import type { HttpMethod, OperationObject, PathItemObject, TagObject } from './openapi-objects.js';
import { annotateOperations, type GlobalRateLimit } from './operation-notes.js';
import { operationsPaths, operationsTag } from './operations-paths.js';
import { idempotencyKeyDocs } from './idempotency-docs.js';
import { errorWire } from '../wire/error-wire.js';
import type { ErrorFormat } from '../wire/error-format.js';
import { problemResponses, problemSchema, problemSchemaName, remapErrorStatuses } from './problem-schema.js';
import { resourcePaths } from './resource-paths.js';
import { routeOperation } from './route-paths.js';

/** Options of {@link generateOpenApi}. */
export interface GenerateOpenApiOptions {
  /** The app's declared resources. */
  resources?: readonly AnyResource[];
  /** The app's custom routes. */
  routes?: readonly AnyRoute[];
  /** Title, version and description of the API (default title `Rampart API`, version `1.0.0`). */
  info?: Partial<OpenAPIV3_1.InfoObject>;
  /** Where the API is served; left out, clients use the origin of the document. */
  servers?: OpenAPIV3_1.ServerObject[];
  /** The list limits the app runs with, so the documented ones match (default 20 / 100). */
  list?: ListQueryOptions;
  /** The API's base path, where resources are served (default `/api/v1`). */
  basePath?: string;
  /** The app's envelope (default `{ data }`); a resource's own wins. */
  envelope?: EnvelopeSpec;
  /** The auth routes' prefix, whose answers are never stored for `Idempotency-Key` (default `/api/v1/auth`; false: none). */
  authPrefix?: string | false;
  /** Security schemes of the app's own (`createApp({ securitySchemes })`), for routes that name them in `security`. */
  securitySchemes?: Readonly<Record<string, Record<string, unknown>>>;
  /** The `Authorization` schemes the app accepts (default `['Bearer']`). */
  authSchemes?: readonly string[];
  /** The app's error format (`createApp({ errors })`); error responses then show it. */
  errors?: ErrorFormat;
  /** The app's global request budgets, named on every operation without its own; left out, only declared budgets are. */
  rateLimit?: GlobalRateLimit;
}

function paginationSchema(maxLimit: number): JsonSchema {
  return {
    type: 'object',
    required: ['limit', 'nextCursor'],
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: maxLimit, description: 'The page size used.' },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` to get the next page; null on the last page.',
      },
      total: { type: 'integer', minimum: 0, description: 'All matching records; only with `total=true`.' },
    },
    additionalProperties: false,
  };
}

/**
 * Generates the OpenAPI 3.1 document of an app from its declarations: every enabled
 * resource operation and custom route a client may call (`allow.nobody` ones are left
 * out), and the health and metrics endpoints. The
 * schemas are the ones that validate and serialize at run time, so the document cannot
 * drift from the API. Each operation names its access rule in `x-rampart-access`.
 *
 * Two routes on the same method and path stop the app, as Fastify would.
 *
 * @example
 * const document = generateOpenApi({
 *   resources: [markets, positions],
 *   routes: [marketSummary],
 *   info: { title: 'Markets API', version: '1.0.0' },
 * });
 * await registerDocs(app, document); // GET /openapi.json and GET /docs
 */
export function generateOpenApi(options: GenerateOpenApiOptions): OpenAPIV3_1.Document {
  const resources = options.resources ?? [];
  const base = options.basePath ?? '/api/v1';
  const schemas = new ComponentSchemas();
  const operationIds = new OperationIds();
  const paths: Record<string, PathItemObject> = {};
  const tags: TagObject[] = [];
  const errors = errorWire(options.errors);
  // Registered first so that a resource called `problems` (or `errors`) cannot take the name.
  const errorSchema = errors.custom
    ? schemas.addZod(errors.custom.name, errors.custom.format.schema, 'output')
    : schemas.add(problemSchemaName, problemSchema());
  schemas.add('Pagination', paginationSchema(options.list?.maxLimit ?? 100));

  const add = (items: Record<string, PathItemObject>): void => {
    for (const [path, item] of Object.entries(items)) {
      const target = (paths[path] ??= {});
      for (const [method, operation] of Object.entries(item) as [HttpMethod, OperationObject][]) {
        if (target[method]) {
          throw new StartupError('RAMPART_DEFINITION_INVALID', `${method.toUpperCase()} ${path} is declared twice`);
        }
        target[method] = operation;
        for (const tag of operation.tags ?? []) {
          if (!tags.some((t) => t.name === tag)) tags.push({ name: tag });
        }
      }
    }
  };

  const names = nameResources(resources);
  for (const resource of resources) {
    const { description } = resource.definition;
    // Pushed before its operations so that the tag keeps its description.
    const tag: TagObject = { name: resource.name, ...(description ? { description } : {}) };
    const items = resourcePaths(resource, names.get(resource)!, { schemas, operationIds, resources, list: options.list, base, envelope: options.envelope });
    // A resource whose operations are all server-only has nothing to show under its tag.
    if (Object.keys(items).length > 0) tags.push(tag);
    add(items);
  }
  const operational = operationsPaths();
  for (const item of Object.values(operational)) operationIds.take(item.get!.operationId);
  for (const route of (options.routes ?? []).filter((r) => clientCallable(r.access))) {
    const { path, method, operation } = routeOperation(route, { schemas, operationIds, resources, base, envelope: options.envelope });
    add({ [path]: { [method]: operation } });
  }
  tags.push(operationsTag);
  add(operational);
  idempotencyKeyDocs(paths, options.authPrefix ?? '/api/v1/auth');
  // Last, once every builder has added its error responses under Rampart's statuses.
  if (errors.custom) remapErrorStatuses(paths, errors);
  annotateOperations(paths, options.rateLimit);
  const securitySchemesOut = { ...withSchemes(paths, options.authSchemes ?? ['Bearer']), ...options.securitySchemes };
  const unknownSchemes = (options.routes ?? []).flatMap((r) =>
    (r.security ?? []).flatMap((requirement) => Object.keys(requirement).filter((name) => !Object.hasOwn(securitySchemesOut, name)).map((name) => `${r.method} ${r.path}: security scheme "${name}"`)),
  );
  if (unknownSchemes.length > 0) {
    throw new StartupError('RAMPART_DEFINITION_INVALID', `${unknownSchemes.join('; ')} is not declared in createApp({ securitySchemes })`);
  }

  const document = {
    openapi: '3.1.0',
    info: { title: 'Rampart API', version: '1.0.0', ...options.info },
    ...(options.servers ? { servers: options.servers } : {}),
    tags,
    paths,
    components: { schemas: schemas.schemas, responses: problemResponses(errors, errorSchema), securitySchemes: securitySchemesOut },
  };
  // The builders use loose 3.1 shapes (see openapi-objects.ts); the validator test
  // checks the result against the official OpenAPI 3.1 schema.
  return document as unknown as OpenAPIV3_1.Document;
}

/**
 * The security schemes, and every operation's requirements widened to each: a scheme IANA
 * does not register (`Token`) is documented as an API key in the `Authorization` header,
 * as RealWorld's own OpenAPI document does. Requirements are alternatives, so an
 * operation that takes the bearer token takes the others too.
 */
function withSchemes(paths: Record<string, PathItemObject>, schemes: readonly string[]): Record<string, unknown> {
  const extra = schemes.filter((name) => name.toLowerCase() !== 'bearer');
  const names = extra.map((name) => `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}Auth`);
  if (extra.length === 0) return securitySchemes;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item) as { security?: Record<string, string[]>[] }[]) {
      if (!operation?.security) continue;
      operation.security = operation.security.flatMap((requirement) =>
        bearerScheme in requirement ? [requirement, ...names.map((name) => ({ [name]: [] }))] : [requirement],
      );
    }
  }
  const documented = Object.fromEntries(
    extra.map((scheme, i) => [
      names[i],
      { type: 'apiKey', in: 'header', name: 'Authorization', description: `\`Authorization: ${scheme} <access token>\`, the same token as bearerAuth.` },
    ]),
  );
  return { ...securitySchemes, ...documented };
}
