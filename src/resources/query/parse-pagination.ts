import { fail } from './query-issues.js';

/**
 * Deep offsets make the database walk and discard every skipped row; past this point a
 * client should page with `cursor`, which costs the same on every page.
 */
export const maxOffset = 10_000_000;

// Digits only: `1.5`, `1e2`, ` 5` and `0x10` all parse as numbers in JavaScript, and
// accepting them would make the API's contract depend on Number()'s leniency.
const digits = /^\d{1,9}$/;

/**
 * Parses `limit`: a whole number from 1 to `max`. Anything else is a 400, never a
 * silent clamp, so a client asking for 1000 rows learns it gets at most `max`.
 *
 * @example
 * parseLimit('50', 100); // 50
 */
export function parseLimit(raw: string, max: number): number {
  const n = digits.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max)) fail('limit', `expected a whole number from 1 to ${max}`);
  return n;
}

/**
 * Parses `offset`: a whole number from 0 to {@link maxOffset}.
 *
 * @example
 * parseOffset('40'); // 40
 */
export function parseOffset(raw: string): number {
  const n = digits.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= maxOffset)) {
    fail('offset', `expected a whole number from 0 to ${maxOffset}; use cursor to page further`);
  }
  return n;
}

/**
 * Parses `total`: exactly `true` or `false`.
 *
 * @example
 * parseTotal('true'); // true
 */
export function parseTotal(raw: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return fail('total', 'expected true or false');
}
