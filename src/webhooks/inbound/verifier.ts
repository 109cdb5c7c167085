import type { SignatureCheck } from '../standard-webhooks.js';
import type { SecretEnvironment } from './webhook-secret.js';

/** A delivery as a verifier sees it: the raw headers and the exact bytes received. */
export interface SignedRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** The current time in milliseconds. */
  now: number;
}

/** Which event a delivery carries, read after its signature checked out. */
export interface EventIdentity {
  /** The provider's event id, the key of exactly-once processing. */
  id: string | undefined;
  /** The event type, which selects the payload schema and the handler's branch. */
  type: string | undefined;
}

/** A verifier with its secret in hand, ready to check deliveries. */
export interface BoundVerifier {
  /** Checks the signature (and timestamp, where the scheme has one) over the raw body. */
  check(request: SignedRequest): SignatureCheck;
  /** Reads the event id and type from the headers or the parsed payload. */
  identify(request: SignedRequest, payload: unknown): EventIdentity;
}

/**
 * A signature scheme, as `verify.stripe(...)` and its siblings make it. `bind` runs at
 * startup and resolves the secret, so a missing one stops the app at boot. Implement
 * this interface for a provider Rampart does not know.
 *
 * @example
 * const verifier: WebhookVerifier = verify.github({ env: 'GITHUB_WEBHOOK_SECRET' });
 * const bound = verifier.bind({ config, env: process.env, webhook: 'github' });
 * bound.check({ headers, rawBody, now: Date.now() }); // { ok: true } or { ok: false, reason }
 */
export interface WebhookVerifier {
  /** The scheme's name, for logs and docs (`stripe`, `github`, `standard`). */
  readonly scheme: string;
  /** The request headers the scheme reads, in lower case, for the OpenAPI description. */
  readonly headers: readonly string[];
  bind(environment: SecretEnvironment): BoundVerifier;
}

/**
 * A header's single value. A repeated header is refused: which copy was signed is
 * ambiguous, and no provider sends one twice.
 *
 * @example
 * headerValue(request.headers, 'x-github-delivery'); // '72d3162e-…' or undefined
 */
export function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A string property of a JSON object payload, or undefined.
 *
 * @example
 * payloadString({ id: 'evt_1', type: 'charge.succeeded' }, 'type'); // 'charge.succeeded'
 */
export function payloadString(payload: unknown, key: string): string | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
