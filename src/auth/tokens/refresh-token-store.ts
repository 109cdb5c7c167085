import type { Kysely } from 'kysely';
import { executorFor, runTransaction } from '../../db/transactions.js';
import { refreshTokensTableName as table } from './refresh-tokens-table.js';

/*
 * Every query on the refresh-token table. Timestamps are written as ISO-8601 UTC text
 * (what SQLite stores, and what PostgreSQL casts to TIMESTAMPTZ) and read back through
 * toMillis, which accepts both the SQLite string and the PostgreSQL Date. Writes that
 * touch several rows, or read then write, run in one transaction.
 */

type Timestamp = string | Date;

/** A stored refresh token. */
export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  family_expires_at: Timestamp;
  rotated_at: Timestamp | null;
  replaced_by: string | null;
  successor_ciphertext: string | null;
  revoked_at: Timestamp | null;
}

/** A timestamp column's value in milliseconds since the epoch. */
export function toMillis(value: Timestamp): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** What a rotation writes: the claim on the old row and the successor row. */
export interface RotationWrite {
  rotatedId: string;
  successor: RefreshTokenRow;
  ciphertext: string;
  at: string;
  /** Recoverable successors of this family rotated before this instant are erased. */
  graceCutoff: string;
}

/**
 * The refresh-token queries over one database.
 *
 * @example
 * const store = createRefreshTokenStore(database.db);
 * const row = await store.findByHash(hashRefreshToken(token));
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createRefreshTokenStore(db: Kysely<any>) {
  const findBy = (column: 'id' | 'token_hash', value: string) =>
    db.selectFrom(table).selectAll().where(column, '=', value).executeTakeFirst() as Promise<RefreshTokenRow | undefined>;

  return {
    findByHash: (hash: string) => findBy('token_hash', hash),
    findById: (id: string) => findBy('id', id),

    /** Inserts on `executor` (a caller's transaction), else on the transaction open in this async context, else on `db`. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async insert(row: RefreshTokenRow, executor?: Kysely<any>): Promise<void> {
      await (executor ?? executorFor(db)).insertInto(table).values(row).execute();
    },

    /**
     * Rotates a token unless someone else already did. The conditional UPDATE is the
     * lock: of concurrent callers exactly one changes the row (the others see
     * `rotated_at` set, on SQLite because writes are serialized, on PostgreSQL because
     * the UPDATE re-checks its WHERE after waiting for the winner's row lock). Only
     * the winner inserts a successor. Returns whether this caller won.
     */
    claim(write: RotationWrite): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable(table)
          .set({ rotated_at: write.at, replaced_by: write.successor.id, successor_ciphertext: write.ciphertext })
          .where('id', '=', write.rotatedId)
          .where('rotated_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (result.numUpdatedRows !== 1n) return false;
        await trx.insertInto(table).values(write.successor).execute();
        await trx
          .updateTable(table)
          .set({ successor_ciphertext: null })
          .where('family_id', '=', write.successor.family_id)
          .where('successor_ciphertext', 'is not', null)
          .where('rotated_at', '<', write.graceCutoff)
          .execute();
        return true;
      });
    },

    /** Revokes the family of the token with this hash, if there is one. */
    revokeFamilyOfHash(hash: string, at: string): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom(table).select('family_id').where('token_hash', '=', hash).executeTakeFirst();
        if (!row) return;
        await trx
          .updateTable(table)
          .set({ revoked_at: at, successor_ciphertext: null })
          .where('family_id', '=', row.family_id as string)
          .where('revoked_at', 'is', null)
          .execute();
      });
    },

    /**
     * Revokes every family of a user but the one holding `exceptHash` (when it is theirs),
     * inside `executor` when given: a password change and the revocation commit together.
     * Joins a transaction open in this async context rather than waiting for it (SQLite
     * has one connection, which that transaction holds).
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    revokeUserFamilies(userId: string, exceptHash: string | undefined, at: string, executor?: Kysely<any>): Promise<void> {
      return runTransaction(executor ?? db, async (trx) => {
        const kept =
          exceptHash === undefined
            ? undefined
            : await trx
                .selectFrom(table)
                .select('family_id')
                .where('token_hash', '=', exceptHash)
                .where('user_id', '=', userId)
                .executeTakeFirst();
        let query = trx
          .updateTable(table)
          .set({ revoked_at: at, successor_ciphertext: null })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null);
        if (kept) query = query.where('family_id', '!=', kept.family_id as string);
        await query.execute();
      });
    },

    /** Deletes families past their absolute expiry and erases stale successors. */
    purge(at: string, graceCutoff: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const deleted = await trx.deleteFrom(table).where('family_expires_at', '<=', at).executeTakeFirst();
        await trx
          .updateTable(table)
          .set({ successor_ciphertext: null })
          .where('successor_ciphertext', 'is not', null)
          .where('rotated_at', '<', graceCutoff)
          .execute();
        return Number(deleted.numDeletedRows);
      });
    },
  };
}

/** The queries {@link createRefreshTokenStore} returns. */
export type RefreshTokenStore = ReturnType<typeof createRefreshTokenStore>;
