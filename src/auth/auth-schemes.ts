import { StartupError } from '../errors/app-error.js';

// RFC 9110 §11.1: an auth-scheme is a token.
const schemeName = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/;

/**
 * The `Authorization` schemes that carry an access token: `Bearer` always, then the
 * app's (`['Token']` for APIs specified that way, like RealWorld's). Each is matched
 * without regard to case; a name that is not an RFC 9110 token stops the app.
 *
 * @example
 * authSchemes(['Token']); // ['Bearer', 'Token']
 */
export function authSchemes(extra: readonly string[] = []): string[] {
  const bad = extra.filter((name) => !schemeName.test(name));
  if (bad.length > 0) throw new StartupError('RAMPART_CONFIG_INVALID', `authSchemes: ${bad.map((n) => JSON.stringify(n)).join(', ')} is not an HTTP auth scheme name`);
  const names = ['Bearer', ...extra];
  return names.filter((name, i) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === i);
}

/**
 * The header pattern: one of the schemes, case-insensitive, 1*SP, then token68
 * credentials (RFC 9110 §11.4); nothing else about the header is loosened.
 */
export function authorizationPattern(schemes: readonly string[]): RegExp {
  const alternatives = schemes.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`^(?:${alternatives}) +([A-Za-z0-9._~+/-]+=*)$`, 'i');
}
