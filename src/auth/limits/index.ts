/*
 * Attempt limits: per-key budgets for sensitive actions (failed logins per account,
 * reset emails per address), on a small store interface: in memory for one process,
 * in Redis (fail closed) when instances share budgets.
 */
export type { AttemptStore, AttemptWindow } from './attempt-store.js';
export { createMemoryAttemptStore, type MemoryAttemptStore, type MemoryAttemptStoreOptions } from './memory-attempt-store.js';
export { createRedisAttemptStore, type RedisAttemptStoreOptions } from './redis-attempt-store.js';
export { judgedAttempt, type JudgedAttemptOptions } from './judged-attempt.js';
export {
  createAttemptLimiter,
  type AttemptDecision,
  type AttemptLimiter,
  type AttemptLimiterOptions,
} from './attempt-limiter.js';
