import type { AppError, FieldIssue } from '../errors/app-error.js';
import { errorCatalog, problemType } from '../errors/catalog.js';

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

/** The media type of every Problem Details answer. */
export const problemContentType = 'application/problem+json; charset=utf-8';

/**
 * Builds the problem document for an {@link AppError}.
 *
 * @example
 * toProblem(new AppError('RAMPART_NOT_FOUND', 'No market with this id.'), request.id);
 */
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
