import { StartupError } from '../../errors/app-error.js';
import { standardWebhookKey, verifyStandardWebhook } from '../standard-webhooks.js';
import { headerValue, payloadString, type WebhookVerifier } from './verifier.js';
import { describeSecret, resolveSecret, type SecretSource } from './webhook-secret.js';

/** Options of {@link standardVerifier}. */
export interface StandardVerifierOptions {
  /** Allowed skew of `webhook-timestamp`, in seconds, either way (default 300, the specification's). */
  toleranceSeconds?: number;
}

/**
 * Verifies Standard Webhooks deliveries (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`; see ../standard-webhooks.ts). The event id is `webhook-id`, the
 * same on every retry of one message; the type is the payload's `type`.
 *
 * @example
 * webhook('billing', { verify: verify.standard({ env: 'BILLING_WEBHOOK_SECRET' }), events: { 'invoice.paid': invoice }, handler });
 */
export function standardVerifier(secret: SecretSource, options: StandardVerifierOptions = {}): WebhookVerifier {
  return {
    scheme: 'standard',
    headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
    bind(environment) {
      const key = resolveSecret(secret, environment);
      try {
        standardWebhookKey(key);
      } catch {
        throw new StartupError(
          'RAMPART_CONFIG_INVALID',
          `webhook "${environment.webhook}": ${describeSecret(secret)} must be whsec_ followed by base64 (a Standard Webhooks secret)`,
        );
      }
      return {
        check: ({ headers, rawBody, now }) =>
          verifyStandardWebhook({
            secret: key,
            id: headerValue(headers, 'webhook-id'),
            timestamp: headerValue(headers, 'webhook-timestamp'),
            signature: headerValue(headers, 'webhook-signature'),
            body: rawBody,
            now,
            toleranceSeconds: options.toleranceSeconds,
          }),
        identify: ({ headers }, payload) => ({ id: headerValue(headers, 'webhook-id'), type: payloadString(payload, 'type') }),
      };
    },
  };
}
