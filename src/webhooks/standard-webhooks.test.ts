import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signStandardWebhook, standardWebhookKey, verifyStandardWebhook } from './standard-webhooks.js';

// The example from the Standard Webhooks specification, so interoperability is checked
// against a value computed elsewhere, not only against ourselves.
const spec = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const now = spec.timestamp * 1000;
const headers = { id: spec.id, timestamp: String(spec.timestamp), signature: spec.signature };

describe('Standard Webhooks', () => {
  it('signs the specification example to its published signature', () => {
    expect(signStandardWebhook(spec)).toBe(spec.signature);
    expect(signStandardWebhook({ ...spec, timestamp: new Date(now + 999) })).toBe(spec.signature);
  });

  it('accepts the specification example', () => {
    expect(verifyStandardWebhook({ secret: spec.secret, body: spec.body, ...headers, now })).toEqual({ ok: true });
  });

  it('accepts any valid signature among several, in any order', () => {
    const signature = `v1,${Buffer.alloc(32, 1).toString('base64')} v2,zzz ${spec.signature}`;
    expect(verifyStandardWebhook({ secret: spec.secret, body: spec.body, ...headers, signature, now }).ok).toBe(true);
  });

  it.each([
    ['a tampered body', { body: '{"test": 2432232315}' }, 'no matching v1 signature'],
    ['another secret', { secret: generateWebhookSecret() }, 'no matching v1 signature'],
    ['another id', { id: 'msg_other' }, 'no matching v1 signature'],
    ['a signature of another version', { signature: spec.signature.replace('v1,', 'v2,') }, 'no matching v1 signature'],
    ['a truncated signature', { signature: spec.signature.slice(0, 20) }, 'no matching v1 signature'],
    ['a stale timestamp', { now: now + 301_000 }, 'webhook-timestamp outside the tolerance'],
    ['a future timestamp', { now: now - 301_000 }, 'webhook-timestamp outside the tolerance'],
    ['a malformed timestamp', { timestamp: '1614265330.5' }, 'malformed webhook-timestamp'],
    ['no id', { id: undefined }, 'missing webhook-id header'],
    ['no timestamp', { timestamp: undefined }, 'missing webhook-timestamp header'],
    ['no signature', { signature: undefined }, 'missing webhook-signature header'],
  ])('refuses %s', (_name, change, reason) => {
    expect(verifyStandardWebhook({ secret: spec.secret, body: spec.body, ...headers, now, ...change })).toEqual({ ok: false, reason });
  });

  it('honours a custom tolerance', () => {
    const input = { secret: spec.secret, body: spec.body, ...headers, now: now + 10_000 };
    expect(verifyStandardWebhook({ ...input, toleranceSeconds: 5 }).ok).toBe(false);
    expect(verifyStandardWebhook({ ...input, toleranceSeconds: 10 }).ok).toBe(true);
  });

  it('generates whsec_ secrets of 32 random bytes that round-trip', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(standardWebhookKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    const body = Buffer.from('{"a":1}');
    const signature = signStandardWebhook({ secret, id: 'm', timestamp: now / 1000, body });
    expect(verifyStandardWebhook({ secret, id: 'm', timestamp: String(now / 1000), signature, body, now }).ok).toBe(true);
  });

  it('refuses a secret that is not base64', () => {
    expect(() => standardWebhookKey('whsec_not base64!')).toThrow(/whsec_/);
  });
});
