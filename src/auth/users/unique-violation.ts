/**
 * Whether a database error is a unique violation of `table.column`. SQLite names the
 * column (`UNIQUE constraint failed: users.email`); PostgreSQL's 23505 names the index,
 * which Rampart calls `<table>_<column>_unique`.
 *
 * @example
 * if (isUniqueViolation(error, 'users', 'email')) throw emailTaken();
 */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    // A multi-column index lists them all: "... failed: t.a, t.b".
    const failed = typeof e.message === 'string' ? e.message.replace(/^UNIQUE constraint failed: /, '').split(', ') : [];
    return failed.includes(`${table}.${column}`);
  }
  return e.code === '23505' && e.constraint === `${table}_${column}_unique`;
}
