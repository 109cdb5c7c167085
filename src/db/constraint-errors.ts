/**
 * Reading constraint violations out of driver errors, for both dialects. SQLite names
 * the columns (`UNIQUE constraint failed: users.email`); PostgreSQL's 23505 names the
 * index, which Rampart calls `<table>_<column>_unique`.
 */
interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
}

/**
 * The column of `table` whose unique index the error violated, or null when the error
 * is something else.
 *
 * @example
 * if (uniqueViolationColumn(error, 'users') === 'email') throw emailTaken();
 */
export function uniqueViolationColumn(error: unknown, table: string): string | null {
  const e = error as DriverError | null;
  if (e === null || typeof e !== 'object') return null;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // A multi-column index lists them all: "... failed: t.a, t.b"; the first names it.
    const failed = typeof e.message === 'string' ? e.message.replace(/^UNIQUE constraint failed: /, '').split(', ') : [];
    const first = failed.find((name) => name.startsWith(`${table}.`));
    return first ? first.slice(table.length + 1) : null;
  }
  if (e.code === '23505' && typeof e.constraint === 'string') {
    if (e.constraint === `${table}_pkey`) return 'id';
    if (e.constraint.startsWith(`${table}_`) && e.constraint.endsWith('_unique')) {
      return e.constraint.slice(table.length + 1).replace(/_unique$/, '');
    }
  }
  return null;
}

/**
 * Whether the error is a foreign-key violation. SQLite reports a RESTRICT refusal as
 * SQLITE_CONSTRAINT_TRIGGER, with the same message as a plain one.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as DriverError | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code === '23503') return true;
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY constraint failed/.test(String(e.message));
}
