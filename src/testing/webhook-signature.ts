import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../webhooks/standard-webhooks.js';

/**
 * The Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * a sender signing `body` with `secret` (`whsec_...`) would send: for tests of webhooks
 * declared with `verify.standard`. The same `id` twice is a redelivery.
 *
 * @example
 * const body = JSON.stringify({ type: 'invoice.paid' });
 * await t.request({ method: 'POST', url: t.webhookUrl(payments), body,
 *   headers: { ...standardWebhookHeaders(secret, body), 'content-type': 'application/json' } });
 */
export function standardWebhookHeaders(secret: string, body: string, options: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook({ secret, id, timestamp, body }) };
}
