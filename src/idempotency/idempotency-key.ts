import { createHash } from 'node:crypto';

/*
 * What an `Idempotency-Key` means: which requests it applies to, what a valid key is,
 * whose key it is, and what counts as "the same request". Pure functions, shared by the
 * request hooks and the OpenAPI document so the two cannot disagree.
 */

/** The request header that carries the key (lower case, as Node exposes headers). */
export const idempotencyKeyHeader = 'idempotency-key';

/** The response header set on an answer that was replayed from the store. */
export const idempotencyReplayedHeader = 'idempotency-replayed';

// GET, PUT and DELETE are idempotent by definition (RFC 9110 §9.2.2): repeating them
// is already safe, so only the two methods that are not get keys.
const keyedMethods = new Set(['POST', 'PATCH']);

// Session routes answer with access and refresh tokens. Storing those answers would keep
// credentials in plain text next to a table that keeps refresh tokens only as hashes,
// and a replayed refresh would hand out a token that is already rotated. They are left
// out; a client retrying a login simply logs in again.
const defaultAuthPrefix = '/api/v1/auth';

// Printable ASCII, as Stripe and the IETF draft (draft-ietf-httpapi-idempotency-key-header)
// expect of keys: clients send UUIDs or similar, and nothing else needs escaping in logs.
const validKey = /^[\x20-\x7E]{1,255}$/;

/**
 * Whether requests of `method` to the route `path` (its declared path, `:id` or `{id}`
 * form) take an `Idempotency-Key`; routes under the app's auth prefix (`false` when the
 * app serves no auth routes) never do.
 *
 * @example
 * idempotencyApplies('POST', '/api/v1/markets'); // true
 * idempotencyApplies('PUT', '/api/v1/markets/:id'); // false
 * idempotencyApplies('POST', '/api/v1/auth/login'); // false
 */
export function idempotencyApplies(method: string, path: string, authPrefix: string | false = defaultAuthPrefix): boolean {
  return keyedMethods.has(method.toUpperCase()) && (authPrefix === false || !path.startsWith(`${authPrefix}/`));
}

/**
 * Whether a header value is a usable key: 1 to 255 printable ASCII characters.
 *
 * @example
 * isValidIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324'); // true
 * isValidIdempotencyKey(''); // false
 */
export function isValidIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && validKey.test(value);
}

/**
 * The store's id of a key: a SHA-256 of the caller's scope and the key, so two callers
 * choosing the same key never meet, keys of any length fit one column, and client
 * addresses are not kept in clear.
 *
 * @example
 * scopedKeyId(request.user ? `user:${request.user.id}` : `ip:${request.ip}`, key);
 */
export function scopedKeyId(scope: string, key: string): string {
  // Length-prefixed, so no (scope, key) pair can be spelled as another.
  return createHash('sha256').update(`${scope.length}:${scope}`).update(key).digest('hex');
}

/**
 * The fingerprint that tells a retry from another request under the same key: method,
 * URL as requested (path and query) and the SHA-256 of the raw body bytes.
 *
 * @example
 * requestFingerprint('POST', '/api/v1/markets', sha256OfBody); // 64 hex digits
 */
export function requestFingerprint(method: string, url: string, bodySha256: string): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${bodySha256}`).digest('hex');
}

/** The SHA-256 (hex) of an absent or empty body. */
export const emptyBodySha256 = createHash('sha256').digest('hex');
