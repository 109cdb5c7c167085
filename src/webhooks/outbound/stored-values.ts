import type { Database } from '../../db/database.js';

/*
 * Column values as the two databases hand them back: SQLite keeps timestamps as
 * ISO-8601 text and booleans as 0/1; PostgreSQL returns Date and boolean. Writes use
 * ISO text (PostgreSQL casts it to TIMESTAMPTZ) and the dialect's boolean.
 */

/**
 * The database these modules work on: the app's, or the same with a transaction's Kysely
 * (`{ ...database, db: trx }`), so callers can write inside their own transaction.
 */
export type WebhookDatabase = Pick<Database, 'db' | 'dialect'>;

/**
 * A timestamp column's value as ISO-8601 UTC text.
 *
 * @example
 * isoTimestamp(new Date(0)); // '1970-01-01T00:00:00.000Z'
 */
export function isoTimestamp(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/**
 * A nullable timestamp column's value as ISO-8601 UTC text, or null.
 *
 * @example
 * isoTimestampOrNull(null); // null
 */
export function isoTimestampOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTimestamp(value);
}

/**
 * A boolean as the dialect stores it.
 *
 * @example
 * booleanToDb(true, 'sqlite'); // 1
 */
export function booleanToDb(value: boolean, dialect: Database['dialect']): boolean | number {
  return dialect === 'sqlite' ? (value ? 1 : 0) : value;
}
