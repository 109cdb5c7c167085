import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../errors/app-error.js';
import { loadConfig } from './config.js';
import { minSecretGuessesLog10, secretGuessesLog10, secretWeakness } from './secret-strength.js';

// Every one is at least 32 bytes, so only the strength rule can refuse it.
const weak: [kind: string, secret: string][] = [
  ['one repeated character', 'a'.repeat(32)],
  ['one repeated character, longer', 'x'.repeat(64)],
  ['a short alphabet repeated', 'ab'.repeat(16)],
  ['a short chunk repeated', 'abc123'.repeat(6)],
  ['a repeated l33t password', 'Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3'],
  ['a repeated word with separators', 'changeme-changeme-changeme-change'],
  ['words run together', 'mysupersecretjwtsecretforproduction'],
  ['words run together, longer', 'correcthorsebatterystaplewithmoreword'],
  ['camel-cased words and a year', 'ThisIsMyProductionSecretKey2024!!'],
  ['hyphenated words and a year', 'my-app-production-jwt-secret-key-2024'],
  ['hyphenated words and a sequence', 'a-test-secret-that-is-long-enough-0123456789'],
  ['words and repeated sequences', 'test-secret-0123456789-0123456789-abcdef'],
  ['a phrase with spaces', 'correct horse battery staple yes'],
  ['a famous sentence', 'the quick brown fox jumps over the lazy dog'],
  ['a keyboard walk', 'qwertyuiopasdfghjklzxcvbnm1234567890'],
  ['a keyboard walk in columns', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,'],
  ['the alphabet and digits', 'abcdefghijklmnopqrstuvwxyz012345'],
  ['a hex sequence twice', '0123456789abcdef0123456789abcdef'],
  ['a password padded with zeros', `password${'0'.repeat(24)}`],
  ['a word padded with symbols', `secret${'!'.repeat(26)}`],
  ['a l33t password padded', `p4ssw0rd${'1234'.repeat(6)}`],
];

// Real output of the generators the error message recommends, and a few shorter ones
// that still carry 128 bits or more.
const strong: [kind: string, secret: string][] = [
  ['openssl rand -base64 32', 'EMmcd0L3v5Kq5sX3100PAV5G+KnDIo+dHQTW2acrrp0='],
  ['openssl rand -base64 32', 'sR6icgn4F6vz87bM3RPFP5fzucLRAfLEnn2tZ0B+1zg='],
  ['openssl rand -hex 32', '2bb0b7264b670860e36797ee5ed2b2df68b0547352e3c6613a28ec8d39214c97'],
  ['randomBytes(32) base64url', 'xzkHwer4aGoTzqpON_TB7vaO7fVNRhU8qJBGPjq9J4M'],
  ['openssl rand -base64 24', 'rqfY7rB7bElnCNGnM92WiFIbivrlOT0o'],
  ['openssl rand -hex 16', '22ee7658f7865aae73372ce628ae42c2'],
  ...Array.from({ length: 3 }, (): [string, string] => ['fresh randomBytes(32) base64url', randomBytes(32).toString('base64url')]),
  ...Array.from({ length: 3 }, (): [string, string] => ['fresh randomBytes(32) base64', randomBytes(32).toString('base64')]),
  ...Array.from({ length: 2 }, (): [string, string] => ['fresh randomBytes(32) hex', randomBytes(32).toString('hex')]),
];

describe('secret strength', () => {
  it.each(weak)('refuses %s', (_kind, secret) => {
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(secretWeakness(secret)).toMatch(/openssl rand -base64 32/);
  });

  it.each(strong)('accepts %s', (_kind, secret) => {
    expect(secretWeakness(secret), `${secret} rates 10^${secretGuessesLog10(secret).toFixed(1)}`).toBeUndefined();
  });

  it('leaves a random secret far above the bar, so that one never fails by bad luck', () => {
    // 32 random bytes rate ~10^43 (base64url); the bar sits at 10^27.
    expect(secretGuessesLog10(randomBytes(32).toString('base64url'))).toBeGreaterThan(minSecretGuessesLog10 + 10);
  });
});

describe('production secrets at boot', () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(StartupError);
      return (error as Error).message;
    }
    throw new Error('expected a startup error');
  };

  it('stops production on a weak JWT_SECRET or JWT_SECRET_PREVIOUS, naming it and saying how to make one, never showing it', () => {
    const bad = `password${'0'.repeat(24)}`;
    const message = refusal({ NODE_ENV: 'production', JWT_SECRET: bad, JWT_SECRET_PREVIOUS: 'ab'.repeat(20) });
    expect(message).toMatch(/JWT_SECRET: too easy to guess/);
    expect(message).toMatch(/JWT_SECRET_PREVIOUS: too easy to guess/);
    expect(message).toContain(`node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`);
    expect(message).not.toContain(bad);
    expect(message).not.toContain('abab');
  });

  it('starts production on a generated secret', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('base64url') }).jwtSecret).toBeDefined();
  });

  it('starts development and tests on any secret of the right length', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadConfig({ NODE_ENV, JWT_SECRET: 'a'.repeat(32) }).jwtSecret).toBe('a'.repeat(32));
    }
  });
});
