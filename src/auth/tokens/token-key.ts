import { createHash } from 'node:crypto';
import { StartupError } from '../../errors/app-error.js';

/*
 * A signing key as the access-token signer and verifier see it. The algorithm lives on
 * the key, and each key's verifier allows only that algorithm, so a token can never
 * pick how it is checked (no `none`, no RS256 header verified with the HMAC secret as
 * a "public key"). Only HMAC keys exist today; an Ed25519 key would be another
 * factory returning `algorithm: 'EdDSA'` with a private key to sign and a public key to
 * verify, and nothing else would change.
 */

/** The JWS algorithms a {@link TokenKey} may carry. */
export type TokenAlgorithm = 'HS256';

/** One key of the access-token key ring. */
export interface TokenKey {
  /** The JWS `kid` header: derived from the key, never the key itself. */
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  /** What signs: the HMAC secret (an EdDSA private key, later). */
  readonly signingKey: Buffer;
  /** What verifies: the HMAC secret (an EdDSA public key, later). */
  readonly verifyingKey: Buffer;
}

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
const minimumSecretBytes = 32;

/**
 * A short, stable identifier for key material: the first 72 bits of a domain-separated
 * SHA-256. Public in every token header; it reveals nothing a token's own HMAC would
 * not, and the prefix keeps the header small.
 *
 * @example
 * keyId(Buffer.from(process.env.JWT_SECRET!)); // 'Xk3n0Q9rT1bA'
 */
export function keyId(material: Buffer): string {
  return createHash('sha256').update('rampart jwt kid\0').update(material).digest('base64url').slice(0, 12);
}

/**
 * An HS256 key from a secret of at least 32 bytes (a string counts in UTF-8 bytes,
 * as `JWT_SECRET` does).
 *
 * @example
 * const current = hmacKey(config.jwtSecret);
 */
export function hmacKey(secret: string | Buffer): TokenKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (material.length < minimumSecretBytes) {
    throw new StartupError(
      'RAMPART_CONFIG_INVALID',
      `token secret: expected at least ${minimumSecretBytes} bytes; generate one with: openssl rand -base64 48`,
    );
  }
  return { kid: keyId(material), algorithm: 'HS256', signingKey: material, verifyingKey: material };
}
