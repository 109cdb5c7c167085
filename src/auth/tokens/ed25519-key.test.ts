import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { ed25519Key, ed25519PublicKey } from './ed25519-key.js';
import { keyId } from './token-key.js';

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    raw: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
  };
};

describe('Ed25519 token keys', () => {
  it('signs with the private key, verifies with the public key, kid from the raw public key', () => {
    const { privatePem, publicPem, raw } = pem();
    const key = ed25519Key(privatePem);
    expect(key).toMatchObject({ algorithm: 'EdDSA', kid: keyId(raw) });
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(key.signingKey.toString()).toBe(privatePem);
    expect(key.verifyingKey.toString()).toBe(publicPem);
    expect(ed25519PublicKey(publicPem)).toEqual({ kid: key.kid, algorithm: 'EdDSA', verifyingKey: key.verifyingKey });
    expect(ed25519Key(pem().privatePem).kid).not.toBe(key.kid);
  });

  it('keeps no private material on a verify-only key', () => {
    const key = ed25519PublicKey(pem().publicPem);
    expect(key.signingKey).toBeUndefined();
    expect(key.verifyingKey.toString()).not.toContain('PRIVATE');
  });

  it('accepts PEM with surrounding whitespace and CRLF line ends', () => {
    const { privatePem, publicPem } = pem();
    expect(() => ed25519Key(`\n  ${privatePem.replace(/\n/g, '\r\n')}  `)).not.toThrow();
    expect(() => ed25519PublicKey(Buffer.from(publicPem))).not.toThrow();
  });

  it.each([
    ['garbage', 'not a key'],
    ['a public key', pem().publicPem],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    ['an Ed448 key', generateKeyPairSync('ed448').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
  ])('refuses %s as a private key, with a startup error that shows no key text', (_name, bad) => {
    expect(() => ed25519Key(bad)).toThrow(StartupError);
    expect(() => ed25519Key(bad)).toThrow(/RAMPART_CONFIG_INVALID: token private key: expected an Ed25519/);
    expect(() => ed25519Key(bad)).not.toThrow(/MII|MC4/);
  });

  it.each([
    ['garbage', 'not a key'],
    ['a private key', pem().privatePem],
    ['an EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  ])('refuses %s as a public key', (_name, bad) => {
    expect(() => ed25519PublicKey(bad)).toThrow(/RAMPART_CONFIG_INVALID: token public key: expected an Ed25519/);
  });
});
