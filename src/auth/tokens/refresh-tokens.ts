import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { invalidToken } from './invalid-token.js';
import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token-secret.js';
import { toMillis, type RefreshTokenRow, type RefreshTokenStore } from './refresh-token-store.js';
import type { SuccessorSealer } from './successor-sealer.js';

/*
 * Refresh-token families (OAuth 2.0 Security BCP, RFC 9700 §4.14.2): every use rotates
 * the token, and presenting a token that was already rotated means two parties hold
 * it, so the whole family is revoked. One exception keeps honest clients working: for
 * `graceSeconds` after a rotation, the rotated token yields the same successor again
 * (the response was lost, or two tabs refreshed at once), as long as that successor
 * is still the family's current token.
 */

/** Where a write runs: a caller's transaction, so it commits (or not) with the caller's work. */
export interface InTransaction {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx?: Kysely<any>;
}

/** Options of {@link createRefreshTokens}. */
export interface RefreshTokensOptions {
  ttlSeconds: number;
  graceSeconds: number;
  now: () => number;
}

/** The outcome of a successful rotation. */
export interface RotatedRefreshToken {
  userId: string;
  /** The token to use next time; the presented one is spent. */
  refreshToken: string;
  /** The family's absolute expiry, e.g. for a cookie's `Expires`. */
  expiresAt: Date;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The refresh-token operations over a store. Every refusal is the same 401.
 *
 * @example
 * const refresh = createRefreshTokens(store, sealer, { ttlSeconds: 604_800, graceSeconds: 10, now: Date.now });
 * const { userId, refreshToken } = await refresh.rotate(cookieValue);
 */
export function createRefreshTokens(store: RefreshTokenStore, sealer: SuccessorSealer, options: RefreshTokensOptions) {
  const graceMs = options.graceSeconds * 1000;

  const rowFor = (familyId: string, userId: string, token: string, at: number, familyExpiresAt: string) =>
    ({
      id: uuidv7(),
      family_id: familyId,
      user_id: userId,
      token_hash: hashRefreshToken(token),
      created_at: iso(at),
      family_expires_at: familyExpiresAt,
      rotated_at: null,
      replaced_by: null,
      successor_ciphertext: null,
      revoked_at: null,
    }) satisfies RefreshTokenRow;

  const result = (row: RefreshTokenRow, refreshToken: string): RotatedRefreshToken => ({
    userId: row.user_id,
    refreshToken,
    expiresAt: new Date(toMillis(row.family_expires_at)),
  });

  /** A replay of a rotated token: the same successor inside the grace window, else revocation. */
  async function replay(row: RefreshTokenRow, now: number): Promise<RotatedRefreshToken> {
    const inGrace = row.rotated_at !== null && now - toMillis(row.rotated_at) <= graceMs;
    if (inGrace && row.replaced_by && row.successor_ciphertext) {
      const successor = await store.findById(row.replaced_by);
      const token = sealer.open(row.successor_ciphertext, row.id);
      const current = successor && successor.rotated_at === null && successor.revoked_at === null;
      if (current && token !== null && hashRefreshToken(token) === successor.token_hash) return result(row, token);
    }
    await store.revokeFamilyOfHash(row.token_hash, iso(now));
    throw invalidToken();
  }

  return {
    /** Starts a family at login; its expiry is fixed now and never extended. */
    async startFamily(userId: string, { trx }: InTransaction = {}): Promise<string> {
      const now = options.now();
      const token = newRefreshToken();
      await store.insert(rowFor(uuidv7(), userId, token, now, iso(now + options.ttlSeconds * 1000)), trx);
      return token;
    },

    async rotate(refreshToken: string): Promise<RotatedRefreshToken> {
      if (!isRefreshTokenShaped(refreshToken)) throw invalidToken();
      const now = options.now();
      let row = await store.findByHash(hashRefreshToken(refreshToken));
      if (!row || row.revoked_at !== null || toMillis(row.family_expires_at) <= now) throw invalidToken();
      if (row.rotated_at === null) {
        const token = newRefreshToken();
        const successor = rowFor(row.family_id, row.user_id, token, now, iso(toMillis(row.family_expires_at)));
        const won = await store.claim({
          rotatedId: row.id,
          successor,
          ciphertext: sealer.seal(token, row.id),
          at: iso(now),
          graceCutoff: iso(now - graceMs),
        });
        if (won) return result(row, token);
        // Lost the race: read what the winner wrote and answer as a replay.
        row = await store.findById(row.id);
        if (!row || row.revoked_at !== null) throw invalidToken();
      }
      return replay(row, now);
    },

    /** Logout: revokes the family of `refreshToken`. Unknown tokens are ignored (logout always succeeds). */
    async revokeFamilyOf(refreshToken: string): Promise<void> {
      if (!isRefreshTokenShaped(refreshToken)) return;
      await store.revokeFamilyOfHash(hashRefreshToken(refreshToken), iso(options.now()));
    },

    /** Revokes all of a user's families, except the one of `except` when it is theirs. */
    async revokeUserFamilies(userId: string, { except, trx }: { except?: string } & InTransaction = {}): Promise<void> {
      const exceptHash = isRefreshTokenShaped(except) ? hashRefreshToken(except) : undefined;
      await store.revokeUserFamilies(userId, exceptHash, iso(options.now()), trx);
    },

    /** Deletes expired families and erases successors past their grace window; returns rows deleted. */
    purgeExpired(): Promise<number> {
      const now = options.now();
      return store.purge(iso(now), iso(now - graceMs));
    },
  };
}

/** The operations {@link createRefreshTokens} returns. */
export type RefreshTokens = ReturnType<typeof createRefreshTokens>;
