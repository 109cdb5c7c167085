/*
 * `Retry-After` (RFC 9110 §10.2.3) is either a number of seconds or an HTTP-date. A
 * receiver answering 429 or 503 with it is telling us when it can take the delivery
 * again; the caller decides how far it is willing to wait (a bound belongs to the retry
 * schedule, not to parsing).
 */

const seconds = /^\d{1,10}$/;
// IMF-fixdate and the two obsolete forms HTTP still requires recipients to accept all
// start with a day name; requiring one keeps Date.parse away from arbitrary text.
const httpDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*, /;

/**
 * The delay a `Retry-After` value asks for, in milliseconds from `now` (never negative),
 * or undefined when the value is absent or malformed.
 *
 * @example
 * parseRetryAfter('120');                                   // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')); // 60000
 * parseRetryAfter('soon');                                  // undefined
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (seconds.test(text)) return Number(text) * 1000;
  if (!httpDate.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
