import { AppError } from '../errors/app-error.js';

/**
 * Seconds a client is asked to wait while a shared store is unreachable. The Redis
 * connection retries every 2 s at most, so a few seconds covers a restart or failover.
 */
export const storeRetryAfterSeconds = 5;

/**
 * The 503 answered when a budget that fails closed (a route's own budget, login
 * attempts) cannot be checked because its store is unreachable. Refusing is the safe
 * side: serving unchecked would reopen password guessing for as long as Redis is down.
 * The store's error goes to the log as the cause, never to the client.
 *
 * @example
 * await client.incr(key).catch((error: unknown) => { throw storeUnavailable(error); });
 */
export function storeUnavailable(cause: unknown): AppError {
  return new AppError('RAMPART_UNAVAILABLE', `Request budgets cannot be checked right now; retry in ${storeRetryAfterSeconds} s.`, {
    headers: { 'retry-after': String(storeRetryAfterSeconds) },
    cause,
  });
}
