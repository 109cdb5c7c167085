import { createHmac } from 'node:crypto';
import { safeEqual } from '../safe-equal.js';
import type { SignatureCheck } from '../standard-webhooks.js';
import { headerValue, payloadString, type WebhookVerifier } from './verifier.js';
import { resolveSecret, type SecretSource } from './webhook-secret.js';

/*
 * Stripe (https://docs.stripe.com/webhooks#verify-manually): `Stripe-Signature:
 * t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, each v1 the HMAC-SHA256 of `${t}.${rawBody}`
 * keyed with the whole `whsec_...` string. While a secret is being rolled, Stripe signs
 * with every active secret, hence several v1 entries; any one matching is enough. The
 * timestamp is part of the signed content, so the tolerance bounds replays of a
 * captured delivery; the event id (deduplicated) covers replays inside the window.
 */

/** Options of {@link stripeVerifier}. */
export interface StripeVerifierOptions {
  /** Allowed age of the signature timestamp, in seconds, either way (default 300, Stripe's own). */
  toleranceSeconds?: number;
}

const header = 'stripe-signature';
const hexSignature = /^[0-9a-f]{64}$/;

/**
 * Parses `Stripe-Signature` into its timestamp and v1 signatures.
 *
 * @example
 * parseStripeSignature('t=1700000000,v1=abc…,v0=def…'); // { timestamp: '1700000000', signatures: ['abc…'] }
 */
export function parseStripeSignature(value: string): { timestamp: string | undefined; signatures: string[] } {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    const item = part.slice(equals + 1).trim();
    if (key === 't' && timestamp === undefined) timestamp = item;
    else if (key === 'v1') signatures.push(item);
  }
  return { timestamp, signatures };
}

/**
 * Checks a Stripe signature over the raw body, in constant time.
 *
 * @example
 * checkStripeSignature({ secret, header: request.headers['stripe-signature'], rawBody, now: Date.now() });
 */
export function checkStripeSignature(input: {
  secret: string;
  header: string | undefined;
  rawBody: Uint8Array;
  now: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing Stripe-Signature header' };
  const { timestamp, signatures } = parseStripeSignature(input.header);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'Stripe-Signature has no valid timestamp' };
  if (signatures.length === 0) return { ok: false, reason: 'Stripe-Signature has no v1 signature' };
  const skew = Math.abs(input.now / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'Stripe-Signature timestamp outside the tolerance' };
  const expected = Buffer.from(createHmac('sha256', input.secret).update(`${timestamp}.`).update(input.rawBody).digest('hex'));
  // Every candidate is compared (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const signature of signatures) {
    if (hexSignature.test(signature) && safeEqual(expected, Buffer.from(signature))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no matching v1 signature' };
}

/**
 * Verifies Stripe deliveries. The secret defaults to `STRIPE_WEBHOOK_SECRET`; the event
 * id and type are the payload's `id` and `type`.
 *
 * @example
 * webhook('stripe', { verify: verify.stripe(), events: { 'checkout.session.completed': session }, handler });
 * verify.stripe({ env: 'STRIPE_CONNECT_WEBHOOK_SECRET' }, { toleranceSeconds: 600 });
 */
export function stripeVerifier(secret: SecretSource = { env: 'STRIPE_WEBHOOK_SECRET' }, options: StripeVerifierOptions = {}): WebhookVerifier {
  return {
    scheme: 'stripe',
    headers: [header],
    bind(environment) {
      const key = resolveSecret(secret, environment);
      return {
        check: ({ headers, rawBody, now }) =>
          checkStripeSignature({ secret: key, header: headerValue(headers, header), rawBody, now, toleranceSeconds: options.toleranceSeconds }),
        identify: (_request, payload) => ({ id: payloadString(payload, 'id'), type: payloadString(payload, 'type') }),
      };
    },
  };
}
