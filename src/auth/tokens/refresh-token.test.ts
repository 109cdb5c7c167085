import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { hashRefreshToken } from './refresh-token-secret.js';
import type { RefreshTokenRow } from './refresh-token-store.js';
import { refreshTokensTableName } from './refresh-tokens-table.js';
import { audience, issuer, secret, testClock, tokenDatabase } from './tokens-fixture.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

const day = 24 * 3600;
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

const rows = () => env.database.db.selectFrom(refreshTokensTableName).selectAll().execute() as Promise<RefreshTokenRow[]>;

async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: 'RAMPART_UNAUTHENTICATED', status: 401, message: 'The token is invalid or has expired.' });
}

describe('refresh tokens', () => {
  it('starts a family with an opaque 256-bit token stored only as its hash', async () => {
    const token = await service().startFamily(userId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [row] = await rows();
    expect(row).toMatchObject({ user_id: userId, token_hash: hashRefreshToken(token), rotated_at: null, revoked_at: null });
    // SQLite hands back the ISO text, PostgreSQL a Date of the timestamptz.
    expect(new Date(row?.created_at as string).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(row?.family_expires_at as string).toISOString()).toBe('2026-01-08T00:00:00.000Z');
  });

  it('rotates into a new token; the old one is refused once the grace window has passed', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const next = await tokens.rotate(first);
    expect(next).toEqual({ userId, refreshToken: expect.any(String), expiresAt: new Date('2026-01-08T00:00:00.000Z') });
    expect(next.refreshToken).not.toBe(first);
    clock.advance(11);
    await refused(tokens.rotate(first));
    // The replay revoked the family: the successor, never used, is dead too.
    await refused(tokens.rotate(next.refreshToken));
  });

  it('gives the same successor again inside the grace window', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const next = await tokens.rotate(first);
    clock.advance(10);
    await expect(tokens.rotate(first)).resolves.toEqual(next);
    await expect(tokens.rotate(first)).resolves.toEqual(next);
    expect(await rows()).toHaveLength(2);
    // The family is intact: the successor rotates normally.
    await expect(tokens.rotate(next.refreshToken)).resolves.toMatchObject({ userId });
  });

  it('revokes the whole family when the first of three rotations is replayed after the window', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const second = (await tokens.rotate(first)).refreshToken;
    clock.advance(60);
    const third = (await tokens.rotate(second)).refreshToken;
    clock.advance(60);
    const latest = (await tokens.rotate(third)).refreshToken;
    await refused(tokens.rotate(first));
    await refused(tokens.rotate(latest));
    expect((await rows()).every((r) => r.revoked_at !== null && r.successor_ciphertext === null)).toBe(true);
  });

  it('treats a replay inside the window as theft once the successor itself was used', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const second = (await tokens.rotate(first)).refreshToken;
    const third = (await tokens.rotate(second)).refreshToken;
    await refused(tokens.rotate(first));
    await refused(tokens.rotate(third));
  });

  it('lets exactly one of 20 concurrent rotations win; all callers get its token', async () => {
    const tokens = service();
    const first = await tokens.startFamily(userId);
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.rotate(first)));
    const issued = new Set(results.map((r) => r.refreshToken));
    expect(issued.size).toBe(1);
    const all = await rows();
    expect(all).toHaveLength(2);
    const successor = all.find((r) => r.token_hash !== hashRefreshToken(first));
    expect(successor?.token_hash).toBe(hashRefreshToken([...issued][0] as string));
  });

  it('expires the family 7 days after login however often it rotates', async () => {
    const tokens = service();
    let token = await tokens.startFamily(userId);
    for (let i = 0; i < 6; i++) {
      clock.advance(day);
      token = (await tokens.rotate(token)).refreshToken;
    }
    clock.advance(day - 1);
    token = (await tokens.rotate(token)).refreshToken;
    clock.advance(1);
    await refused(tokens.rotate(token));
  });

  it('never stores a plaintext token', async () => {
    const tokens = service();
    const issued = [await tokens.startFamily(userId)];
    for (let i = 0; i < 3; i++) issued.push((await tokens.rotate(issued.at(-1) as string)).refreshToken);
    issued.push(await tokens.startFamily(userId));
    const dump = JSON.stringify(await rows());
    for (const token of issued) {
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
      expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('base64'));
    }
  });

  it('refuses unknown, malformed and revoked tokens alike', async () => {
    const tokens = service();
    await refused(tokens.rotate('A'.repeat(43)));
    await refused(tokens.rotate('not a token'));
    await refused(tokens.rotate(undefined as unknown as string));
    const token = await tokens.startFamily(userId);
    await tokens.revokeFamilyOf(token);
    await refused(tokens.rotate(token));
  });

  it('logout revokes the family and leaves the user’s other sessions alone', async () => {
    const tokens = service();
    const phone = await tokens.startFamily(userId);
    const laptop = await tokens.startFamily(userId);
    const phoneNext = (await tokens.rotate(phone)).refreshToken;
    await tokens.revokeFamilyOf(phone); // an older token of the family is enough
    await refused(tokens.rotate(phoneNext));
    await expect(tokens.rotate(laptop)).resolves.toMatchObject({ userId });
    await expect(tokens.revokeFamilyOf('A'.repeat(43))).resolves.toBeUndefined();
    await expect(tokens.revokeFamilyOf('junk')).resolves.toBeUndefined();
  });

  it('revokes all families of a user except the current one', async () => {
    const tokens = service();
    const other = await env.addUser();
    const [a, b, c, theirs] = [
      await tokens.startFamily(userId),
      await tokens.startFamily(userId),
      await tokens.startFamily(userId),
      await tokens.startFamily(other),
    ];
    await tokens.revokeUserFamilies(userId, { except: b });
    await refused(tokens.rotate(a));
    await refused(tokens.rotate(c));
    const kept = await tokens.rotate(b);
    await expect(tokens.rotate(theirs)).resolves.toMatchObject({ userId: other });
    // Another user's token cannot shield a family; no `except` revokes everything.
    const d = await tokens.startFamily(userId);
    await tokens.revokeUserFamilies(userId, { except: (await tokens.rotate(await tokens.startFamily(other))).refreshToken });
    await refused(tokens.rotate(d));
    await tokens.revokeUserFamilies(userId);
    await refused(tokens.rotate(kept.refreshToken));
  });
});
