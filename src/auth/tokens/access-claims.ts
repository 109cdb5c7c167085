/*
 * The checks on a verified payload that the JWT library is told to skip: time claims,
 * because they must follow the service's injectable clock (fast-jwt fixes its clock
 * when the verifier is built), and claim types, because a claim that is present with
 * the wrong type must fail as surely as a missing one.
 */

/**
 * Who an access token speaks for: the user id (`sub`) and role. Permissions are not in
 * the token; authentication looks them up from the role, so a changed role table
 * applies to tokens already issued.
 */
export interface TokenSubject {
  id: string;
  role: string;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The subject an access token's payload names, or null when the payload is not one
 * Rampart would have signed or is outside its validity window. `toleranceSeconds`
 * absorbs clock skew between the machines that sign and verify.
 *
 * @example
 * subjectFromClaims(payload, Date.now(), 5); // { id: '0193...', role: 'member' } or null
 */
export function subjectFromClaims(payload: unknown, nowMs: number, toleranceSeconds: number, maxLifetimeSeconds = Infinity): TokenSubject | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, role, jti, iat, nbf, exp } = payload as Record<string, unknown>;
  if (!isNonEmptyString(sub) || !isNonEmptyString(role) || !isNonEmptyString(jti)) return null;
  if (!isTime(iat) || !isTime(nbf) || !isTime(exp)) return null;
  const now = nowMs / 1000;
  // RFC 7519 §4.1.4: the token is unusable "on or after" exp; §4.1.5: before nbf.
  if (now >= exp + toleranceSeconds) return null;
  if (now < nbf - toleranceSeconds) return null;
  // A token "issued" in the future came from a wrong clock or a forged key: refuse it.
  if (iat > now + toleranceSeconds) return null;
  // A correctly signed token living longer than this app issues (a key used elsewhere,
  // a lifetime since lowered) is refused: the configured lifetime is a maximum.
  if (exp - iat > maxLifetimeSeconds + toleranceSeconds || exp - nbf > maxLifetimeSeconds + toleranceSeconds) return null;
  return { id: sub, role };
}
