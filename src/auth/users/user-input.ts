import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { checkPassword, type PasswordPolicy } from '../passwords/index.js';
import { hasNul, nulMessage } from '../../resources/fields/no-nul.js';
import { emailProblem, normalizeEmail } from './normalize-email.js';

/** What {@link createUserRepository}'s `createUser` takes. */
export interface NewUser {
  email: string;
  password: string;
  name?: string | null;
  /** Defaults to `'user'`. Set by server code only, never from a request body. */
  role?: string;
}

/** A {@link NewUser} checked and normalized, before its password is hashed. */
export interface ValidNewUser {
  email: string;
  password: string;
  name: string | null;
  role: string;
}

// Roles end up in tokens and access rules; a short, plain word cannot surprise either.
const rolePattern = /^[a-z][a-z0-9_-]{0,31}$/;
const maxNameLength = 200;

/**
 * Checks a new user all at once, so a client learns every problem in one answer, and
 * returns it normalized (email lower-cased, blank name as null). Throws a
 * RAMPART_VALIDATION error with one `{ path, message }` per problem.
 *
 * @example
 * const valid = validateNewUser({ email: 'Ann@example.com', password: 'a long passphrase' }, {});
 */
export function validateNewUser(input: NewUser, policy: PasswordPolicy): ValidNewUser {
  const issues: FieldIssue[] = [];
  const emailMessage = emailProblem(input.email);
  if (emailMessage !== null) issues.push({ path: 'body.email', message: emailMessage });
  for (const message of checkPassword(input.password, policy)) issues.push({ path: 'body.password', message });
  const name = input.name?.trim() || null;
  if (name !== null && [...name].length > maxNameLength) {
    issues.push({ path: 'body.name', message: `must be at most ${maxNameLength} characters long` });
  } else if (name !== null && hasNul(name)) {
    issues.push({ path: 'body.name', message: nulMessage });
  }
  const role = input.role ?? 'user';
  if (!rolePattern.test(role)) {
    issues.push({ path: 'body.role', message: 'must be a lower-case word of at most 32 characters' });
  }
  if (issues.length > 0) throw new AppError('RAMPART_VALIDATION', 'The user is not valid.', { errors: issues });
  return { email: normalizeEmail(input.email), password: input.password, name, role };
}

/**
 * Checks a replacement password; throws a RAMPART_VALIDATION error naming `path`.
 *
 * @example
 * validateNewPassword(body.newPassword, { minLength: config.passwordMinLength });
 */
export function validateNewPassword(password: string, policy: PasswordPolicy, path = 'body.newPassword'): void {
  const messages = checkPassword(password, policy);
  if (messages.length > 0) {
    throw new AppError('RAMPART_VALIDATION', 'The new password is not acceptable.', {
      errors: messages.map((message) => ({ path, message })),
    });
  }
}
