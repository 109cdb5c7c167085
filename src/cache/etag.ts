import { hash } from 'node:crypto';

/**
 * A strong entity tag of a body: its SHA-1 (160 bits), quoted as RFC 9110 §8.8.3
 * requires. Equal bodies get equal tags on every instance, so a tag from one instance
 * revalidates on another. A tag only tells versions of one URL's answer apart, so it
 * needs no resistance to chosen collisions; the one-shot `crypto.hash` of SHA-1 costs
 * well under a SHA-256 through `createHash`, and every resource GET pays it.
 *
 * @example
 * etagOf('{"data":[]}'); // '"q1tCr..."'
 */
export function etagOf(body: string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}

// An entity tag is an optional W/ and a quoted string that may itself contain commas,
// so the list is scanned for tags rather than split on commas.
const listMember = /\*|(?:W\/)?("[^"]*")/g;

/**
 * Whether an `If-None-Match` header matches the current representation's tag
 * (RFC 9110 §13.1.2): `*` matches any current representation, and otherwise any tag of
 * the list matches by weak comparison (`W/"x"` matches `"x"`). Several header lines
 * arrive joined by commas, which is the same list.
 *
 * @example
 * ifNoneMatch('"a", W/"b"', '"b"'); // true
 * ifNoneMatch(undefined, '"b"');     // false
 */
export function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(', ') : header;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const match of value.matchAll(listMember)) {
    if (match[0] === '*' || match[1] === opaque) return true;
  }
  return false;
}
