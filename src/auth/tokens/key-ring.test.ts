import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ed25519Key } from './ed25519-key.js';
import { keyRingOf } from './key-ring.js';
import { hmacKey } from './token-key.js';
import { audience, issuer, otherSecret, secret, testClock, tokenDatabase } from './tokens-fixture.js';
import { createTokenService } from './token-service.js';

const privatePem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const current = privatePem();

describe('key ring', () => {
  it('HS256: the secret signs, the previous secret verifies, both seal', () => {
    const ring = keyRingOf({ secret, previousSecret: otherSecret });
    expect(ring.signing.algorithm).toBe('HS256');
    expect(ring.verifying.map((k) => k.kid)).toEqual([hmacKey(secret).kid, hmacKey(otherSecret).kid]);
    expect(ring.sealing).toEqual([Buffer.from(secret), Buffer.from(otherSecret)]);
  });

  it('EdDSA: only Ed25519 keys verify; JWT_SECRET, when set, seals', () => {
    const ring = keyRingOf({ privateKey: current, secret, previousSecret: otherSecret });
    expect(ring.signing.algorithm).toBe('EdDSA');
    expect(ring.verifying.map((k) => k.algorithm)).toEqual(['EdDSA']);
    expect(ring.sealing).toEqual([Buffer.from(secret), Buffer.from(otherSecret)]);
  });

  it('EdDSA without a secret: the private key is the sealing material, the same for every instance', () => {
    const ring = keyRingOf({ privateKey: current });
    expect(ring.sealing).toEqual([ed25519Key(current).signingKey]);
    expect(keyRingOf({ privateKey: current }).sealing).toEqual(ring.sealing);
    expect(keyRingOf({ privateKey: privatePem() }).sealing).not.toEqual(ring.sealing);
  });
});

describe('refresh tokens under EdDSA without JWT_SECRET', () => {
  let env: Awaited<ReturnType<typeof tokenDatabase>>;
  beforeEach(async () => {
    env = await tokenDatabase();
  });
  afterEach(() => env.cleanup());

  it('gives the same successor inside the grace window, from another instance with the same key', async () => {
    const clock = testClock();
    const instance = () => createTokenService({ privateKey: current, issuer, audience, now: clock.now }, env.database);
    const userId = await env.addUser();
    const first = await instance().startFamily(userId);
    const next = await instance().rotate(first);
    clock.advance(5);
    await expect(instance().rotate(first)).resolves.toEqual(next);
  });
});
