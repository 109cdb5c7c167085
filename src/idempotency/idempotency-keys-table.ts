import { column, type TableModel } from '../db/migrations/schema-model.js';

/*
 * One row per key in use. `id` is the SHA-256 of the caller's scope and key (see
 * idempotency-key.ts); the primary key is what makes claiming race-safe: of two
 * instances inserting the same id, exactly one succeeds. While a request runs, `token`
 * names its lease and `response` is null; once it finishes, `response` holds the answer
 * (JSON) and `token` is null. `expires_at` is the lease's end, then the answer's.
 */


/** The table name of {@link idempotencyKeysTable}. */
export const idempotencyKeysTableName = 'rampart_idempotency_keys';

/**
 * The idempotency-key table, for `prepareSchema`'s `extraTables`. It is declared
 * whichever store is configured, so switching `IDEMPOTENCY_STORE` needs no migration.
 *
 * @example
 * await prepareSchema(database, resources, { dir: 'migrations', env, extraTables: [...authTables, idempotencyKeysTable] });
 */
export const idempotencyKeysTable: TableModel = {
  name: idempotencyKeysTableName,
  columns: [
    { ...column('id', 'text', true), primaryKey: true },
    column('fingerprint', 'text', true),
    column('token', 'text', false),
    column('response', 'text', false),
    column('created_at', 'timestamp', true),
    column('expires_at', 'timestamp', true),
  ],
  // The purge deletes by expiry.
  indexes: [{ name: `${idempotencyKeysTableName}_expires_at_idx`, columns: ['expires_at'], unique: false }],
};
