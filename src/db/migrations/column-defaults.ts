import type { Dialect } from '../../resources/fields/field.js';
import { fromUnits, toUnits } from '../../resources/fields/decimal.js';
import type { ColumnModel } from './schema-model.js';
import type { SchemaOperation } from './operations.js';

/*
 * Column defaults are SQL literals in a dialect's own form: SQLite keeps decimals as
 * integer units and booleans as 0/1, PostgreSQL as numeric and boolean literals. These
 * functions move a default between the two forms, so one migration history serves both
 * databases, and read PostgreSQL's rendering of a default back into that form.
 */

const unquote = (literal: string): string => literal.slice(1, -1).replace(/''/g, "'");
const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const isQuoted = (literal: string): boolean => /^'.*'$/s.test(literal);

function scaleOf(column: ColumnModel): number {
  return column.decimal?.scale ?? 2;
}

/** A default written for `from`, in `to`'s form. */
export function portDefault(column: ColumnModel, from: Dialect, to: Dialect): string | undefined {
  const value = column.default;
  if (value === undefined || from === to || value.toUpperCase() === 'NULL') return value;
  if (column.type === 'boolean') {
    const on = /^(1|TRUE)$/i.test(value);
    return to === 'sqlite' ? (on ? '1' : '0') : on ? 'TRUE' : 'FALSE';
  }
  if (column.type === 'text[]' || column.type === 'integer[]') {
    // Array fields default to the empty array only (fields/field.ts): JSON on SQLite, `{}` on PostgreSQL.
    return to === 'sqlite' ? quote('[]') : quote('{}');
  }
  if (column.type === 'decimal') {
    const scale = scaleOf(column);
    const text = isQuoted(value) ? unquote(value) : value;
    if (to === 'postgres') return quote(fromUnits(BigInt(text), scale));
    return String(toUnits(text, scale) ?? 0n);
  }
  return value;
}

/** Every column default of the operations, written for `from`, in `to`'s form. */
export function portOperations(operations: readonly SchemaOperation[], from: Dialect, to: Dialect): SchemaOperation[] {
  if (from === to) return [...operations];
  const port = (c: ColumnModel): ColumnModel => {
    const value = portDefault(c, from, to);
    return value === undefined ? c : { ...c, default: value };
  };
  return operations.map((op) => {
    switch (op.op) {
      case 'createTable':
        return { ...op, columns: op.columns.map(port) };
      case 'addColumn':
        return { ...op, column: port(op.column) };
      case 'alterColumn':
        return { ...op, column: port(op.column), from: port(op.from) };
      default:
        return op;
    }
  });
}

/**
 * PostgreSQL's text of a column default (`pg_get_expr`), in the form Rampart writes:
 * casts dropped (`'open'::text` → `'open'`), numbers unquoted, decimals quoted with
 * their scale, booleans upper-case, timestamps as ISO-8601 UTC. An expression that is
 * not a plain literal (`now()`, a sequence) is returned as it is, and never equals a
 * declared default, so the diff replaces it.
 *
 * @example
 * postgresDefault("'active'::text", { name: 'status', type: 'text', notNull: true }); // "'active'"
 */
export function postgresDefault(expression: string, column: ColumnModel): string {
  const literal = /^(.*?)(::[a-z ]+(\(\d+(,\d+)?\))?)+$/s.exec(expression)?.[1] ?? expression;
  const inner = isQuoted(literal) ? unquote(literal) : literal;
  switch (column.type) {
    case 'boolean':
      return /^(true|false)$/i.test(inner) ? inner.toUpperCase() : expression;
    case 'decimal': {
      const units = /^-?\d+(\.\d+)?$/.test(inner) ? toUnits(inner, scaleOf(column)) : null;
      return units === null ? expression : quote(fromUnits(units, scaleOf(column)));
    }
    case 'integer':
    case 'real':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(inner) ? inner : expression;
    case 'timestamp': {
      const time = new Date(inner.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      return isQuoted(literal) && !Number.isNaN(time.getTime()) ? quote(time.toISOString()) : expression;
    }
    case 'text[]':
    case 'integer[]': {
      const array = /^(.*?)::[a-z ]+\[\]$/s.exec(expression)?.[1] ?? expression;
      return isQuoted(array) ? array : expression;
    }
    case 'json':
      try {
        return isQuoted(literal) ? quote(JSON.stringify(JSON.parse(inner))) : expression;
      } catch {
        return expression;
      }
    default:
      return literal;
  }
}
