/** A row of the `users` table as the database returns it. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  password_hash: string;
  /** ISO text on SQLite, a Date on PostgreSQL. */
  created_at: string | Date;
  updated_at: string | Date;
}

/** The columns a {@link PublicUser} is made of: queries that do not verify a password select only these. */
export const publicUserColumns = ['id', 'email', 'name', 'role', 'created_at', 'updated_at'] as const;

/** A row of the `users` table without its password hash. */
export type PublicUserRow = Omit<UserRow, 'password_hash'>;

/** A user as the rest of the app sees it: everything but the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  /** ISO-8601 UTC, e.g. `2026-01-01T00:00:00.000Z`. */
  createdAt: string;
  updatedAt: string;
  /** The app's user fields (`users.fields`), `null` when unset. */
  [field: string]: unknown;
}

function isoOf(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/**
 * Maps a row to a {@link PublicUser}, copying the public columns one by one: a column
 * added to the table later stays private until it is listed here.
 *
 * @example
 * const user = toPublicUser(row); // no password_hash
 */
export function toPublicUser(row: PublicUserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
}
