import { ed25519Key, ed25519PublicKey } from './ed25519-key.js';
import { hmacKey, type SigningTokenKey, type TokenKey } from './token-key.js';

/*
 * Which keys sign, verify and seal, from the service's key options. Two modes, never
 * mixed in one ring:
 *
 * - HS256: `secret` signs, `previousSecret` still verifies.
 * - EdDSA (`privateKey` set): the Ed25519 key signs, `previousPublicKey` still
 *   verifies, and HMAC secrets verify nothing. Accepting an HS256 token beside EdDSA
 *   would let whoever holds the secret mint tokens, which is what EdDSA is chosen to
 *   avoid.
 *
 * Refresh-token successors are sealed under a secret either way (successor-sealer.ts,
 * which runs it through HKDF with its own label). `secret` is used when set, so an
 * Ed25519 rotation does not change the sealing key; without it the Ed25519 private key
 * is the input keying material: it holds 256 secret bits and is the same on every
 * instance, where a generated secret would differ per process.
 */

/** The key material a token service can be given; see `TokenServiceOptions`. */
export interface KeyOptions {
  secret?: string;
  previousSecret?: string;
  privateKey?: string;
  previousPublicKey?: string;
}

/** What {@link keyRingOf} returns. */
export interface KeyRing {
  /** Signs new access tokens. */
  signing: SigningTokenKey;
  /** Verify access tokens: the signing key first, then the previous key if any. */
  verifying: TokenKey[];
  /** Seal refresh-token successors with the first, open with any. */
  sealing: Buffer[];
}

const fail = (message: string): never => {
  throw new TypeError(`createTokenService: ${message}`);
};

/**
 * The key ring for the given options; throws when they are incomplete or contradictory,
 * and (via the key factories) a StartupError for a weak secret or a wrong key.
 *
 * @example
 * const { signing, verifying, sealing } = keyRingOf({ privateKey: pem, secret: config.jwtSecret });
 */
export function keyRingOf(options: KeyOptions): KeyRing {
  const secrets = options.secret === undefined ? [] : [hmacKey(options.secret)];
  if (options.previousSecret !== undefined) {
    if (secrets.length === 0) fail('previousSecret needs secret');
    secrets.push(hmacKey(options.previousSecret));
  }
  if (options.privateKey === undefined) {
    if (options.previousPublicKey !== undefined) fail('previousPublicKey needs privateKey');
    const [signing, ...previous] = secrets;
    if (!signing) return fail('secret or privateKey is required');
    return { signing, verifying: [signing, ...previous], sealing: secrets.map((k) => k.signingKey) };
  }
  const signing = ed25519Key(options.privateKey);
  const previous = options.previousPublicKey === undefined ? [] : [ed25519PublicKey(options.previousPublicKey)];
  const sealing = secrets.length > 0 ? secrets.map((k) => k.signingKey) : [signing.signingKey];
  return { signing, verifying: [signing, ...previous], sealing };
}
