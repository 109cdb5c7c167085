/*
 * Telling "the database is not there" apart from "this query is wrong". The first is the
 * server's state, not the request's fault, and deserves a 503 the client may retry; the
 * second stays a 500. Codes: Node's socket errors; PostgreSQL's SQLSTATE classes 08
 * (connection exception), 53 (insufficient resources), 57P0x (server shutting down,
 * crash recovery) and 57014 (statement timeout, DATABASE_STATEMENT_TIMEOUT_MS); SQLite's
 * BUSY/LOCKED after busy_timeout. pg reports a pool wait past its connection timeout, a
 * connection cut mid-query, a statement left unanswered past its client-side timeout
 * (query_timeout: the server froze), and a statement sent on a connection ended for that
 * reason only in its message.
 */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
const sqlStates = /^(08...|53...|57P0[1-4]|57014)$/;
const sqliteCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const poolMessages =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connection timeout|Query read timeout|Client was closed and is not queryable/i;

/**
 * Whether an error says the database is unreachable, overloaded or timed out, rather
 * than that the query was wrong.
 *
 * @example
 * if (isDatabaseUnavailable(error)) throw new AppError('RAMPART_UNAVAILABLE', 'The database does not answer.');
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (socketCodes.has(e.code) || sqlStates.test(e.code) || sqliteCodes.has(e.code))) return true;
  if (typeof e.message === 'string' && poolMessages.test(e.message)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable);
}

/**
 * Whether PostgreSQL aborted the transaction to break a deadlock (40P01) or because a
 * concurrent transaction changed what it read (40001): nothing was written, and the same
 * request sent again will most likely succeed.
 *
 * @example
 * if (isConcurrencyConflict(error)) throw new AppError('RAMPART_CONFLICT', 'Retry.');
 */
export function isConcurrencyConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
