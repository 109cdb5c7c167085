import { describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { hmacKey, keyId } from './token-key.js';

describe('token keys', () => {
  it('derives a short kid that is stable per secret and reveals nothing of it', () => {
    const secret = 'k'.repeat(32);
    const key = hmacKey(secret);
    expect(key).toMatchObject({ algorithm: 'HS256', kid: keyId(Buffer.from(secret)) });
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(hmacKey(Buffer.from(secret)).kid).toBe(key.kid);
    expect(hmacKey('j'.repeat(32)).kid).not.toBe(key.kid);
    expect(key.kid).not.toContain('kkkk');
  });

  it('counts a string secret in UTF-8 bytes and refuses fewer than 32', () => {
    expect(() => hmacKey('é'.repeat(16))).not.toThrow(); // 32 bytes, 16 characters
    expect(() => hmacKey('x'.repeat(31))).toThrow(StartupError);
    expect(() => hmacKey(Buffer.alloc(31))).toThrow(/RAMPART_CONFIG_INVALID/);
  });

  it('copies a Buffer secret, so later changes to the caller’s buffer do not change the key', () => {
    const material = Buffer.alloc(32, 1);
    const key = hmacKey(material);
    material.fill(2);
    expect(key.signingKey.equals(Buffer.alloc(32, 1))).toBe(true);
  });
});
