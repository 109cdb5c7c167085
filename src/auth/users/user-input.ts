import { z } from 'zod';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { issuesOf } from '../../http/validation.js';
import type { UserFields } from './user-fields.js';
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
  /** Values of the app's user fields (`users.fields`), by field name. */
  fields?: Record<string, unknown>;
  /**
   * Required user fields may be left unset: for accounts made by an operator (the first
   * admin from ADMIN_EMAIL), who has no username to give. Never for a client's input.
   */
  fieldsOptional?: boolean;
}

/** A {@link NewUser} checked and normalized, before its password is hashed. */
export interface ValidNewUser {
  email: string;
  password: string;
  name: string | null;
  role: string;
  /** The app's user fields, checked (defaults not yet applied). */
  fields: Record<string, unknown>;
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
export function validateNewUser(input: NewUser, policy: PasswordPolicy, userFields?: UserFields, roles?: ReadonlySet<string>): ValidNewUser {
  const issues: FieldIssue[] = [];
  const emailMessage = emailProblem(input.email);
  if (emailMessage !== null) issues.push({ path: 'body.email', message: emailMessage });
  for (const message of checkPassword(input.password, policy)) issues.push({ path: 'body.password', message });
  const name = checkName(input.name, issues);
  const fields = checkFields(input.fields ?? {}, userFields, input.fieldsOptional ? 'patch' : 'create', issues);
  const role = input.role ?? 'user';
  if (!rolePattern.test(role)) {
    issues.push({ path: 'body.role', message: 'must be a lower-case word of at most 32 characters' });
  } else if (roles && !roles.has(role)) {
    issues.push({ path: 'body.role', message: `"${role}" is not a declared role; the roles are ${[...roles].sort().join(', ')}` });
  }
  if (issues.length > 0) throw new AppError('RAMPART_VALIDATION', 'The user is not valid.', { errors: issues });
  return { email: normalizeEmail(input.email), password: input.password, name, role, fields };
}

/** A display name trimmed (blank is null), or an issue on `body.name`. */
export function checkName(raw: string | null | undefined, issues: FieldIssue[]): string | null {
  const name = raw?.trim() || null;
  if (name !== null && [...name].length > maxNameLength) {
    issues.push({ path: 'body.name', message: `must be at most ${maxNameLength} characters long` });
  } else if (name !== null && hasNul(name)) {
    issues.push({ path: 'body.name', message: nulMessage });
  }
  return name;
}

/**
 * The app's user fields of `values`, checked against their declarations (strictly:
 * an undeclared or read-only key is an issue, so a `role` or a typo never slips by).
 */
export function checkFields(values: Record<string, unknown>, userFields: UserFields | undefined, mode: 'create' | 'patch', issues: FieldIssue[]): Record<string, unknown> {
  const shape = userFields ? userFields.shape(mode) : {};
  const result = z.strictObject(shape).safeParse(values);
  if (result.success) return result.data;
  issues.push(...issuesOf(result.error, 'body'));
  return {};
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
