import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isConcurrencyConflict, isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, type FieldIssue } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { sendProblem } from './problem.js';

// Fastify's own errors whose meaning clients need; each maps to a catalog code.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'RAMPART_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'RAMPART_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'RAMPART_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'RAMPART_INVALID_JSON',
};

const details: Partial<Record<ErrorCode, string>> = {
  RAMPART_BODY_TOO_LARGE: 'The request body exceeds the size limit.',
  RAMPART_UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
  RAMPART_INVALID_JSON: 'The request body is not valid JSON.',
};

const parts: Record<string, string> = {
  body: 'The body is',
  querystring: 'The query is',
  params: 'The path parameters are',
  headers: 'The headers are',
};

/** Errors thrown by a zod-backed validator (see validation.ts) carry their issues. */
interface ValidationFailure extends FastifyError {
  issues?: FieldIssue[];
}

/**
 * Turns any error into an {@link AppError}. Unknown errors become a 500 whose
 * detail says nothing about internals; the original goes to the log only.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as ValidationFailure;
  if (e.validation && e.issues) {
    const part = parts[e.validationContext ?? ''] ?? 'The input is';
    return new AppError('RAMPART_VALIDATION', `${part} invalid.`, {
      errors: e.issues,
    });
  }
  const mapped = e.code ? fastifyCodes[e.code] : undefined;
  if (mapped) return new AppError(mapped, details[mapped] ?? e.message);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's remaining 4xx errors describe the request, not the server; their
    // messages are safe to show.
    return new AppError('RAMPART_BAD_REQUEST', e.message);
  }
  if (isConcurrencyConflict(error)) {
    return new AppError('RAMPART_CONFLICT', 'The change collided with a concurrent one and was not made; send it again.', {
      cause: error,
      headers: { 'retry-after': '1' },
    });
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('RAMPART_UNAVAILABLE', 'The database does not answer right now; retry shortly.', {
      cause: error,
      headers: { 'retry-after': '5' },
    });
  }
  return new AppError('RAMPART_INTERNAL', 'An unexpected error occurred. Quote the requestId when reporting it.', {
    cause: error,
  });
}

/** Fastify error handler: one response, in the app's error format (Problem Details by default), for every error. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    request.log.error({ err: appError.cause ?? error }, 'request failed');
  } else {
    request.log.info({ code: appError.code, status: appError.status }, appError.message);
  }
  return sendProblem(request, reply, appError);
}
