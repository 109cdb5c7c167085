import { fail, invalidQuery } from './query-issues.js';

/** Longest accepted `q`; search terms are words, not documents. */
export const maxSearchLength = 200;

// SQLite hands FTS5 the expression as a C string, so a NUL ends it early and leaves an
// unterminated quote: a syntax error. Other control characters are no better as search
// terms, so all of them count as spaces.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001f\u007f]/g;

/**
 * Parses `q`: 1 to 200 characters with at least one non-space character. Returns the
 * text with control characters turned into spaces and the ends trimmed.
 *
 * @example
 * parseSearch('  election 2026 '); // 'election 2026'
 */
export function parseSearch(raw: string): string {
  if (raw.length < 1 || raw.length > maxSearchLength) {
    fail('q', `expected 1 to ${maxSearchLength} characters`);
  }
  const text = raw.replace(controls, ' ').trim();
  if (text === '') fail('q', 'expected at least one search term');
  return text;
}

function phrase(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * Turns user text into an FTS5 query that cannot be a syntax error: each
 * whitespace-separated token becomes a quoted string (inner quotes doubled), so `OR`,
 * `NEAR(`, `*`, `-` and `:` are matched as text, never read as operators; the strings
 * are ANDed. Tokens without a letter or digit are dropped, because the default
 * tokenizer indexes nothing for them and one such token would make every search empty
 * (when all tokens are like that they are kept, and simply match nothing).
 *
 * @example
 * ftsMatchExpression('say "hi" OR *'); // '"say" AND """hi""" AND "OR"'
 */
export function ftsMatchExpression(text: string): string {
  const tokens = text.replace(controls, ' ').trim().split(/\s+/u).filter((t) => t !== '');
  if (tokens.length === 0) throw invalidQuery([{ param: 'q', message: 'expected at least one search term' }]);
  const words = tokens.filter((t) => /[\p{L}\p{N}]/u.test(t));
  return (words.length > 0 ? words : tokens).map(phrase).join(' AND ');
}
