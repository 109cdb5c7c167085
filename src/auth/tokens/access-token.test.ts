import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { audience, decode, forge, issuer, otherSecret, secret, testClock } from './tokens-fixture.js';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { hmacKey, keyId } from './token-key.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

const database = openDatabase('sqlite::memory:');
afterAll(() => database.close());

const user = { id: '01930000-0000-7000-8000-000000000001', role: 'member' };
const kid = keyId(Buffer.from(secret));

function service(options: Partial<TokenServiceOptions> = {}) {
  const clock = testClock();
  const tokens = createTokenService({ secret, issuer, audience, now: clock.now, ...options }, database);
  return { tokens, clock };
}

/** Valid claims for a hand-made token, at the test clock's start. */
function claims(overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(testClock().now() / 1000);
  return { iss: issuer, aud: audience, sub: user.id, role: 'member', iat, nbf: iat, exp: iat + 900, jti: 'j1', ...overrides };
}
const header = (overrides: Record<string, unknown> = {}) => ({ alg: 'HS256', typ: 'at+jwt', kid, ...overrides });

async function refused(verify: Promise<unknown>) {
  const error = await verify.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({
    code: 'RAMPART_UNAUTHENTICATED',
    status: 401,
    message: 'The token is invalid or has expired.',
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
}

describe('access tokens', () => {
  it('signs HS256 at+jwt tokens with a derived kid and the documented claims', async () => {
    const { tokens } = service();
    const { accessToken, expiresIn } = tokens.issueAccessToken(user);
    expect(expiresIn).toBe(900);
    const { header: h, payload } = decode(accessToken);
    expect(h).toEqual({ alg: 'HS256', typ: 'at+jwt', kid });
    expect(accessToken).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 20));
    expect(payload).toMatchObject({ iss: issuer, aud: audience, sub: user.id, role: 'member' });
    expect(payload.exp).toBe((payload.iat as number) + 900);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toEqual(expect.any(String));
    expect(decode(tokens.issueAccessToken(user).accessToken).payload.jti).not.toBe(payload.jti);
    await expect(tokens.verifyAccessToken(accessToken)).resolves.toEqual(user);
    expect(tokens.verifyAccessTokenSync(accessToken)).toEqual(user);
  });

  it('accepts a hand-made token only when everything is right (the forger is honest)', async () => {
    await expect(service().tokens.verifyAccessToken(forge(header(), claims()))).resolves.toEqual(user);
  });

  it.each([
    ['alg none, no signature', () => `${forge(header({ alg: 'none' }), claims()).split('.').slice(0, 2).join('.')}.`],
    ['alg none, with a signature', () => forge(header({ alg: 'none' }), claims())],
    ['RS256 header, valid HMAC', () => forge(header({ alg: 'RS256' }), claims())],
    ['ES256 header, valid HMAC', () => forge(header({ alg: 'ES256' }), claims())],
    ['HS512 header, valid HMAC-SHA512', () => forge(header({ alg: 'HS512' }), claims(), secret, 'sha512')],
    ['no typ', () => forge({ alg: 'HS256', kid }, claims())],
    ['typ JWT', () => forge(header({ typ: 'JWT' }), claims())],
    ['typ of a refresh token', () => forge(header({ typ: 'rt+jwt' }), claims())],
    ['no kid', () => forge({ alg: 'HS256', typ: 'at+jwt' }, claims())],
    ['unknown kid', () => forge(header({ kid: 'nope' }), claims())],
    ['wrong secret', () => forge(header(), claims(), otherSecret)],
    ['wrong audience', () => forge(header(), claims({ aud: 'other-api' }))],
    ['wrong issuer', () => forge(header(), claims({ iss: 'evil' }))],
    ['no role (an arbitrary JWT)', () => forge(header(), claims({ role: undefined }))],
    ['numeric role', () => forge(header(), claims({ role: 1 }))],
    ['no jti', () => forge(header(), claims({ jti: undefined }))],
    ['string exp', () => forge(header(), claims({ exp: '9999999999' }))],
    ['no exp', () => forge(header(), claims({ exp: undefined }))],
    ['issued in the future', () => forge(header(), claims({ iat: claims().iat + 60 }))],
    ['unknown crit header', () => forge(header({ crit: ['x'], x: 1 }), claims())],
    ['a refresh token', () => 'q3X0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3'],
    ['garbage', () => 'not.a.jwt'],
    ['empty', () => ''],
    ['oversized', () => forge(header(), claims({ pad: 'x'.repeat(5000) }))],
  ])('refuses %s', async (_name, make) => {
    await refused(service().tokens.verifyAccessToken(make()));
  });

  it('refuses a tampered payload and a tampered signature', async () => {
    const { tokens } = service();
    const [h, p, s] = tokens.issueAccessToken(user).accessToken.split('.') as [string, string, string];
    const admin = Buffer.from(JSON.stringify({ ...decode(`${h}.${p}.`).payload, role: 'admin' })).toString('base64url');
    await refused(tokens.verifyAccessToken(`${h}.${admin}.${s}`));
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    await refused(tokens.verifyAccessToken(`${h}.${p}.${flipped}`));
    await refused(tokens.verifyAccessToken(`${h}.${p}`));
  });

  it('refuses non-string input without throwing anything but the 401', async () => {
    await refused(service().tokens.verifyAccessToken(42 as unknown as string));
  });

  it('expires after 15 minutes, with a few seconds of tolerance', async () => {
    const { tokens, clock } = service();
    const { accessToken } = tokens.issueAccessToken(user);
    clock.advance(899);
    await expect(tokens.verifyAccessToken(accessToken)).resolves.toEqual(user);
    clock.advance(5); // exp + 4 s: inside the 5 s tolerance
    await expect(tokens.verifyAccessToken(accessToken)).resolves.toEqual(user);
    clock.advance(1);
    await refused(tokens.verifyAccessToken(accessToken));
  });

  it('refuses a token before its nbf, beyond the tolerance', async () => {
    const { tokens } = service();
    const iat = claims().iat;
    await refused(tokens.verifyAccessToken(forge(header(), claims({ nbf: iat + 60 }))));
    await expect(tokens.verifyAccessToken(forge(header(), claims({ nbf: iat + 5 })))).resolves.toEqual(user);
    const early = service({ now: () => testClock().now() + 60_000 }).tokens.issueAccessToken(user).accessToken;
    await refused(tokens.verifyAccessToken(early));
  });

  it('refuses tokens of another issuer or audience signed with the same secret', async () => {
    const { tokens } = service();
    await refused(tokens.verifyAccessToken(service({ issuer: 'other' }).tokens.issueAccessToken(user).accessToken));
    await refused(tokens.verifyAccessToken(service({ audience: 'other' }).tokens.issueAccessToken(user).accessToken));
  });

  it('keeps verifying tokens of the previous secret during a rotation, and only then', async () => {
    const old = createTokenService({ secret: otherSecret, issuer, audience, now: testClock().now }, database).issueAccessToken(user).accessToken;
    const rotated = service({ previousSecret: otherSecret }).tokens;
    await expect(rotated.verifyAccessToken(old)).resolves.toEqual(user);
    await refused(service().tokens.verifyAccessToken(old));
    // New tokens are signed with the current key only.
    const fresh = rotated.issueAccessToken(user).accessToken;
    expect(decode(fresh).header.kid).toBe(kid);
    expect(decode(old).header.kid).toBe(keyId(Buffer.from(otherSecret)));
    await expect(service().tokens.verifyAccessToken(fresh)).resolves.toEqual(user);
    // A token naming the current kid but signed with the previous key does not verify.
    await refused(rotated.verifyAccessToken(forge(header(), claims(), otherSecret)));
  });

  it('refuses a ring where two different keys share a kid, and ignores a repeated key', () => {
    const options = { issuer, audience, clockToleranceSeconds: 5, now: Date.now };
    const impostor = { ...hmacKey(otherSecret), kid };
    expect(() => createAccessTokenVerifier([hmacKey(secret), impostor], options)).toThrow(/two different keys share the kid/);
    expect(() => createAccessTokenVerifier([hmacKey(secret), hmacKey(secret)], options)).not.toThrow();
  });

  it('rejects weak secrets and bad lifetimes at creation', () => {
    expect(() => service({ secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => service({ previousSecret: 'x'.repeat(31) })).toThrow(/at least 32 bytes/);
    expect(() => service({ accessTtlSeconds: 0 })).toThrow(/accessTtlSeconds/);
    expect(() => service({ graceSeconds: -1 })).toThrow(/graceSeconds/);
    expect(() => service({ refreshTtlSeconds: 1.5 })).toThrow(/refreshTtlSeconds/);
    expect(() => service({ clockToleranceSeconds: 0, graceSeconds: 0 })).not.toThrow();
  });
});
