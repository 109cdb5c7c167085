/**
 * Renders a value from `spec.toDb()` as a SQL literal for a column DEFAULT. DDL cannot
 * take bound parameters, so this is the one place a value becomes SQL text: strings are
 * quoted with quotes doubled (standard SQL, the same on SQLite and PostgreSQL), and
 * anything that is not a plain scalar is refused rather than guessed at.
 *
 * @example
 * sqlLiteral("it's") // "'it''s'"
 * sqlLiteral(1250)   // "1250"
 */
export function sqlLiteral(value: unknown): string {
  if (value instanceof Date) return sqlLiteral(value.toISOString());
  switch (typeof value) {
    case 'string':
      // A NUL would end the statement early in SQLite's C API.
      if (value.includes('\0')) throw new TypeError('a default value cannot contain a NUL character');
      return `'${value.replace(/'/g, "''")}'`;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`a default value must be finite, got ${value}`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    default:
      throw new TypeError(`cannot store ${JSON.stringify(value)} as a column default`);
  }
}

// The literal shapes sqlLiteral produces; anything else in a migration file is refused.
const literalShape = /^(?:'(?:[^'\0]|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|TRUE|FALSE|NULL)$/i;

/**
 * Whether `text` is a plain SQL literal (quoted string, number, boolean or NULL).
 * Migration files are hand-editable, so their defaults are checked before they reach DDL.
 *
 * @example
 * isSqlLiteral("'active'"); // true
 * isSqlLiteral("0); DROP TABLE users; --"); // false
 */
export function isSqlLiteral(text: string): boolean {
  return literalShape.test(text);
}
