import { randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import type { TokenSubject } from './access-claims.js';
import type { SigningTokenKey } from './token-key.js';

/** RFC 9068 §2.1: the media type that marks a JWT as an OAuth access token. */
export const accessTokenType = 'at+jwt';

/** Options of {@link createAccessTokenSigner}. */
export interface AccessTokenSignerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Milliseconds since the epoch; injectable so tests need not sleep. */
  now: () => number;
}

/** A freshly signed access token and its lifetime in seconds (OAuth's `expires_in`). */
export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

/** The claims of every access token Rampart signs. */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  role: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

/**
 * Signs access tokens with one key (HS256 or EdDSA, as the key says). The signer is built once: fast-jwt prepares the
 * key at creation, so signing does no per-call key import. Time claims come from
 * `now`, not from the library, so one clock drives signing and verification.
 *
 * @example
 * const sign = createAccessTokenSigner(hmacKey(secret), { issuer: 'rampart', audience: 'rampart-api', ttlSeconds: 900, now: Date.now });
 * const { accessToken, expiresIn } = sign({ id: user.id, role: user.role });
 */
export function createAccessTokenSigner(
  key: SigningTokenKey,
  options: AccessTokenSignerOptions,
): (subject: TokenSubject) => IssuedAccessToken {
  const signer = createSigner({
    key: key.signingKey,
    algorithm: key.algorithm,
    kid: key.kid,
    header: { alg: key.algorithm, typ: accessTokenType },
  });
  return (subject) => {
    const iat = Math.floor(options.now() / 1000);
    const claims: AccessTokenClaims = {
      iss: options.issuer,
      aud: options.audience,
      sub: subject.id,
      role: subject.role,
      iat,
      nbf: iat,
      exp: iat + options.ttlSeconds,
      jti: randomUUID(),
    };
    return { accessToken: signer(claims), expiresIn: options.ttlSeconds };
  };
}
