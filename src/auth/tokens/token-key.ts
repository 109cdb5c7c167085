import { createHash } from 'node:crypto';
import { StartupError } from '../../errors/app-error.js';

/*
 * A signing key as the access-token signer and verifier see it. The algorithm lives on
 * the key, and each key's verifier allows only that algorithm, so a token can never
 * pick how it is checked (no `none`, no HS256 header verified with an Ed25519 public
 * key as the HMAC secret). HMAC keys are made here; Ed25519 keys in ed25519-key.ts.
 */

/** The JWS algorithms a {@link TokenKey} may carry. */
export type TokenAlgorithm = 'HS256' | 'EdDSA';

/** One key of the access-token key ring. */
export interface TokenKey {
  /** The JWS `kid` header: derived from the key, never the key itself. */
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  /**
   * What signs: the HMAC secret, or an Ed25519 private key as PKCS#8 PEM. Absent on a
   * key that only verifies (a previous Ed25519 public key).
   */
  readonly signingKey?: Buffer;
  /** What verifies: the HMAC secret, or an Ed25519 public key as SPKI PEM. */
  readonly verifyingKey: Buffer;
}

/** A {@link TokenKey} that can sign: the current key of a ring. */
export type SigningTokenKey = TokenKey & { readonly signingKey: Buffer };

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
export function hmacKey(secret: string | Buffer): SigningTokenKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (material.length < minimumSecretBytes) {
    throw new StartupError(
      'RAMPART_CONFIG_INVALID',
      `token secret: expected at least ${minimumSecretBytes} bytes; generate one with: openssl rand -base64 48`,
    );
  }
  return { kid: keyId(material), algorithm: 'HS256', signingKey: material, verifyingKey: material };
}
