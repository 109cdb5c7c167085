import { errorCatalog } from '../../../src/errors/catalog.js';
import type { FuzzRequest } from './operation-requests.js';

/** An answer as `inject` gives it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * The statuses an answer to `request` may have:
 *
 * - to a declared operation, the ones the document declares for it. The generator
 *   (src/openapi) already declares on every API operation 400, 401, 429, 500 and 503,
 *   403 unless it is public, 404 on a resource's record routes, 304 on resource GETs,
 *   413 and 415 when it takes a body, and 409 and 422 where an Idempotency-Key or a
 *   constraint applies. Nothing else is generic: a declared operation answering, say,
 *   404 where the document does not say so is a finding.
 * - plus 413 and 415 when the request carried a body the operation does not take: the
 *   body-size and content-type checks run before the route, for every route, and the
 *   document describes only the inputs an operation takes.
 * - to a method the path does not declare, 405 only.
 * - plus 401 whenever the request carried an invalid Authorization header: docs/auth.md
 *   promises that answer "on every route", before routing, health and metrics included.
 *
 * Whatever the document says, the fuzzer accepts no 5xx: 500 and 503 are declared
 * because a server may fail, not because these inputs may make it.
 */
export function allowedStatuses(request: FuzzRequest): Set<number> {
  const allowed = new Set(request.operation ? request.operation.responses : [405]);
  if (request.caller === 'forged') allowed.add(401);
  if (request.undeclaredBody) for (const s of [413, 415]) allowed.add(s);
  for (const s of [...allowed]) if (s >= 500) allowed.delete(s);
  return allowed;
}

/** What is wrong with an answer, or undefined when nothing is. */
export function judge(request: FuzzRequest, answer: Answer): string | undefined {
  const status = answer.statusCode;
  if (status >= 500) return `a ${status}`;
  if (!allowedStatuses(request).has(status)) return `undeclared status ${status}`;
  if (status === 304 && !request.headers['if-none-match']) return '304 without If-None-Match';
  if (status < 400) return undefined;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `${status} as ${type || 'no content type'}, not application/problem+json`;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return `${status} whose body is not JSON`;
  }
  for (const member of ['type', 'title', 'code', 'requestId'] as const) {
    if (typeof problem[member] !== 'string' || problem[member] === '') return `${status} problem without ${member}`;
  }
  if (problem.status !== status) return `${status} problem whose status member is ${String(problem.status)}`;
  const entry = (errorCatalog as Record<string, { status?: number }>)[problem.code as string];
  if (entry?.status !== status) return `${status} problem with code ${String(problem.code)}, which the catalog gives status ${String(entry?.status)}`;
  // A replayed answer keeps the first request's id in its body (docs/idempotency.md).
  const replayed = answer.headers['idempotency-replayed'] === 'true';
  if (!replayed && problem.requestId !== answer.headers['x-request-id']) return `${status} problem whose requestId is not the X-Request-ID header`;
  if (status === 405 && !answer.headers.allow) return '405 without Allow';
  return undefined;
}
