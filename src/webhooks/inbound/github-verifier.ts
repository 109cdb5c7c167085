import { createHmac } from 'node:crypto';
import { safeEqual } from '../safe-equal.js';
import type { SignatureCheck } from '../standard-webhooks.js';
import { headerValue, type WebhookVerifier } from './verifier.js';
import { resolveSecret, type SecretSource } from './webhook-secret.js';

/*
 * GitHub (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries):
 * `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body. GitHub signs no
 * timestamp, so a captured delivery stays valid forever: the only replay defence is
 * the delivery id (`X-GitHub-Delivery`, kept on redelivery), recorded once processed.
 * The older SHA-1 `X-Hub-Signature` is ignored.
 */

const header = 'x-hub-signature-256';
const signaturePattern = /^sha256=[0-9a-f]{64}$/;

/**
 * Checks a GitHub signature over the raw body, in constant time.
 *
 * @example
 * checkGithubSignature({ secret, header: request.headers['x-hub-signature-256'], rawBody });
 */
export function checkGithubSignature(input: { secret: string; header: string | undefined; rawBody: Uint8Array }): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
  if (!signaturePattern.test(input.header)) return { ok: false, reason: 'malformed X-Hub-Signature-256 header' };
  const expected = `sha256=${createHmac('sha256', input.secret).update(input.rawBody).digest('hex')}`;
  return safeEqual(Buffer.from(expected), Buffer.from(input.header)) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/**
 * Verifies GitHub deliveries; the event id is `X-GitHub-Delivery` and the type
 * `X-GitHub-Event` (`push`, `pull_request`...).
 *
 * @example
 * webhook('github', { verify: verify.github({ env: 'GITHUB_WEBHOOK_SECRET' }), events: { push: pushEvent }, handler });
 */
export function githubVerifier(secret: SecretSource): WebhookVerifier {
  return {
    scheme: 'github',
    headers: [header, 'x-github-delivery', 'x-github-event'],
    bind(environment) {
      const key = resolveSecret(secret, environment);
      return {
        check: ({ headers, rawBody }) => checkGithubSignature({ secret: key, header: headerValue(headers, header), rawBody }),
        identify: ({ headers }) => ({ id: headerValue(headers, 'x-github-delivery'), type: headerValue(headers, 'x-github-event') }),
      };
    },
  };
}
