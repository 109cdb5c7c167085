import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/*
 * Standard Webhooks (https://www.standardwebhooks.com): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the bytes that the
 * secret's base64 (after `whsec_`) decodes to, sent as `webhook-signature: v1,<base64>`.
 * Several space-separated signatures may be sent (key rotation); any valid one is
 * enough. Inbound verification and outbound signing both use this module, so the two
 * sides cannot drift apart.
 */

const secretPrefix = 'whsec_';
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** The default clock skew allowed between the sender's timestamp and ours, in seconds. */
export const standardWebhookToleranceSeconds = 300;

/** What {@link signStandardWebhook} signs. */
export interface StandardWebhookSignInput {
  /** `whsec_<base64>` (the prefix is optional). */
  secret: string;
  /** The message id, sent as `webhook-id`; the same on every retry of one message. */
  id: string;
  /** The send time: a Date or seconds since the epoch, sent as `webhook-timestamp`. */
  timestamp: Date | number;
  /** The exact bytes sent as the request body. */
  body: string | Uint8Array;
}

/** What {@link verifyStandardWebhook} checks: the three headers, the raw body and the secret. */
export interface StandardWebhookVerifyInput {
  secret: string;
  /** The `webhook-id` header. */
  id: string | undefined;
  /** The `webhook-timestamp` header (seconds since the epoch). */
  timestamp: string | undefined;
  /** The `webhook-signature` header. */
  signature: string | undefined;
  body: string | Uint8Array;
  /** Allowed skew in seconds, both ways (default 300). */
  toleranceSeconds?: number;
  /** The current time in milliseconds, for tests (default `Date.now()`). */
  now?: number;
}

/** The outcome of a verification: why it failed is for logs, never for the sender. */
export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * A new endpoint secret: `whsec_` and the base64 of 32 random bytes.
 *
 * @example
 * const secret = generateWebhookSecret(); // 'whsec_q2Xk…'
 */
export function generateWebhookSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64');
}

/**
 * The `webhook-signature` header value (`v1,<base64>`) for one message.
 *
 * @example
 * const body = JSON.stringify({ type: 'market.created', data });
 * const signature = signStandardWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });
 * // headers: webhook-id: msg_1, webhook-timestamp: <seconds>, webhook-signature: signature
 */
export function signStandardWebhook(input: StandardWebhookSignInput): string {
  return `v1,${hmac(input.secret, input.id, timestampSeconds(input.timestamp), input.body).toString('base64')}`;
}

/**
 * Checks a Standard Webhooks signature, in constant time, within the timestamp tolerance.
 *
 * @example
 * const check = verifyStandardWebhook({
 *   secret, body: rawBody,
 *   id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'],
 * });
 * if (!check.ok) log.warn({ reason: check.reason }, 'webhook refused');
 */
export function verifyStandardWebhook(input: StandardWebhookVerifyInput): SignatureCheck {
  const { id, timestamp, signature } = input;
  if (!id) return { ok: false, reason: 'missing webhook-id header' };
  if (!timestamp) return { ok: false, reason: 'missing webhook-timestamp header' };
  if (!signature) return { ok: false, reason: 'missing webhook-signature header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed webhook-timestamp' };
  const tolerance = input.toleranceSeconds ?? standardWebhookToleranceSeconds;
  const skew = Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > tolerance) return { ok: false, reason: 'webhook-timestamp outside the tolerance' };
  const expected = hmac(input.secret, id, timestamp, input.body);
  // Every candidate is compared (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const entry of signature.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = entry.slice(comma + 1);
    if (!base64Pattern.test(given)) continue;
    if (safeEqual(expected, Buffer.from(given, 'base64'))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no matching v1 signature' };
}

/**
 * The HMAC key a `whsec_` secret stands for. Throws on a secret that is not base64, so a
 * misconfiguration fails loudly instead of verifying against the wrong key.
 *
 * @example
 * standardWebhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'); // Buffer of 24 bytes
 */
export function standardWebhookKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  if (!base64Pattern.test(encoded)) throw new TypeError('A Standard Webhooks secret must be whsec_ followed by base64');
  return Buffer.from(encoded, 'base64');
}

function hmac(secret: string, id: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', standardWebhookKey(secret)).update(`${id}.${timestamp}.`).update(body).digest();
}

function timestampSeconds(timestamp: Date | number): string {
  const seconds = timestamp instanceof Date ? timestamp.getTime() / 1000 : timestamp;
  return String(Math.floor(seconds));
}
