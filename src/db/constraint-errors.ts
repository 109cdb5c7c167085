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
 * What a unique violation on `table` names: SQLite lists the columns, PostgreSQL names
 * the index (the caller knows which columns its indexes cover). Null when the error is
 * something else.
 *
 * @example
 * uniqueViolation(error, 'favorites'); // { columns: ['user_id', 'article_id'] } on SQLite
 */
export function uniqueViolation(error: unknown, table: string): { columns: string[] } | { index: string } | null {
  const e = error as DriverError | null;
  if (e === null || typeof e !== 'object') return null;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const failed = typeof e.message === 'string' ? e.message.replace(/^UNIQUE constraint failed: /, '').split(', ') : [];
    const columns = failed.filter((name) => name.startsWith(`${table}.`)).map((name) => name.slice(table.length + 1));
    return columns.length > 0 ? { columns } : null;
  }
  if (e.code === '23505' && typeof e.constraint === 'string') {
    if (e.constraint === `${table}_pkey`) return { columns: ['id'] };
    if (e.constraint.startsWith(`${table}_`)) return { index: e.constraint };
  }
  return null;
}

/**
 * The column of `table` whose single-column unique index (`<table>_<column>_unique`)
 * the error violated, or null when the error is something else.
 *
 * @example
 * if (uniqueViolationColumn(error, 'users') === 'email') throw emailTaken();
 */
export function uniqueViolationColumn(error: unknown, table: string): string | null {
  const found = uniqueViolation(error, table);
  if (found === null) return null;
  // A multi-column index lists them all: "... failed: t.a, t.b"; the first names it.
  if ('columns' in found) return found.columns[0] ?? null;
  return found.index.endsWith('_unique') ? found.index.slice(table.length + 1).replace(/_unique$/, '') : null;
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
