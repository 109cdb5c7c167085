import { createHmac } from 'node:crypto';
import { signStandardWebhook } from '../standard-webhooks.js';

/*
 * Signing as the providers do, for tests: the verifiers are checked against these,
 * which follow each provider's documentation independently of the verifier code.
 */

/** A `Stripe-Signature` value for `body`: `t=<seconds>,v1=<hex>`, with extra v1 entries when given. */
export function stripeSignature(secret: string, body: string, options: { timestamp?: number; extra?: string[] } = {}): string {
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return [`t=${t}`, ...(options.extra ?? []).map((s) => `v1=${s}`), `v1=${v1}`].join(',');
}

/** An `X-Hub-Signature-256` value for `body`. */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The three Standard Webhooks headers for `body`. */
export function standardHeaders(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook({ secret, id, timestamp, body }),
  };
}
