import { githubVerifier } from './github-verifier.js';
import { standardVerifier } from './standard-verifier.js';
import { stripeVerifier } from './stripe-verifier.js';

/**
 * The signature schemes an inbound webhook can be verified with. Each takes where its
 * secret comes from: the secret itself, `{ env: 'NAME' }`, or `(config) => secret`;
 * all are read once at startup.
 *
 * | verifier          | signature header                          | event id            | event type        | timestamp tolerance |
 * |-------------------|-------------------------------------------|---------------------|-------------------|---------------------|
 * | `verify.stripe`   | `Stripe-Signature: t=…,v1=…`              | payload `id`        | payload `type`    | 300 s               |
 * | `verify.github`   | `X-Hub-Signature-256: sha256=…`           | `X-GitHub-Delivery` | `X-GitHub-Event`  | none (not signed)   |
 * | `verify.standard` | `webhook-id/-timestamp/-signature`        | `webhook-id`        | payload `type`    | 300 s               |
 *
 * @example
 * verify.stripe(); // STRIPE_WEBHOOK_SECRET
 * verify.github({ env: 'GITHUB_WEBHOOK_SECRET' });
 * verify.standard((config) => lookUpSecret(config.nodeEnv));
 */
export const verify = {
  stripe: stripeVerifier,
  github: githubVerifier,
  standard: standardVerifier,
};
