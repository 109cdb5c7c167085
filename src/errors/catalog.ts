/**
 * The error catalog: every error Rampart reports has a stable code listed here.
 *
 * Codes never change meaning once published; clients may branch on them.
 * `docs/errors.md` documents each one, and `catalog.test.ts` fails when the two disagree.
 * Entries without a `status` are startup errors: they stop the process, they never
 * reach a client.
 */
export const errorCatalog = {
  RAMPART_BAD_REQUEST: { status: 400, title: 'Bad request' },
  RAMPART_VALIDATION: { status: 400, title: 'Validation failed' },
  RAMPART_INVALID_QUERY: { status: 400, title: 'Invalid query parameter' },
  RAMPART_INVALID_JSON: { status: 400, title: 'Malformed JSON body' },
  RAMPART_WEBHOOK_SIGNATURE: { status: 400, title: 'Webhook signature invalid' },
  RAMPART_IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'Invalid idempotency key' },
  RAMPART_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  RAMPART_FORBIDDEN: { status: 403, title: 'Forbidden' },
  RAMPART_NOT_FOUND: { status: 404, title: 'Not found' },
  RAMPART_ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  RAMPART_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  RAMPART_UNIQUE_VIOLATION: { status: 409, title: 'Conflict with an existing record' },
  RAMPART_REFERENCE_VIOLATION: { status: 409, title: 'Conflict with a referenced record' },
  RAMPART_WEBHOOK_ENDPOINT_DISABLED: { status: 409, title: 'Webhook endpoint disabled' },
  RAMPART_IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'Request with this idempotency key in progress' },
  RAMPART_JOB_NOT_RETRYABLE: { status: 409, title: 'Job cannot be retried' },
  RAMPART_CONFLICT: { status: 409, title: 'Conflict with the current state' },
  RAMPART_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  RAMPART_BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  RAMPART_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RAMPART_EXPECTATION_FAILED: { status: 417, title: 'Expectation failed' },
  RAMPART_IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused for another request' },
  RAMPART_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  RAMPART_HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  RAMPART_INTERNAL: { status: 500, title: 'Internal server error' },
  RAMPART_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  RAMPART_CONFIG_INVALID: { title: 'Invalid configuration' },
  RAMPART_ACCESS_RULE_MISSING: { title: 'Access rules missing' },
  RAMPART_DEFINITION_INVALID: { title: 'Invalid resource or route definition' },
  RAMPART_MIGRATION_DESTRUCTIVE: { title: 'Destructive migration needs confirmation' },
  RAMPART_MIGRATION_PENDING: { title: 'Database schema behind the declared resources' },
  RAMPART_MIGRATION_INVALID: { title: 'Unusable migration file' },
} as const satisfies Record<string, { status?: number; title: string }>;

/** A code from the error catalog. */
export type ErrorCode = keyof typeof errorCatalog;

/** The `type` URI of a problem document for a catalog code (RFC 9457 §3.1.1). */
export function problemType(code: ErrorCode): string {
  return `urn:rampart:error:${code.toLowerCase()}`;
}
