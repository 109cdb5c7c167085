import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hash.js';

/*
 * A login for an unknown email must cost what a wrong password costs, or response
 * times tell an attacker which emails have accounts. The dummy hash has today's
 * parameters (it is made by hashPassword) and a random password nobody knows, so
 * verifying against it is one full argon2 run that never succeeds.
 */
let dummyHash: Promise<string> | undefined;

/**
 * The dummy hash, made on first use and kept for the life of the process. Call it at
 * boot to take its one-time cost off the first login for an unknown email.
 *
 * @example
 * await prepareDummyHash(); // during startup
 */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url')).catch((error: unknown) => {
    // A failed attempt must not be cached, or every later call would fail too.
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

/**
 * Runs one argon2 verification of `password` against the dummy hash and answers
 * `false`: the stand-in for {@link verifyPassword} when no stored hash exists.
 *
 * @example
 * const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await prepareDummyHash(), password);
  return false;
}
