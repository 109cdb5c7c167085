import { errorCatalog, problemType, type ErrorCode } from '../errors/catalog.js';
import type { JsonSchema } from '../resources/fields/field.js';
import { schemaRef, type Reference, type ResponseObject } from './openapi-objects.js';

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
 * One reusable problem response per status the catalog uses, for
 * `components.responses`. Each description lists the codes that status carries.
 *
 * @example
 * components.responses = problemResponses();
 */
export function problemResponses(): Record<string, ResponseObject> {
  const byStatus = new Map<number, { code: string; title: string }[]>();
  for (const entry of clientCodes()) {
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), entry]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, entries] of [...byStatus].sort(([a], [b]) => a - b)) {
    const titles = entries.map((e) => `\`${e.code}\` (${e.title.toLowerCase()})`).join(', ');
    responses[responseName(status)] = {
      description: `${entries[0]?.title ?? 'Error'}. Codes: ${titles}.`,
      content: { 'application/problem+json': { schema: schemaRef(problemSchemaName) } },
    };
  }
  return responses;
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
