import type { FieldIssue } from '../errors/app-error.js';
import type { ErrorInfo } from './error-format.js';

/** Options of {@link errorsByField}. */
export interface ErrorsByFieldOptions {
  /** The key of messages that name no field: the error's detail, a whole-body issue (default `body`). */
  other?: string;
  /** The key of an issue (default: its path without the request part, `body.title` → `title`). */
  key?: (issue: FieldIssue) => string | undefined;
}

const parts = new Set(['body', 'query', 'params', 'headers']);

function fieldOf(issue: FieldIssue): string | undefined {
  const [first, ...rest] = issue.path.split('.');
  if (first === undefined || !parts.has(first)) return issue.path || undefined;
  return rest.length > 0 ? rest.join('.') : undefined;
}

/**
 * An error's messages keyed by field, the shape of many published API specs (RealWorld's
 * `{ "errors": { "title": ["can't be blank"] } }`): each issue under its field, in order;
 * an error without issues (404, 401...) and an issue about the whole body under `other`.
 *
 * @example
 * errorsByField(e);                     // { title: ['Required'], body: [...] }
 * errorsByField(e, { other: 'error' }); // { error: ['No route matches GET /x.'] }
 */
export function errorsByField(error: Pick<ErrorInfo, 'detail' | 'errors'>, options: ErrorsByFieldOptions = {}): Record<string, string[]> {
  const other = options.other ?? 'body';
  const keyOf = options.key ?? fieldOf;
  if (!error.errors || error.errors.length === 0) return { [other]: [error.detail] };
  // A Map, then own properties: a key such as `__proto__` stays a key.
  const byField = new Map<string, string[]>();
  for (const issue of error.errors) {
    const key = keyOf(issue) ?? other;
    byField.set(key, [...(byField.get(key) ?? []), issue.message]);
  }
  return Object.fromEntries(byField);
}
