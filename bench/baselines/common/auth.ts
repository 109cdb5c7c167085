import { createVerifier } from 'fast-jwt';

/*
 * Bearer-token authentication as a careful hand-written service does it, checking what
 * Rampart's verifier checks (src/auth/tokens/access-token-verifier.ts): HS256 only, the
 * `at+jwt` type (RFC 9068), issuer, audience, every claim Rampart signs present, and
 * exp/nbf with 5 s of clock tolerance. Left out, because one service with one key does
 * not need them: the `kid` lookup that picks a key during rotations, and the EdDSA mode.
 */

// Same header grammar as Rampart's (RFC 6750 §2.1 b64token).
const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The caller a valid token speaks for. */
export interface Caller {
  id: string;
  role: string;
}

/** Thrown for a header that is present but unusable: the caller answers 401. */
export class Unauthorized extends Error {}

/**
 * Makes `authenticate(header)`: the caller, `null` without a header, or a thrown
 * {@link Unauthorized} for a malformed, forged, expired or foreign token.
 */
export function createAuthenticator(options: { secret: string; issuer: string; audience: string }) {
  const verify = createVerifier({
    key: Buffer.from(options.secret, 'utf8'),
    algorithms: ['HS256'],
    checkTyp: 'at+jwt',
    allowedIss: options.issuer,
    allowedAud: options.audience,
    requiredClaims: ['iss', 'aud', 'sub', 'role', 'iat', 'nbf', 'exp', 'jti'],
    clockTolerance: 5000,
    cache: false,
  });
  return function authenticate(header: string | undefined): Caller | null {
    if (header === undefined) return null;
    const match = bearer.exec(header);
    if (!match?.[1] || match[1].length > 4096) throw new Unauthorized();
    let claims: { sub?: unknown; role?: unknown };
    try {
      claims = verify(match[1]) as typeof claims;
    } catch {
      throw new Unauthorized();
    }
    if (typeof claims.sub !== 'string' || typeof claims.role !== 'string' || !claims.sub || !claims.role) {
      throw new Unauthorized();
    }
    return { id: claims.sub, role: claims.role };
  };
}
