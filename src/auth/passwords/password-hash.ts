import { availableParallelism } from 'node:os';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import pLimit, { type LimitFunction } from 'p-limit';

/*
 * argon2id with the OWASP Password Storage Cheat Sheet's second configuration:
 * "m=19456 (19 MiB), t=2, p=1" (its first, m=47104 t=1, is equivalent). Every
 * parameter is spelled out so that a change of the library's defaults can never change
 * how new hashes are made; hashes made with other parameters still verify (the PHC
 * string carries them) and `needsRehash` spots them for an upgrade at the next login.
 *
 * hash/verify run on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says
 * otherwise), so the event loop keeps serving while a hash is computed; each running
 * hash holds `memoryCost` KiB.
 *
 * At most one hash per CPU the process may use runs at a time; the rest wait their
 * turn. Measured on one core (`npm run bench:argon2`, docs/benchmarks.md): four
 * verifications at once evict each other's 19 MiB from the CPU caches and complete
 * 56-59 a second, one at a time 70-80 a second. It also keeps a login flood from
 * filling the thread pool that file and DNS work share, and bounds the memory hashes
 * hold.
 */
let limit: LimitFunction | undefined;

/** Hashes running and waiting now (for tests and diagnostics). */
export function passwordHashActivity(): { running: number; waiting: number } {
  return { running: limit?.activeCount ?? 0, waiting: limit?.pendingCount ?? 0 };
}

// Made at the first hash, not at import: the CPUs a process may use (its affinity, a
// container's cpuset) are read then, after the process was placed.
function oneHashPerCpu<T>(work: () => Promise<T>): Promise<T> {
  limit ??= pLimit(Math.max(1, availableParallelism()));
  return limit(work);
}
// The package declares `Algorithm` as an ambient const enum, which `isolatedModules`
// forbids reading; 2 is its Argon2id member.
const argon2id = 2 as Algorithm;

/** The parameters of every new hash; see the comment above for their source. */
export const argon2Options = Object.freeze({
  algorithm: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
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
 * Hashes a password with argon2id into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`)
 * with a fresh random salt. The whole password is used: argon2 has no length limit,
 * unlike bcrypt's 72 bytes.
 *
 * @example
 * const passwordHash = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string): Promise<string> {
  return oneHashPerCpu(() => hash(normalizePassword(password), argon2Options));
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
  return oneHashPerCpu(() => verify(passwordHash, normalizePassword(password)));
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
