import { dictionary } from '@zxcvbn-ts/language-common';

/*
 * The ~49k most common passwords from zxcvbn-ts (all lower case). Built into a Set on
 * first use, not at import, so processes that never check a password (CLI commands,
 * workers) do not pay for it.
 */
let common: ReadonlySet<string> | undefined;

/**
 * The form compared with the list: trimmed and lower-cased. "Password1234" and
 * " password1234 " are the same guess to an attacker as the listed "password1234".
 *
 * @example
 * commonPasswordKey(' Qwerty123456 '); // 'qwerty123456'
 */
export function commonPasswordKey(password: string): string {
  return password.trim().toLowerCase();
}

/**
 * Whether a password is on the common-password list (see {@link commonPasswordKey}).
 *
 * @example
 * isCommonPassword('Password1234'); // true
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map(commonPasswordKey));
  return common.has(commonPasswordKey(password));
}
