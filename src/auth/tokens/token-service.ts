import type { Database } from '../../db/database.js';
import type { TokenSubject } from './access-claims.js';
import { createAccessTokenSigner, type IssuedAccessToken } from './access-token-signer.js';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { keyRingOf } from './key-ring.js';
import { createRefreshTokenStore } from './refresh-token-store.js';
import { createRefreshTokens, type InTransaction, type RotatedRefreshToken } from './refresh-tokens.js';
import { createSuccessorSealer } from './successor-sealer.js';

/**
 * Options of {@link createTokenService}. Give `secret` (HS256) or `privateKey` (EdDSA);
 * with `privateKey`, `secret` and `previousSecret` only seal refresh-token successors
 * (see key-ring.ts).
 */
export interface TokenServiceOptions {
  /** `JWT_SECRET`: signs new access tokens (unless `privateKey` is set), at least 32 bytes. */
  secret?: string;
  /** `JWT_SECRET_PREVIOUS`: still verifies during a key rotation, never signs. */
  previousSecret?: string;
  /** `JWT_PRIVATE_KEY`: an Ed25519 private key (PKCS#8 PEM); new access tokens are then signed EdDSA. */
  privateKey?: string;
  /** `JWT_PUBLIC_KEY_PREVIOUS`: the previous Ed25519 public key (SPKI PEM), still verifying during a rotation. */
  previousPublicKey?: string;
  issuer: string;
  audience: string;
  /** Access-token lifetime; default 900 (15 minutes). */
  accessTtlSeconds?: number;
  /** Absolute lifetime of a refresh-token family from its login; default 604800 (7 days). */
  refreshTtlSeconds?: number;
  /** How long a rotated refresh token still yields its successor; default 10. */
  graceSeconds?: number;
  /** Clock skew accepted on access-token times; default 5. */
  clockToleranceSeconds?: number;
  /** Milliseconds since the epoch; default `Date.now`. Tests inject a clock instead of sleeping. */
  now?: () => number;
}

/** What {@link createTokenService} returns. */
export interface TokenService {
  issueAccessToken(subject: TokenSubject): IssuedAccessToken;
  /** The subject of a valid access token; rejects with a 401 AppError otherwise. */
  verifyAccessToken(token: string): Promise<TokenSubject>;
  /** The same check, synchronous, for hooks that want to skip a promise. */
  verifyAccessTokenSync(token: string): TokenSubject;
  /** Starts a refresh-token family; inside `trx` when given. */
  startFamily(userId: string, options?: InTransaction): Promise<string>;
  rotate(refreshToken: string): Promise<RotatedRefreshToken>;
  revokeFamilyOf(refreshToken: string): Promise<void>;
  revokeUserFamilies(userId: string, options?: { except?: string } & InTransaction): Promise<void>;
  purgeExpired(): Promise<number>;
}

function positiveInteger(name: string, value: number, allowZero = false): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TypeError(`createTokenService: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
  }
  return value;
}

/**
 * Access and refresh tokens for one app: short-lived access JWTs, HS256 or EdDSA (typ
 * `at+jwt`, `kid` per key, the previous key still verifying during a rotation) and opaque,
 * hashed, rotating refresh tokens in `rampart_refresh_tokens` (see
 * {@link refreshTokensTable}, which the app must pass to `prepareSchema`).
 *
 * @example
 * const tokens = createTokenService({ secret: config.jwtSecret, previousSecret: config.jwtSecretPrevious, issuer: config.jwtIssuer, audience: config.jwtAudience }, database);
 * const refreshToken = await tokens.startFamily(user.id);
 * const { accessToken, expiresIn } = tokens.issueAccessToken({ id: user.id, role: user.role });
 * request.user = await tokens.verifyAccessToken(bearer);
 * // EdDSA instead: createTokenService({ privateKey: config.jwtPrivateKey, previousPublicKey: config.jwtPublicKeyPrevious, issuer, audience }, database);
 */
export function createTokenService(options: TokenServiceOptions, database: Database): TokenService {
  const now = options.now ?? Date.now;
  const keys = keyRingOf(options);
  const shared = { issuer: options.issuer, audience: options.audience, now };
  const accessTtlSeconds = positiveInteger('accessTtlSeconds', options.accessTtlSeconds ?? 900);
  const sign = createAccessTokenSigner(keys.signing, { ...shared, ttlSeconds: accessTtlSeconds });
  const verify = createAccessTokenVerifier(keys.verifying, {
    ...shared,
    clockToleranceSeconds: positiveInteger('clockToleranceSeconds', options.clockToleranceSeconds ?? 5, true),
    maxLifetimeSeconds: accessTtlSeconds,
  });
  const refresh = createRefreshTokens(
    createRefreshTokenStore(database.db),
    createSuccessorSealer(keys.sealing),
    {
      ttlSeconds: positiveInteger('refreshTtlSeconds', options.refreshTtlSeconds ?? 604_800),
      graceSeconds: positiveInteger('graceSeconds', options.graceSeconds ?? 10, true),
      now,
    },
  );
  return {
    issueAccessToken: sign,
    verifyAccessToken: (token) => {
      try {
        return Promise.resolve(verify(token));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    verifyAccessTokenSync: verify,
    ...refresh,
  };
}
