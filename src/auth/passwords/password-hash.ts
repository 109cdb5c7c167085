import { availableParallelism } from 'node:os';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import pLimit, { type LimitFunction } from 'p-limit';

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
 * hash/verify run on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says
 * otherwise), so the event loop keeps serving while a hash is computed; each running
 * hash holds `memoryCost` KiB.
 *
 * At most one hash per CPU the process may use runs at a time; the rest wait their
 * turn. Measured on one core (`npm run bench:argon2`, docs/benchmarks.md): four
 * verifications at once evict each other's memory from the CPU caches (measured
 * with m=19456: 56-59 a second four at a time, 70-80 one at a time). It also keeps a login flood from
 * filling the thread pool that file and DNS work share, and bounds the memory hashes
 * hold.
 */
let limit: LimitFunction | undefined;

/** Hashes running and waiting now (for tests and diagnostics). */
export function passwordHashActivity(): { running: number; waiting: number } {
  return { running: limit?.activeCount ?? 0, waiting: limit?.pendingCount ?? 0 };
}

// The CPUs a process may use (its affinity, a container's cpuset) are read at every
// hash, not once: they can change while the process runs (taskset, a resized cpuset),
// and the read is one syscall against milliseconds of hashing.
function oneHashPerCpu<T>(work: () => Promise<T>): Promise<T> {
  const cpus = Math.max(1, availableParallelism());
  limit ??= pLimit(cpus);
  if (limit.concurrency !== cpus) limit.concurrency = cpus;
  return limit(work);
}
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
