import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two byte strings are equal, in time that does not depend on where they differ,
 * so a forger cannot learn a signature byte by byte from response times.
 * `timingSafeEqual` throws on a length mismatch; lengths are public (every signature of a
 * scheme has the same size), so they are compared first in plain code.
 *
 * @example
 * safeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex')); // true or false
 */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
