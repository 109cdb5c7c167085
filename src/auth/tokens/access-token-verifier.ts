import { createVerifier } from 'fast-jwt';
import { accessTokenType } from './access-token-signer.js';
import { subjectFromClaims, type TokenSubject } from './access-claims.js';
import { invalidToken } from './invalid-token.js';
import type { TokenKey } from './token-key.js';

/** Options of {@link createAccessTokenVerifier}. */
export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  now: () => number;
  /** The longest lifetime (`exp - iat`) accepted: the app's access-token lifetime. */
  maxLifetimeSeconds?: number;
}

// Far above any token Rampart signs; parsing stops before an oversized header is decoded.
const maxTokenLength = 4096;

/** The `kid` of a compact JWS header segment, read without trusting it: it only picks the verifier. */
function kidOfHeader(segment: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The keys with repeats of one key dropped (a previous key set to the current one is
 * harmless). Two different keys under one `kid` would leave one of them silently
 * unused, or, with different algorithms, make the `kid` ambiguous: refused.
 */
function uniqueByKid(keys: readonly TokenKey[]): TokenKey[] {
  const byKid = new Map<string, TokenKey>();
  for (const key of keys) {
    const seen = byKid.get(key.kid);
    if (!seen) byKid.set(key.kid, key);
    else if (seen.algorithm !== key.algorithm || !seen.verifyingKey.equals(key.verifyingKey)) {
      throw new TypeError(`createAccessTokenVerifier: two different keys share the kid ${key.kid}`);
    }
  }
  return [...byKid.values()];
}

/**
 * Builds the hot-path verifier for access tokens signed by any of `keys` (the current
 * key first, then keys still accepted during a rotation). One fast-jwt verifier per
 * key is prepared up front; the token's `kid` picks it, and that verifier allows only
 * its key's algorithm (HS256 for an HMAC key, EdDSA for an Ed25519 key, never `none`),
 * the `at+jwt` type, the issuer and the audience. Verification is synchronous and does
 * no key import. Every failure throws the same 401 {@link invalidToken}.
 *
 * fast-jwt's result cache stays off: it triples throughput when one token repeats but
 * halves it on misses (bench/jwt/README.md), and misses dominate once more users are
 * active than the cache holds.
 *
 * @example
 * const verify = createAccessTokenVerifier([current, previous], { issuer, audience, clockToleranceSeconds: 5, now: Date.now });
 * request.user = verify(bearerToken);
 */
export function createAccessTokenVerifier(
  keys: readonly TokenKey[],
  options: AccessTokenVerifierOptions,
): (token: string) => TokenSubject {
  const verifiers = new Map(
    uniqueByKid(keys).map((key) => [
      key.kid,
      createVerifier({
        key: key.verifyingKey,
        algorithms: [key.algorithm],
        checkTyp: accessTokenType,
        allowedIss: options.issuer,
        allowedAud: options.audience,
        requiredClaims: ['iss', 'aud', 'sub', 'role', 'iat', 'nbf', 'exp', 'jti'],
        // Checked by subjectFromClaims against the service's clock.
        ignoreExpiration: true,
        ignoreNotBefore: true,
        cache: false,
      }),
    ]),
  );
  const knownHeaders = new Map<string, string>();
  return (token) => {
    if (typeof token !== 'string' || token.length > maxTokenLength) throw invalidToken();
    const dot = token.indexOf('.');
    const segment = dot > 0 ? token.slice(0, dot) : '';
    // Every token one key signs has the same header, so its kid is looked up once per
    // header text. Only headers naming a key of ours are kept: garbage cannot grow it.
    let kid = knownHeaders.get(segment);
    if (kid === undefined && dot > 0) {
      kid = kidOfHeader(segment);
      if (kid !== undefined && verifiers.has(kid) && knownHeaders.size < 64) knownHeaders.set(segment, kid);
    }
    const verify = kid === undefined ? undefined : verifiers.get(kid);
    if (!verify) throw invalidToken();
    let payload: unknown;
    try {
      payload = verify(token);
    } catch (error) {
      throw invalidToken(error);
    }
    const subject = subjectFromClaims(payload, options.now(), options.clockToleranceSeconds, options.maxLifetimeSeconds);
    if (!subject) throw invalidToken();
    return subject;
  };
}
