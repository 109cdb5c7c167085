import { createHash, randomBytes } from 'node:crypto';

/*
 * The refresh token is 32 random bytes (256 bits) in base64url: opaque, carrying no
 * data, unguessable. Only its SHA-256 reaches the database, so a leaked table cannot
 * be replayed.
 */

const tokenBytes = 32;
// base64url of 32 bytes is exactly 43 characters from this alphabet.
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new refresh token.
 *
 * @example
 * const token = newRefreshToken(); // 'q3X...' (43 characters)
 */
export function newRefreshToken(): string {
  return randomBytes(tokenBytes).toString('base64url');
}

/**
 * The stored form of a refresh token (hex SHA-256).
 *
 * @example
 * await db.selectFrom('rampart_refresh_tokens').where('token_hash', '=', hashRefreshToken(token));
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether a client-supplied value could be a refresh token at all; anything else is
 * refused without touching the database.
 *
 * @example
 * if (!isRefreshTokenShaped(body.refreshToken)) throw invalidToken();
 */
export function isRefreshTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && tokenShape.test(value);
}
