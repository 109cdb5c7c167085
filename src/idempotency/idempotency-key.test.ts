import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyBodySha256, idempotencyApplies, isValidIdempotencyKey, requestFingerprint, scopedKeyId } from './idempotency-key.js';

describe('idempotency keys', () => {
  it('apply to POST and PATCH, not to idempotent methods nor to session routes', () => {
    expect(idempotencyApplies('POST', '/api/v1/markets')).toBe(true);
    expect(idempotencyApplies('patch', '/api/v1/markets/{id}')).toBe(true);
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) expect(idempotencyApplies(method, '/api/v1/markets')).toBe(false);
    expect(idempotencyApplies('POST', '/api/v1/auth/login')).toBe(false);
    expect(idempotencyApplies('POST', '/api/v1/auth/refresh')).toBe(false);
    expect(idempotencyApplies('POST', '/api/v1/authors')).toBe(true);
  });

  it('are 1 to 255 printable ASCII characters', () => {
    expect(isValidIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(true);
    expect(isValidIdempotencyKey('a')).toBe(true);
    expect(isValidIdempotencyKey('~ !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}')).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(255))).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('café')).toBe(false);
    expect(isValidIdempotencyKey('a\tb')).toBe(false);
    expect(isValidIdempotencyKey(['a', 'b'])).toBe(false);
    expect(isValidIdempotencyKey(undefined)).toBe(false);
  });

  it('belong to their scope: the same key of two callers makes two ids', () => {
    expect(scopedKeyId('user:1', 'k')).toBe(scopedKeyId('user:1', 'k'));
    expect(scopedKeyId('user:1', 'k')).not.toBe(scopedKeyId('user:2', 'k'));
    // Where scope ends and key begins is part of the id.
    expect(scopedKeyId('a', 'b\nc')).not.toBe(scopedKeyId('a\nb', 'c'));
    expect(scopedKeyId('ip:10.0.0.1', 'k')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fingerprint method, URL and body', () => {
    const body = createHash('sha256').update('{"a":1}').digest('hex');
    const base = requestFingerprint('POST', '/api/v1/markets', body);
    expect(requestFingerprint('post', '/api/v1/markets', body)).toBe(base);
    expect(requestFingerprint('PATCH', '/api/v1/markets', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/markets?x=1', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/markets', emptyBodySha256)).not.toBe(base);
    expect(emptyBodySha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
