/*
 * Passwords: argon2id hashing, the dummy hash that keeps logins for unknown emails as
 * slow as wrong passwords, and the policy for new passwords.
 */
export { argon2Options, hashPassword, needsRehash, normalizePassword, verifyPassword } from './password-hash.js';
export { prepareDummyHash, verifyAgainstDummy } from './dummy-hash.js';
export { checkPassword, type PasswordPolicy } from './password-policy.js';
export { commonPasswordKey, isCommonPassword } from './common-passwords.js';
