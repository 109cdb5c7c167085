import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { idempotencyKeysTableName as table } from './idempotency-keys-table.js';
import type { IdempotencyClaim, IdempotencyLease, IdempotencyStore, StoredResponse } from './idempotency-store.js';

/*
 * Timestamps are written as ISO-8601 UTC text (what SQLite stores, and what PostgreSQL
 * casts to TIMESTAMPTZ) and compared in SQL, so both dialects order them alike.
 */

interface KeyRow {
  fingerprint: string;
  response: string | null;
  expires_at: string | Date;
}

const millis = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(value));
const iso = (ms: number) => new Date(ms).toISOString();

// A claim loses a race only to a row that then vanishes (purged or released between two
// statements); a few rounds settle that, more would mean something else is wrong.
const claimRounds = 5;

/** Options of {@link createDatabaseIdempotencyStore}. */
export interface DatabaseIdempotencyStoreOptions {
  /** The clock (default `Date.now`); tests move it. */
  now?: () => number;
}

/**
 * Keys in the app's database (`rampart_idempotency_keys`, see
 * {@link idempotencyKeysTable}). Claiming is an `INSERT ... ON CONFLICT DO NOTHING`
 * on the primary key, so of several instances only one gets a free key (PostgreSQL
 * makes the second insert wait for the first's outcome; SQLite serializes writes). An
 * expired row is taken over by a conditional UPDATE, which PostgreSQL re-checks after
 * waiting for a competing one, so a takeover also has a single winner.
 *
 * @example
 * const store = createDatabaseIdempotencyStore(app.database);
 * const claim = await store.claim(id, fingerprint, 60_000);
 */
export function createDatabaseIdempotencyStore(database: Database, options: DatabaseIdempotencyStoreOptions = {}): IdempotencyStore {
  const { db } = database;
  const now = options.now ?? Date.now;

  const takeFree = async (lease: IdempotencyLease, at: number, leaseMs: number): Promise<boolean> => {
    const row = { id: lease.id, fingerprint: lease.fingerprint, token: lease.token, response: null, created_at: iso(at), expires_at: iso(at + leaseMs) };
    const inserted = await db
      .insertInto(table)
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return true;
    const { id: _id, ...takeover } = row;
    const updated = await db.updateTable(table).set(takeover).where('id', '=', lease.id).where('expires_at', '<=', iso(at)).executeTakeFirst();
    return updated.numUpdatedRows === 1n;
  };

  return {
    async claim(id, fingerprint, leaseMs): Promise<IdempotencyClaim> {
      const lease: IdempotencyLease = { id, fingerprint, token: randomUUID() };
      for (let round = 0; round < claimRounds; round++) {
        const at = now();
        if (await takeFree(lease, at, leaseMs)) return { state: 'acquired', lease };
        const row = (await db
          .selectFrom(table)
          .select(['fingerprint', 'response', 'expires_at'])
          .where('id', '=', id)
          .executeTakeFirst()) as KeyRow | undefined;
        // Gone, or expired since the UPDATE looked: claim again.
        if (!row || millis(row.expires_at) <= now()) continue;
        if (row.response === null) return { state: 'running', fingerprint: row.fingerprint };
        return { state: 'done', fingerprint: row.fingerprint, response: JSON.parse(row.response) as StoredResponse };
      }
      throw new Error(`idempotency key ${id.slice(0, 12)}... could not be claimed in ${claimRounds} rounds`);
    },

    async complete(lease, response, retainMs) {
      const result = await db
        .updateTable(table)
        .set({ token: null, response: JSON.stringify(response), expires_at: iso(now() + retainMs) })
        .where('id', '=', lease.id)
        .where('token', '=', lease.token)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async release(lease) {
      await db.deleteFrom(table).where('id', '=', lease.id).where('token', '=', lease.token).execute();
    },

    async purgeExpired() {
      const result = await db.deleteFrom(table).where('expires_at', '<=', iso(now())).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
