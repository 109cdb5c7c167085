import { errorCatalog, problemType, type ErrorCode } from '../errors/catalog.js';
import type { JsonSchema } from '../resources/fields/field.js';
import { problemWire, type ErrorWire } from '../wire/error-wire.js';
import { schemaRef, type HttpMethod, type PathItemObject, type Reference, type ResponseObject } from './openapi-objects.js';

/** The name of the Problem Details schema in `components.schemas`. */
export const problemSchemaName = 'Problem';

/** Codes a client can receive, i.e. catalog entries with an HTTP status. */
function clientCodes(): { code: ErrorCode; status: number; title: string }[] {
  return Object.entries(errorCatalog).flatMap(([code, entry]) =>
    'status' in entry ? [{ code: code as ErrorCode, status: entry.status, title: entry.title }] : [],
  );
}

/**
 * The Problem Details schema (RFC 9457) every error response uses. Extension members
 * stay allowed, as §3.2 of the RFC requires clients to ignore ones they do not know.
 *
 * @example
 * components.schemas.Problem = problemSchema();
 */
export function problemSchema(): JsonSchema {
  const codes = clientCodes().map((c) => c.code);
  return {
    type: 'object',
    description: 'An error, as RFC 9457 Problem Details. Branch on `code`, which never changes meaning.',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string', format: 'uri', examples: [problemType('RAMPART_NOT_FOUND')] },
      title: { type: 'string', description: 'A short summary of the problem type.' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string', description: 'What went wrong in this occurrence; safe to show.' },
      code: { type: 'string', enum: codes, description: 'A stable code from the error catalog.' },
      requestId: { type: 'string', description: 'The `X-Request-ID` of the request, for support.' },
      errors: {
        type: 'array',
        description: 'For validation problems: one entry per failing input.',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', description: 'Where the bad value sits, e.g. `body.name` or `query.limit`.' },
            message: { type: 'string' },
          },
          additionalProperties: false,
        },
      },
    },
  };
}

const responseNames: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'Unavailable',
};

function responseName(status: number): string {
  return responseNames[status] ?? `Problem${status}`;
}

/**
 * One reusable error response per status the app sends, for `components.responses`.
 * Each description lists the codes that status carries. With the app's own error
 * format (`wire`), statuses are the ones it sends and the body is `schema` in its media
 * type; by default, Problem Details under the catalog's statuses.
 *
 * @example
 * components.responses = problemResponses();
 */
export function problemResponses(wire: ErrorWire = problemWire, schema: Reference = schemaRef(problemSchemaName)): Record<string, ResponseObject> {
  const byStatus = new Map<number, { code: string; title: string }[]>();
  for (const entry of clientCodes()) {
    const status = wire.statusOf(entry.code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), entry]);
  }
  const mediaType = wire.custom?.mediaType ?? 'application/problem+json';
  const responses: Record<string, ResponseObject> = {};
  for (const [status, entries] of [...byStatus].sort(([a], [b]) => a - b)) {
    const titles = entries.map((e) => `\`${e.code}\` (${e.title.toLowerCase()})`).join(', ');
    responses[responseName(status)] = {
      description: `${entries[0]?.title ?? 'Error'}. Codes: ${titles}.`,
      content: { [mediaType]: { schema } },
    };
  }
  return responses;
}

/**
 * Moves every operation's error responses to the statuses the app's format sends them
 * with: an operation documenting 400 gets, for each code Rampart answers 400, the status
 * the format gives it (all of them 422 for RealWorld: 400 disappears). Operations are
 * built with Rampart's statuses; this runs once over the finished paths, so no builder
 * needs to know about formats.
 *
 * @example
 * remapErrorStatuses(document.paths, errorWire(options.errors));
 */
export function remapErrorStatuses(paths: Record<string, PathItemObject>, wire: ErrorWire): void {
  const sentFor = new Map<number, Set<number>>();
  for (const { code, status } of clientCodes()) sentFor.set(status, (sentFor.get(status) ?? new Set()).add(wire.statusOf(code)));
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item) as NonNullable<PathItemObject[HttpMethod]>[]) {
      const kept: typeof operation.responses = {};
      const moved: number[] = [];
      for (const [key, response] of Object.entries(operation.responses)) {
        const sent = sentFor.get(Number(key));
        if (sent && '$ref' in response && response.$ref === problemRef(Number(key)).$ref) moved.push(...sent);
        else kept[key] = response;
      }
      for (const status of moved) kept[String(status)] ??= problemRef(status);
      operation.responses = kept;
    }
  }
}

/**
 * A `$ref` to the reusable problem response of a status, e.g. `#/components/responses/NotFound`.
 *
 * @example
 * operation.responses['404'] = problemRef(404);
 */
export function problemRef(status: number): Reference {
  return { $ref: `#/components/responses/${responseName(status)}` };
}

/**
 * The answers any API operation can give whatever its input: 429 (every route has a
 * request budget), 500, and 503 (shutting down, or the database unreachable).
 *
 * @example
 * operation.responses = { '200': ok, ...anyOperationProblems() };
 */
export function anyOperationProblems(): Record<'429' | '500' | '503', Reference> {
  return { '429': problemRef(429), '500': problemRef(500), '503': problemRef(503) };
}
