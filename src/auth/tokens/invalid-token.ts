import { AppError } from '../../errors/app-error.js';

/**
 * The one 401 for every unusable token: malformed, forged, expired, revoked, unknown,
 * replayed. A single answer gives an attacker nothing to tell the cases apart; the
 * `WWW-Authenticate` value is RFC 6750 §3.1's `invalid_token`.
 *
 * @example
 * if (!row) throw invalidToken();
 */
export function invalidToken(cause?: unknown): AppError {
  return new AppError('RAMPART_UNAUTHENTICATED', 'The token is invalid or has expired.', {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    cause,
  });
}
