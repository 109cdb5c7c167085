import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';

// 254 characters is the longest address SMTP can carry (RFC 5321 §4.5.3.1, errata 1690).
const emailSchema = z
  .email({ error: 'must be a valid email address' })
  .max(254, { error: 'must be at most 254 characters long' });

// Local parts are case-sensitive in theory, never in practice: treating `Ann@` and
// `ann@` as two accounts would let two people register "the same" address.
const parse = (raw: string) => emailSchema.safeParse(raw.trim().toLowerCase());

/**
 * What is wrong with an email address, as a client-safe message, or `null` when it is
 * valid.
 *
 * @example
 * emailProblem('ann@'); // 'must be a valid email address'
 */
export function emailProblem(raw: string): string | null {
  const parsed = parse(raw);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'must be a valid email address');
}

/**
 * The one form of an email address that is stored and looked up: trimmed and
 * lower-cased, so `Ann@Example.com ` and `ann@example.com` are one account. Throws a
 * RAMPART_VALIDATION error naming `path` when the address is not valid.
 *
 * @example
 * normalizeEmail('  Ann@Example.COM '); // 'ann@example.com'
 */
export function normalizeEmail(raw: string, path = 'body.email'): string {
  const parsed = parse(raw);
  if (parsed.success) return parsed.data;
  throw new AppError('RAMPART_VALIDATION', 'The email address is not valid.', {
    errors: [{ path, message: emailProblem(raw) ?? 'must be a valid email address' }],
  });
}

/**
 * Like {@link normalizeEmail}, but answers `null` for an invalid address: for lookups,
 * where "no such address" and "no such user" must look the same.
 *
 * @example
 * tryNormalizeEmail('not an email'); // null
 */
export function tryNormalizeEmail(raw: string): string | null {
  const parsed = parse(raw);
  return parsed.success ? parsed.data : null;
}
