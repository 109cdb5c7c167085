/**
 * `Idempotency-Key` on POST and PATCH: the request hooks, the two stores behind one
 * interface, and the table the database store keeps. See docs/idempotency.md.
 *
 * @example
 * await registerIdempotency(fastify, { config, database, redis });
 */
export { registerIdempotency, defaultLeaseMs, defaultRetainMs, type IdempotencyOptions } from './register-idempotency.js';
export type { IdempotencyClaim, IdempotencyLease, IdempotencyStore, StoredResponse } from './idempotency-store.js';
export { createDatabaseIdempotencyStore, type DatabaseIdempotencyStoreOptions } from './database-idempotency-store.js';
export { createRedisIdempotencyStore, type RedisIdempotencyStoreOptions } from './redis-idempotency-store.js';
export { idempotencyKeysTable, idempotencyKeysTableName } from './idempotency-keys-table.js';
export {
  idempotencyApplies,
  idempotencyKeyHeader,
  idempotencyReplayedHeader,
  isValidIdempotencyKey,
  requestFingerprint,
  scopedKeyId,
} from './idempotency-key.js';
