import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { StartupError } from '../../errors/app-error.js';
import { keyId, type SigningTokenKey, type TokenKey } from './token-key.js';

/*
 * Ed25519 keys (RFC 8037, JWS `alg: EdDSA`). Unlike an HMAC secret, the public half
 * can be handed to other services: they verify tokens without being able to mint
 * them. Keys are parsed once here, so a wrong key stops the app at boot, not at the
 * first login. fast-jwt takes PEM, so both halves are kept re-exported in canonical
 * PEM (PKCS#8 and SPKI) whatever spacing the input had.
 */

const generate = 'generate one with: openssl genpkey -algorithm ed25519';

// OpenSSL refuses a PEM that does not start at its BEGIN line.
const pemText = (pem: string | Buffer) => String(pem).trim();

function refuse(what: string, expected: string): never {
  throw new StartupError('RAMPART_CONFIG_INVALID', `${what}: expected ${expected}; ${generate}`);
}

/** The raw 32-byte public key (RFC 8037's `x`), which the `kid` is derived from. */
function rawPublicKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
}

function verifyingKeyOf(publicKey: KeyObject): TokenKey {
  return {
    kid: keyId(rawPublicKey(publicKey)),
    algorithm: 'EdDSA',
    verifyingKey: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

/**
 * An EdDSA key from an Ed25519 private key in PKCS#8 PEM (`JWT_PRIVATE_KEY`): it signs
 * with the private key and verifies with its public key. The `kid` is derived from the
 * public key, so {@link ed25519PublicKey} of the same pair has the same `kid`.
 *
 * @example
 * // openssl genpkey -algorithm ed25519 -out jwt-ed25519.pem
 * const current = ed25519Key(readFileSync('jwt-ed25519.pem', 'utf8'));
 */
export function ed25519Key(privatePem: string | Buffer): SigningTokenKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pemText(privatePem), format: 'pem' });
  } catch {
    refuse('token private key', 'an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    refuse('token private key', `an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'another type'}`);
  }
  return {
    ...verifyingKeyOf(createPublicKey(privateKey)),
    signingKey: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}

/**
 * A verify-only EdDSA key from an Ed25519 public key in SPKI PEM
 * (`JWT_PUBLIC_KEY_PREVIOUS`): tokens signed by the matching private key keep
 * verifying during a rotation. A private key is refused here: node would quietly
 * derive its public half, but a private key has no business in a verify-only setting.
 *
 * @example
 * // openssl pkey -in old-ed25519.pem -pubout
 * const previous = ed25519PublicKey(process.env.JWT_PUBLIC_KEY_PREVIOUS!);
 */
export function ed25519PublicKey(publicPem: string | Buffer): TokenKey {
  const expected = 'an Ed25519 public key in SPKI PEM (-----BEGIN PUBLIC KEY-----)';
  const text = pemText(publicPem);
  if (text.includes('PRIVATE KEY-----')) refuse('token public key', `${expected}, not a private key`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: text, format: 'pem' });
  } catch {
    refuse('token public key', expected);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    refuse('token public key', `an Ed25519 key, got ${publicKey.asymmetricKeyType ?? 'another type'}`);
  }
  return verifyingKeyOf(publicKey);
}
