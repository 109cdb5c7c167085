/*
 * Tokens: short-lived access JWTs and rotating refresh-token families.
 *
 * | export                      | used by                          | does                                      |
 * |-----------------------------|----------------------------------|-------------------------------------------|
 * | createTokenService          | app boot, auth routes, auth hook | issue/verify access, rotate/revoke refresh |
 * | refreshTokensTable          | prepareSchema's extraTables      | the `rampart_refresh_tokens` table model   |
 * | hmacKey, keyId, TokenKey    | the service, benchmarks          | the signing-key abstraction (HS256)        |
 * | ed25519Key/ed25519PublicKey | the service                      | EdDSA keys: sign, or verify only           |
 * | createAccessTokenSigner/... | the service, benchmarks          | the building blocks, usable on their own   |
 * | invalidToken                | auth hook                        | the one 401 for every unusable token       |
 */
export { createTokenService, type TokenService, type TokenServiceOptions } from './token-service.js';
export { refreshTokensTable, refreshTokensTableName } from './refresh-tokens-table.js';
export { hmacKey, keyId, type SigningTokenKey, type TokenAlgorithm, type TokenKey } from './token-key.js';
export { ed25519Key, ed25519PublicKey } from './ed25519-key.js';
export {
  accessTokenType,
  createAccessTokenSigner,
  type AccessTokenClaims,
  type AccessTokenSignerOptions,
  type IssuedAccessToken,
} from './access-token-signer.js';
export { createAccessTokenVerifier, type AccessTokenVerifierOptions } from './access-token-verifier.js';
export { type InTransaction, type RotatedRefreshToken } from './refresh-tokens.js';
export { invalidToken } from './invalid-token.js';
export { subjectFromClaims, type TokenSubject } from './access-claims.js';
