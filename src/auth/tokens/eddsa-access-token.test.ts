import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { audience, decode, forge, forgeEd25519, issuer, secret, testClock } from './tokens-fixture.js';
import { ed25519Key } from './ed25519-key.js';
import { hmacKey } from './token-key.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

/*
 * EdDSA access tokens, and the attacks an asymmetric key invites: a token that names
 * the Ed25519 key's kid but claims HS256 and is MACed with the public key (which is
 * public), `none`, and tokens from another Ed25519 key.
 */

const database = openDatabase('sqlite::memory:');
afterAll(() => database.close());

const user = { id: '01930000-0000-7000-8000-000000000001', role: 'member' };

function pair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicDer: publicKey.export({ type: 'spki', format: 'der' }),
    publicRaw: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
  };
}

const current = pair();
const previous = pair();
const stranger = pair();
const kid = ed25519Key(current.privatePem).kid;

function service(options: Partial<TokenServiceOptions> = {}) {
  return createTokenService({ privateKey: current.privatePem, issuer, audience, now: testClock().now, ...options }, database);
}

function claims(overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(testClock().now() / 1000);
  return { iss: issuer, aud: audience, sub: user.id, role: 'member', iat, nbf: iat, exp: iat + 900, jti: 'j1', ...overrides };
}
const header = (overrides: Record<string, unknown> = {}) => ({ alg: 'EdDSA', typ: 'at+jwt', kid, ...overrides });

async function refused(verify: Promise<unknown>) {
  await expect(verify).rejects.toMatchObject({ code: 'RAMPART_UNAUTHENTICATED', status: 401 });
}

describe('EdDSA access tokens', () => {
  it('signs EdDSA at+jwt tokens with the public key’s kid, and verifies them', async () => {
    const tokens = service();
    const { accessToken, expiresIn } = tokens.issueAccessToken(user);
    expect(expiresIn).toBe(900);
    expect(decode(accessToken).header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid });
    await expect(tokens.verifyAccessToken(accessToken)).resolves.toEqual(user);
    // Ed25519 signatures are 64 bytes: 86 base64url characters.
    expect(accessToken.split('.')[2]).toHaveLength(86);
  });

  it('accepts a hand-made token signed by the current key (the forger is honest)', async () => {
    await expect(service().verifyAccessToken(forgeEd25519(header(), claims(), current.privateKey))).resolves.toEqual(user);
  });

  it.each([
    ['HS256, MACed with the public key PEM', () => forge(header({ alg: 'HS256' }), claims(), current.publicPem)],
    ['HS256, MACed with the raw public key', () => forge(header({ alg: 'HS256' }), claims(), current.publicRaw)],
    ['HS256, MACed with the SPKI DER', () => forge(header({ alg: 'HS256' }), claims(), current.publicDer)],
    ['HS512, MACed with the public key PEM', () => forge(header({ alg: 'HS512' }), claims(), current.publicPem, 'sha512')],
    ['alg none, no signature', () => `${forgeEd25519(header({ alg: 'none' }), claims(), current.privateKey).split('.').slice(0, 2).join('.')}.`],
    ['alg none, with a signature', () => forgeEd25519(header({ alg: 'none' }), claims(), current.privateKey)],
    ['Ed448 claimed, Ed25519 signature', () => forgeEd25519(header({ alg: 'Ed448' }), claims(), current.privateKey)],
    ['another Ed25519 key, its own kid', () => forgeEd25519(header({ kid: ed25519Key(stranger.privatePem).kid }), claims(), stranger.privateKey)],
    ['another Ed25519 key, the current kid', () => forgeEd25519(header(), claims(), stranger.privateKey)],
    ['the previous key when no rotation is configured', () => forgeEd25519(header({ kid: ed25519Key(previous.privatePem).kid }), claims(), previous.privateKey)],
    ['an HS256 token signed with a secret the service never had', () => forge({ alg: 'HS256', typ: 'at+jwt', kid: hmacKey(secret).kid }, claims())],
    ['typ JWT', () => forgeEd25519(header({ typ: 'JWT' }), claims(), current.privateKey)],
    ['wrong audience', () => forgeEd25519(header(), claims({ aud: 'other-api' }), current.privateKey)],
  ])('refuses %s', async (_name, make) => {
    await refused(service().verifyAccessToken(make()));
  });

  it('refuses a tampered payload', async () => {
    const tokens = service();
    const [h, p, s] = tokens.issueAccessToken(user).accessToken.split('.') as [string, string, string];
    const admin = Buffer.from(JSON.stringify({ ...decode(`${h}.${p}.`).payload, role: 'admin' })).toString('base64url');
    await refused(tokens.verifyAccessToken(`${h}.${admin}.${s}`));
  });

  it('keeps verifying tokens of the previous key during a rotation, and signs with the new one', async () => {
    const old = service({ privateKey: previous.privatePem }).issueAccessToken(user).accessToken;
    const rotated = service({ previousPublicKey: previous.publicPem });
    await expect(rotated.verifyAccessToken(old)).resolves.toEqual(user);
    await refused(service().verifyAccessToken(old));
    expect(decode(rotated.issueAccessToken(user).accessToken).header.kid).toBe(kid);
    // The previous key verifies its own kid only: a stranger's token under that kid fails.
    await refused(rotated.verifyAccessToken(forgeEd25519(decode(old).header, claims(), stranger.privateKey)));
  });

  it('accepts no HS256 token once EdDSA is configured, even with JWT_SECRET set', async () => {
    const hs256 = createTokenService({ secret, issuer, audience, now: testClock().now }, database).issueAccessToken(user).accessToken;
    await refused(service({ secret }).verifyAccessToken(hs256));
    expect(decode(service({ secret }).issueAccessToken(user).accessToken).header.alg).toBe('EdDSA');
  });

  it('refuses an EdDSA token on an HS256 service, whatever kid it names', async () => {
    const hs = createTokenService({ secret, issuer, audience, now: testClock().now }, database);
    await refused(hs.verifyAccessToken(service().issueAccessToken(user).accessToken));
    await refused(hs.verifyAccessToken(forgeEd25519({ alg: 'EdDSA', typ: 'at+jwt', kid: hmacKey(secret).kid }, claims(), current.privateKey)));
  });

  it('rejects incomplete or wrong key options at creation', () => {
    expect(() => createTokenService({ issuer, audience }, database)).toThrow(/secret or privateKey is required/);
    expect(() => createTokenService({ secret, previousPublicKey: previous.publicPem, issuer, audience }, database)).toThrow(/previousPublicKey needs privateKey/);
    expect(() => service({ previousSecret: secret })).toThrow(/previousSecret needs secret/);
    expect(() => service({ privateKey: current.publicPem })).toThrow(/token private key/);
    expect(() => service({ previousPublicKey: previous.privatePem })).toThrow(/token public key/);
    // The previous key set to the current one is a no-op, not an error.
    expect(() => service({ previousPublicKey: current.publicPem })).not.toThrow();
  });
});
