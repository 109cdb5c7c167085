import { errorCatalog, type ErrorCode } from '../errors/catalog.js';
import type { ErrorFormat, ErrorKind } from './error-format.js';

const known = new Set(['status', 'contentType', 'schema', 'name', 'body']);
// The body is always JSON text, so the media type must say so (RFC 6839 `+json` suffixes too).
const jsonMediaType = /^application\/(?:[A-Za-z0-9!#$&^_.-]+\+)?json(?:\s*;.*)?$/i;
// OpenAPI 3.1 §4.8.7.1: component names match ^[a-zA-Z0-9.\-_]+$.
const componentName = /^[A-Za-z0-9._-]+$/;

/** Every code's kind, as a format's `status` sees it. */
export function errorKinds(): ErrorKind[] {
  return Object.entries(errorCatalog).map(([code, entry]) => ({
    code: code as ErrorCode,
    // What AppError sends for a code without a status (startup codes thrown at run time).
    status: 'status' in entry ? entry.status : 500,
    title: entry.title,
  }));
}

/** What is wrong with the shape of an `errors` option, one message per problem. */
export function shapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['expected errorFormat({ schema, body })'];
  const format = value as Record<string, unknown>;
  const problems = Object.keys(format)
    .filter((key) => !known.has(key))
    .map((key) => `unknown option "${key}" (known: ${[...known].join(', ')})`);
  const schema = format.schema as { safeParse?: unknown } | undefined;
  if (typeof schema?.safeParse !== 'function') problems.push('schema: expected a zod schema');
  if (typeof format.body !== 'function') problems.push('body: expected a function (error) => body');
  if (format.status !== undefined && typeof format.status !== 'function') problems.push('status: expected a function (error) => status');
  if (format.contentType !== undefined && (typeof format.contentType !== 'string' || !jsonMediaType.test(format.contentType))) {
    problems.push(`contentType: ${JSON.stringify(format.contentType)} is not a JSON media type (application/json or application/*+json)`);
  }
  if (format.name !== undefined && (typeof format.name !== 'string' || !componentName.test(format.name) || format.name === 'Pagination')) {
    problems.push(`name: ${JSON.stringify(format.name)} is not a free OpenAPI component name (letters, digits, . - _; not Pagination)`);
  }
  return problems;
}

/**
 * The status of every code under the format, decided once so that what is sent and what
 * OpenAPI says cannot differ; a status outside 400-599 (or a throwing `status`) is a problem.
 */
export function formatStatuses(format: ErrorFormat, problems: string[]): Map<ErrorCode, number> {
  const statuses = new Map<ErrorCode, number>();
  for (const kind of errorKinds()) {
    let status: unknown;
    try {
      status = format.status ? format.status({ ...kind }) : kind.status;
    } catch (error) {
      problems.push(`status threw for ${kind.code}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599) statuses.set(kind.code, status);
    else problems.push(`status for ${kind.code} is ${String(status)}; an error status is an integer from 400 to 599`);
  }
  return statuses;
}
