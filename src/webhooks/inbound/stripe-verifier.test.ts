import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { stripeSignature } from './signatures-fixture.js';
import { checkStripeSignature, parseStripeSignature, stripeVerifier } from './stripe-verifier.js';

const secret = 'whsec_test_stripe_secret';
const body = '{"id":"evt_1","type":"checkout.session.completed"}';
const t = 1_700_000_000;
const now = t * 1000;
const rawBody = Buffer.from(body);
const check = (header: string | undefined, change: Partial<Parameters<typeof checkStripeSignature>[0]> = {}) =>
  checkStripeSignature({ secret, header, rawBody, now, ...change });

describe('Stripe signatures', () => {
  it('accepts a signature computed as Stripe documents it (HMAC-SHA256 of "t.body", hex)', () => {
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(check(`t=${t},v1=${v1}`)).toEqual({ ok: true });
    expect(check(stripeSignature(secret, body, { timestamp: t }))).toEqual({ ok: true });
  });

  it('accepts any matching v1 among several, and ignores v0', () => {
    const header = stripeSignature(secret, body, { timestamp: t, extra: ['0'.repeat(64), 'not-hex'] });
    expect(check(`${header},v0=${'1'.repeat(64)}`)).toEqual({ ok: true });
  });

  it.each([
    ['no header', undefined, 'missing Stripe-Signature header'],
    ['no timestamp', `v1=${'a'.repeat(64)}`, 'Stripe-Signature has no valid timestamp'],
    ['a non-numeric timestamp', `t=abc,v1=${'a'.repeat(64)}`, 'Stripe-Signature has no valid timestamp'],
    ['no v1', `t=${t},v0=${'a'.repeat(64)}`, 'Stripe-Signature has no v1 signature'],
    ['a wrong signature', `t=${t},v1=${'a'.repeat(64)}`, 'no matching v1 signature'],
    ['an upper-case copy', stripeSignature(secret, body, { timestamp: t }).toUpperCase().replace('T=', 't=').replace('V1=', 'v1='), 'no matching v1 signature'],
    ['a truncated signature', stripeSignature(secret, body, { timestamp: t }).slice(0, -2), 'no matching v1 signature'],
  ])('refuses %s', (_name, header, reason) => {
    expect(check(header)).toEqual({ ok: false, reason });
  });

  it('refuses another secret, a tampered body and a signature for another timestamp', () => {
    expect(check(stripeSignature('whsec_other', body, { timestamp: t })).ok).toBe(false);
    expect(check(stripeSignature(secret, body, { timestamp: t }), { rawBody: Buffer.from(body.replace('evt_1', 'evt_2')) }).ok).toBe(false);
    const moved = stripeSignature(secret, body, { timestamp: t }).replace(`t=${t}`, `t=${t + 1}`);
    expect(check(moved)).toEqual({ ok: false, reason: 'no matching v1 signature' });
  });

  it('refuses timestamps beyond the tolerance, either way, and honours a custom one', () => {
    const header = stripeSignature(secret, body, { timestamp: t });
    expect(check(header, { now: now + 300_000 }).ok).toBe(true);
    expect(check(header, { now: now + 301_000 })).toEqual({ ok: false, reason: 'Stripe-Signature timestamp outside the tolerance' });
    expect(check(header, { now: now - 301_000 }).ok).toBe(false);
    expect(check(header, { now: now + 500_000, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it('parses the header', () => {
    expect(parseStripeSignature('t=1, v1=a,v1=b,v0=c,junk')).toEqual({ timestamp: '1', signatures: ['a', 'b'] });
  });
});

describe('verify.stripe', () => {
  const config = loadConfig({ NODE_ENV: 'test' });

  it('reads STRIPE_WEBHOOK_SECRET by default and identifies events by payload id and type', () => {
    const bound = stripeVerifier().bind({ config, env: { STRIPE_WEBHOOK_SECRET: secret }, webhook: 'stripe' });
    const request = { headers: { 'stripe-signature': stripeSignature(secret, body) }, rawBody, now: Date.now() };
    expect(bound.check(request)).toEqual({ ok: true });
    expect(bound.identify(request, JSON.parse(body))).toEqual({ id: 'evt_1', type: 'checkout.session.completed' });
    expect(bound.identify(request, ['not', 'an', 'object'])).toEqual({ id: undefined, type: undefined });
  });

  it('refuses a repeated header', () => {
    const bound = stripeVerifier(secret).bind({ config, env: {}, webhook: 'stripe' });
    const header = stripeSignature(secret, body);
    expect(bound.check({ headers: { 'stripe-signature': [header, header] }, rawBody, now: Date.now() }).ok).toBe(false);
  });

  it('stops at startup without its secret, naming the variable', () => {
    expect(() => stripeVerifier().bind({ config, env: {}, webhook: 'payments' })).toThrow(
      /RAMPART_CONFIG_INVALID: webhook "payments": STRIPE_WEBHOOK_SECRET is not set/,
    );
    expect(() => stripeVerifier({ env: 'OTHER' }).bind({ config, env: { OTHER: '  ' }, webhook: 'p' })).toThrow(/OTHER is not set/);
    expect(() => stripeVerifier(() => undefined).bind({ config, env: {}, webhook: 'p' })).toThrow(/webhook "p": its secret is empty/);
  });

  it('takes the secret from the config through a function', () => {
    const withSecret = loadConfig({ NODE_ENV: 'test', STRIPE_WEBHOOK_SECRET: secret });
    const bound = stripeVerifier((c) => c.stripeWebhookSecret).bind({ config: withSecret, env: {}, webhook: 'stripe' });
    expect(bound.check({ headers: { 'stripe-signature': stripeSignature(secret, body) }, rawBody, now: Date.now() }).ok).toBe(true);
  });
});
