import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError} from '../errors/app-error.js';
import { type FieldIssue } from '../errors/app-error.js';
import { errorCatalog, problemType } from '../errors/catalog.js';
import { requestIdHeader } from './request-id.js';

/** An RFC 9457 Problem Details body as Rampart sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldIssue[];
}

/** Builds the problem document for an {@link AppError}. */
export function toProblem(error: AppError, requestId: string): Problem {
  const problem: Problem = {
    type: problemType(error.code),
    title: errorCatalog[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
  };
  if (error.errors) problem.errors = error.errors;
  return problem;
}

/**
 * Sends an {@link AppError} as `application/problem+json`. The body is serialized
 * here, so no route's response schema can reshape it.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  // Router-level failures answer before the onRequest hook that normally sets it.
  reply.header(requestIdHeader, request.id);
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(toProblem(error, request.id)));
}
