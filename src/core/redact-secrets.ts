/*
 * Secret redaction for log lines, hand-written rather than pino's `redact` option: pino
 * needs a path per depth (`*.password`, `*.*.password`...), and with wildcard paths it
 * copies and walks every logged value on every call. Measured in the S1 benchmark
 * (docs/benchmarks.md), that was a quarter of the CPU time of a trivial request. This walk
 * looks only at the keys actually logged, at any depth, and copies only what it changes:
 * the one-line-per-request log passes through untouched.
 */
import { censor, redactQuery } from './redact-query.js';
import { isSecretName, type SecretNameMatcher } from './secret-names.js';

export { censor };

// Logged objects are small; the bound only guards against deep or cyclic structures.
const maxDepth = 8;

/** Copies made of errors that held a secret: already serialized, pino's `err` serializer must not redo them. */
const errorCopies = new WeakSet<object>();

/** Whether `value` is an error copy this module made (see {@link createRedactor}'s `err`). */
export function isRedactedError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && errorCopies.has(value);
}

const isErrorLike = (value: unknown): value is Error =>
  value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');

/** The redaction functions for one rule of secret names. */
export interface Redactor {
  /** A log object with secrets replaced (pino's `formatters.log`). */
  line<T extends Record<string, unknown>>(object: T): T;
  /** A URL or message with secret query parameters replaced. */
  text(text: string): string;
}

/**
 * Redaction by `isSecret`: values under secret-named keys at any depth, secret query
 * parameters in any string (URLs, error messages and stacks, causes included), JWTs.
 *
 * @example
 * const redact = createRedactor(createSecretNames({ names: ['ssn'] }));
 * redact.line({ body: { ssn: '1' } }); // { body: { ssn: '[redacted]' } }
 */
export function createRedactor(isSecret: SecretNameMatcher): Redactor {
  const text = (value: string) => redactQuery(value, isSecret);

  // `code` on an error, or directly on a log line, is an error or exit code by Node's and
  // Rampart's convention (`ECONNREFUSED`, `RAMPART_FORBIDDEN`, 1); anywhere else (a body,
  // a form) it may be a one-time or authorization code.
  const secretKey = (key: string, topOrError: boolean) => !(topOrError && key === 'code') && isSecret(key);

  function walk(value: unknown, depth: number, seen: Set<object>): unknown {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object' || depth > maxDepth || seen.has(value)) return value;
    seen.add(value);
    try {
      if (Array.isArray(value)) return walkArray(value, depth, seen);
      if (isErrorLike(value)) return walkError(value, depth, seen);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return value;
      return walkRecord(value as Record<string, unknown>, depth, seen);
    } finally {
      seen.delete(value);
    }
  }

  function walkArray(value: unknown[], depth: number, seen: Set<object>): unknown[] {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = walk(item, depth + 1, seen);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return out ?? value;
  }

  function walkRecord(value: Record<string, unknown>, depth: number, seen: Set<object>): unknown {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = value[key];
      const next = secretKey(key, depth === 0) && item !== undefined ? censor : walk(item, depth + 1, seen);
      if (next !== item) (out ??= { ...value })[key] = next;
    }
    return out ?? value;
  }

  // An error keeps its identity (and pino's error serializer, which appends its causes)
  // unless it, or a cause, held a secret; then it becomes a plain copy with the cause nested.
  function walkError(value: Error, depth: number, seen: Set<object>): unknown {
    const copy: Record<string, unknown> = {
      type: value.constructor?.name ?? value.name,
      message: text(value.message),
      stack: typeof value.stack === 'string' ? text(value.stack) : value.stack,
    };
    let changed = copy.message !== value.message || copy.stack !== value.stack;
    for (const [key, item] of Object.entries(value)) {
      const next = secretKey(key, true) ? censor : walk(item, depth + 1, seen);
      if (next !== item) changed = true;
      copy[key] = next;
    }
    if (value.cause !== undefined && !('cause' in copy)) {
      const cause = walk(value.cause, depth + 1, seen);
      if (cause !== value.cause) changed = true;
      copy.cause = cause;
    }
    // AggregateError's `errors` is not enumerable either; pino's serializer prints it.
    const { errors } = value as { errors?: unknown };
    if (Array.isArray(errors) && !('errors' in copy)) {
      const next = walk(errors, depth + 1, seen);
      if (next !== errors) changed = true;
      copy.errors = next;
    }
    if (!changed) return value;
    errorCopies.add(copy);
    return copy;
  }

  return {
    line<T extends Record<string, unknown>>(object: T): T {
      // Most lines hold only flat values (the request line does): those need neither the
      // walk nor its cycle guard, and are copied only when a string held a secret.
      let out: Record<string, unknown> | undefined;
      for (const key in object) {
        const item = object[key];
        if (secretKey(key, true) || (item !== null && typeof item === 'object')) return walk(object, 0, new Set()) as T;
        if (typeof item === 'string') {
          const next = text(item);
          if (next !== item) (out ??= { ...object })[key] = next;
        }
      }
      return (out ?? object) as T;
    },
    text,
  };
}

const defaultRedactor = createRedactor(isSecretName);

/**
 * The log object with every value under a secret-looking key (password, token,
 * authorization, cookie, api_key, sig...; see secret-names.ts) replaced by `[redacted]`,
 * at any depth, arrays and errors included, and secret query parameters masked in every
 * string. The input is never modified; it is returned as is when nothing was secret.
 *
 * @example
 * redactSecrets({ user: { password: 'x' } }); // { user: { password: '[redacted]' } }
 */
export function redactSecrets<T extends Record<string, unknown>>(object: T): T {
  return defaultRedactor.line(object);
}
