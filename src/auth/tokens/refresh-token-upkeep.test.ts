import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { hashRefreshToken } from './refresh-token-secret.js';
import type { RefreshTokenRow } from './refresh-token-store.js';
import { refreshTokensTableName as table } from './refresh-tokens-table.js';
import { audience, issuer, otherSecret, secret, testClock, tokenDatabase } from './tokens-fixture.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

/* Grace-window edge cases, key rotation under refresh, purging and user deletion. */

let env: Awaited<ReturnType<typeof tokenDatabase>>;
let clock: ReturnType<typeof testClock>;
let userId: string;

beforeEach(async () => {
  env = await tokenDatabase();
  clock = testClock();
  userId = await env.addUser();
});
afterEach(() => env.cleanup());

const service = (options: Partial<TokenServiceOptions> = {}) =>
  createTokenService({ secret, issuer, audience, now: clock.now, ...options }, env.database);
const rows = () => env.database.db.selectFrom(table).selectAll().orderBy('id').execute() as Promise<RefreshTokenRow[]>;
const rowOf = async (token: string) => (await rows()).find((r) => r.token_hash === hashRefreshToken(token));
const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(AppError);

describe('refresh-token upkeep', () => {
  it('with a zero grace window, any replay revokes the family', async () => {
    const tokens = service({ graceSeconds: 0 });
    const first = await tokens.startFamily(userId);
    const next = await tokens.rotate(first);
    clock.advance(0.001);
    await refused(tokens.rotate(first));
    await refused(tokens.rotate(next.refreshToken));
  });

  it('erases a recoverable successor at the next rotation after its window', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const second = (await tokens.rotate(first)).refreshToken;
    expect((await rowOf(first))?.successor_ciphertext).toEqual(expect.any(String));
    clock.advance(11);
    await tokens.rotate(second);
    expect((await rowOf(first))?.successor_ciphertext).toBeNull();
    expect((await rowOf(second))?.successor_ciphertext).toEqual(expect.any(String));
  });

  it('revokes rather than answer from a tampered ciphertext', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const second = (await tokens.rotate(first)).refreshToken;
    await env.database.db
      .updateTable(table)
      .set({ successor_ciphertext: 'A'.repeat(60) })
      .where('token_hash', '=', hashRefreshToken(first))
      .execute();
    await refused(tokens.rotate(first));
    await refused(tokens.rotate(second));
  });

  it('recovers a successor across a JWT secret rotation inside the window', async () => {
    const before = service({ secret: otherSecret });
    const first = await before.startFamily(userId);
    const next = await before.rotate(first);
    const after = service({ previousSecret: otherSecret });
    await expect(after.rotate(first)).resolves.toEqual(next);
  });

  it('purges families past their expiry and stale successors', async () => {
    const tokens = service();
    const old = await tokens.startFamily(userId);
    await tokens.rotate(old);
    clock.advance(3 * 24 * 3600);
    const recent = await tokens.startFamily(userId);
    await tokens.rotate(recent);
    clock.advance(4 * 24 * 3600 + 30);
    expect(await tokens.purgeExpired()).toBe(2);
    const left = await rows();
    expect(left).toHaveLength(2);
    expect(left.every((r) => r.successor_ciphertext === null)).toBe(true);
  });

  it('deletes a user’s tokens with the user', async () => {
    await service().startFamily(userId);
    await env.database.db.deleteFrom('users').where('id', '=', userId).execute();
    expect(await rows()).toHaveLength(0);
  });
});
