import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * During the grace window after a rotation, a client that lost the response must get
 * the same successor again, so the successor has to be recoverable, yet the database
 * must never hold a usable token. It is kept encrypted with AES-256-GCM under a key
 * derived (HKDF-SHA256, RFC 5869) from the JWT secret: a copy of the database alone
 * opens nothing, and the derivation's label keeps this key apart from any other use of
 * the secret. The rotated row's id is the associated data, so a ciphertext moved to
 * another row fails authentication.
 */

const info = 'rampart refresh-token successor v1';
const ivBytes = 12;
const tagBytes = 16;

/** Encrypts and decrypts successor tokens; see {@link createSuccessorSealer}. */
export interface SuccessorSealer {
  seal(token: string, rowId: string): string;
  /** The token, or null when no key opens the ciphertext (tampered, or keys rotated away). */
  open(ciphertext: string, rowId: string): string | null;
}

function deriveKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
}

function tryOpen(key: Buffer, sealed: Buffer, rowId: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes), { authTagLength: tagBytes });
    decipher.setAAD(Buffer.from(rowId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * A sealer keyed by the given secrets: it seals with the first and opens with any, so a
 * successor sealed just before a secret rotation still opens after it.
 *
 * @example
 * const sealer = createSuccessorSealer([current.signingKey, previous.signingKey]);
 * const stored = sealer.seal(successor, row.id);
 * sealer.open(stored, row.id); // successor
 */
export function createSuccessorSealer(secrets: readonly Buffer[]): SuccessorSealer {
  const keys = secrets.map(deriveKey);
  const [sealKey] = keys;
  if (!sealKey) throw new TypeError('createSuccessorSealer: at least one secret is required');
  return {
    seal(token, rowId) {
      // A random 96-bit IV per message; far below GCM's 2^32-messages-per-key bound.
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(rowId, 'utf8'));
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(ciphertext, rowId) {
      const sealed = Buffer.from(ciphertext, 'base64url');
      if (sealed.length <= ivBytes + tagBytes) return null;
      for (const key of keys) {
        const token = tryOpen(key, sealed, rowId);
        if (token !== null) return token;
      }
      return null;
    },
  };
}
