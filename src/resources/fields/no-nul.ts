/*
 * PostgreSQL's text and jsonb cannot hold U+0000 (SQLite can), so a NUL in input would be
 * a 500 on one database and stored on the other. It is refused everywhere instead, with
 * a 400 naming the field, so both databases answer the same. No real text needs it.
 */

/** The message for a value holding U+0000. */
export const nulMessage = 'must not contain the NUL character (U+0000)';

/** Whether a string, or any string inside a JSON value (keys included), holds U+0000. */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  // JSON.stringify writes U+0000 as the escape \u0000 wherever it occurs.
  return value !== undefined && JSON.stringify(value).includes('\\u0000');
}
