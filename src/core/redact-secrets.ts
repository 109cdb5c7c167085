/*
 * Secret redaction for log lines, hand-written rather than pino's `redact` option: pino
 * needs a path per depth (`*.password`, `*.*.password`...), and with wildcard paths it
 * copies and walks every logged value on every call. Measured in the S1 benchmark
 * (docs/benchmarks.md), that was a quarter of the CPU time of a trivial request. This walk
 * looks only at the keys actually logged, at any depth, and copies only what it changes:
 * the one-line-per-request log passes through untouched.
 */

const secretKeys = new Set(
  [
    'password',
    'currentpassword',
    'newpassword',
    'token',
    'accesstoken',
    'refreshtoken',
    'secret',
    'apikey',
    'x-api-key',
    'authorization',
    'cookie',
    'set-cookie',
  ].map((k) => k.toLowerCase()),
);

/** What replaces a secret. */
export const censor = '[redacted]';

// Logged objects are small; the bound only guards against deep or cyclic structures.
const maxDepth = 8;

function isSecret(key: string): boolean {
  return secretKeys.has(key.toLowerCase());
}

function walk(value: unknown, depth: number, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || depth > maxDepth || seen.has(value)) return value;
  return walkObject(value, depth, seen);
}

function walkObject(value: object, depth: number, seen: Set<object>): unknown {
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      value.forEach((item, i) => {
        const next = walk(item, depth + 1, seen);
        if (next !== item) (out ??= [...value])[i] = next;
      });
      return out ?? value;
    }
    if (value instanceof Error) {
      let changed = false;
      const copy: Record<string, unknown> = { type: value.constructor.name, message: value.message, stack: value.stack };
      for (const [key, item] of Object.entries(value)) {
        const next = isSecret(key) ? censor : walk(item, depth + 1, seen);
        if (next !== item) changed = true;
        copy[key] = next;
      }
      // An error keeps its identity (and pino's error serializer) unless it held a secret.
      return changed ? copy : value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const next = isSecret(key) && item !== undefined ? censor : walk(item, depth + 1, seen);
      if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return out ?? value;
  } finally {
    seen.delete(value);
  }
}

/**
 * The log object with every value under a secret-looking key (password, token,
 * authorization, cookie...) replaced by `[redacted]`, at any depth, arrays and errors
 * included. The input is never modified; it is returned as is when nothing was secret.
 *
 * @example
 * redactSecrets({ user: { password: 'x' } }); // { user: { password: '[redacted]' } }
 */
export function redactSecrets<T extends Record<string, unknown>>(object: T): T {
  // Most lines hold only flat values (the request line does): no cycle guard is needed
  // for those, so none is made.
  for (const key in object) {
    const item = object[key];
    if (isSecret(key) || (item !== null && typeof item === 'object')) return walk(object, 0, new Set()) as T;
  }
  return object;
}
