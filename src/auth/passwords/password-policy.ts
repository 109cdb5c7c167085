import { isCommonPassword } from './common-passwords.js';
import { normalizePassword } from './password-hash.js';

/** Options of {@link checkPassword}; the defaults follow NIST SP 800-63B. */
export interface PasswordPolicy {
  /** Fewest code points; `PASSWORD_MIN_LENGTH` (default 12). */
  minLength?: number;
  /** Most code points; a cap keeps hashing cost and request size bounded. */
  maxLength?: number;
}

/**
 * Checks a new password against the policy and returns the problems as client-safe
 * messages (empty when it is acceptable). Length is counted in Unicode code points of
 * the normalized password (what gets hashed), so an emoji counts once; any character is
 * allowed, spaces included, and there are no composition rules ("one digit, one symbol"
 * makes passwords predictable, not strong). Common passwords are refused.
 *
 * @example
 * checkPassword('correct horse battery staple'); // []
 * checkPassword('short'); // ['must be at least 12 characters long']
 */
const loneSurrogate = /\p{Cs}/u;

export function checkPassword(password: string, policy: PasswordPolicy = {}): string[] {
  const { minLength = 12, maxLength = 128 } = policy;
  // A lone surrogate has no UTF-8 form: it would be hashed as U+FFFD, so different
  // strings would share one password.
  if (loneSurrogate.test(password)) return ['contains invalid Unicode (a lone surrogate)'];
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < minLength) return [`must be at least ${minLength} characters long`];
  if (length > maxLength) return [`must be at most ${maxLength} characters long`];
  if (isCommonPassword(normalized)) return ['is too common; choose a less predictable password'];
  return [];
}
