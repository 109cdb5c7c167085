import { AppError } from '../errors/app-error.js';

/*
 * The refusals of `Idempotency-Key` (docs/idempotency.md). None of them is stored: they
 * are answered before the request claims its key, so a client can fix and retry.
 */

/** 400: the header is empty, too long, or not printable ASCII. */
export function invalidIdempotencyKey(): AppError {
  return new AppError('RAMPART_IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
}

// A first request takes milliseconds; asking for a retry a second later is enough
// without making a client wait for the whole lease.
const inProgressRetryAfterSeconds = 1;

/** 409: a request with this key is still running; retry to get its answer. */
export function idempotencyInProgress(): AppError {
  return new AppError('RAMPART_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly to get its answer.', {
    headers: { 'retry-after': String(inProgressRetryAfterSeconds) },
  });
}

/** 422: the key was used for a request with another method, URL or body. */
export function idempotencyKeyReused(): AppError {
  return new AppError(
    'RAMPART_IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was used for a different request (method, URL or body); use a new key for a new request.',
  );
}
