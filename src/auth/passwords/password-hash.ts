import { parseOptions, type Algorithm, type Options } from '@node-rs/argon2';
import { onHashThread } from './hash-threads.js';

/*
 * argon2id with the third of the OWASP Password Storage Cheat Sheet's five
 * configurations: "m=12288 (12 MiB), t=3, p=1". The cheat sheet gives the five as an
 * equal level of defense that trade memory for passes (m=47104 t=1, m=19456 t=2,
 * m=12288 t=3, m=9216 t=4, m=7168 t=5). This one was measured fastest for the server,
 * which pays for every login: on one core, 150-157 verifications a second against
 * 80-81 for m=19456 t=2 and 69-71 for m=47104 t=1 (its 12 MiB stays in the CPU's
 * caches), with less memory held per running hash. Every parameter is spelled out so
 * that a change of the library's defaults can never change how new hashes are made;
 * hashes made with other parameters still verify (the PHC string carries them) and
 * `needsRehash` spots them for a fresh hash at the next login.
 *
 * Hashes run on threads of their own, at a lower CPU priority than the event loop, at
 * most one per CPU at a time (hash-threads.ts).
 */

/** Hashes running and waiting now (for tests and diagnostics). */
export { hashThreadActivity as passwordHashActivity } from './hash-threads.js';

// The package declares `Algorithm` as an ambient const enum, which `isolatedModules`
// forbids reading; 2 is its Argon2id member.
const argon2id = 2 as Algorithm;

/** The parameters of every new hash; see the comment above for their source. */
export const argon2Options = Object.freeze({
  algorithm: argon2id,
  memoryCost: 12_288,
  timeCost: 3,
  parallelism: 1,
  outputLen: 32,
}) satisfies Options;

/**
 * The form of a password that is hashed: Unicode NFKC, as NIST SP 800-63B advises, so
 * the same password typed on two keyboards (a precomposed "é" or "e" + combining
 * accent) verifies on both. Nothing is trimmed or truncated.
 *
 * @example
 * normalizePassword('cafe\u0301'); // 'café' (one code point for é)
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Hashes a password with argon2id into a PHC string (`$argon2id$v=19$m=12288,t=3,p=1$...`)
 * with a fresh random salt. The whole password is used: argon2 has no length limit,
 * unlike bcrypt's 72 bytes.
 *
 * @example
 * const passwordHash = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string): Promise<string> {
  return (await onHashThread('hash', [normalizePassword(password), argon2Options])) as string;
}

/**
 * Whether `password` matches a hash made by {@link hashPassword} (or any argon2 PHC
 * string: the parameters are read from the hash). The comparison is constant-time.
 * Throws on a malformed hash, which is a bug in stored data, not a wrong password.
 *
 * @example
 * if (await verifyPassword(user.passwordHash, body.password)) { ... }
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return (await onHashThread('verify', [passwordHash, normalizePassword(password)])) as boolean;
}

/**
 * Whether a stored hash was made with other parameters than today's, so it should be
 * replaced by a fresh {@link hashPassword} of the password the user just proved.
 *
 * @example
 * if (ok && needsRehash(row.password_hash)) await savePasswordHash(id, await hashPassword(password));
 */
export function needsRehash(passwordHash: string): boolean {
  const used = parseOptions(passwordHash);
  return (
    used.algorithm !== argon2Options.algorithm ||
    used.memoryCost < argon2Options.memoryCost ||
    used.timeCost < argon2Options.timeCost ||
    used.parallelism !== argon2Options.parallelism ||
    used.outputLen < argon2Options.outputLen
  );
}
