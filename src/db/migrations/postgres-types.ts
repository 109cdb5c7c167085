import type { ColumnType } from '../../resources/fields/field.js';
import type { ColumnModel } from './schema-model.js';

/*
 * PostgreSQL has a native type for every neutral one. `bigint` because JSON integers
 * reach 2^53; `jsonb` so JSON can be indexed; `timestamptz` so instants keep their zone.
 * Names are spelled as `format_type()` reports them, so introspection compares text.
 */
const postgresTypes: Record<Exclude<ColumnType, 'decimal'>, string> = {
  text: 'text',
  integer: 'bigint',
  real: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamp with time zone',
  json: 'jsonb',
  uuid: 'uuid',
  'text[]': 'text[]',
  'integer[]': 'bigint[]',
};

/**
 * The PostgreSQL type of a column.
 *
 * @example
 * postgresColumnType({ type: 'decimal', decimal: { precision: 15, scale: 2 } }); // 'numeric(15,2)'
 */
export function postgresColumnType(column: Pick<ColumnModel, 'type' | 'decimal'>): string {
  if (column.type === 'decimal') {
    const { precision, scale } = column.decimal ?? { precision: 15, scale: 2 };
    return `numeric(${precision},${scale})`;
  }
  return postgresTypes[column.type];
}

/**
 * A neutral type for a PostgreSQL column Rampart has no record of (a table altered by
 * hand), from the type `format_type()` reports.
 *
 * @example
 * postgresNeutralType('character varying(20)'); // { type: 'text' }
 */
export function postgresNeutralType(declared: string): Pick<ColumnModel, 'type' | 'decimal'> {
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(declared);
  if (numeric) return { type: 'decimal', decimal: { precision: Number(numeric[1]), scale: Number(numeric[2]) } };
  if (/^(smallint|integer|bigint)$/.test(declared)) return { type: 'integer' };
  if (/^(real|double precision|numeric)$/.test(declared)) return { type: 'real' };
  if (declared === 'boolean') return { type: 'boolean' };
  if (declared.startsWith('timestamp')) return { type: 'timestamp' };
  if (/^jsonb?$/.test(declared)) return { type: 'json' };
  if (declared === 'uuid') return { type: 'uuid' };
  if (/^(smallint|integer|bigint)\[\]$/.test(declared)) return { type: 'integer[]' };
  if (declared.endsWith('[]')) return { type: 'text[]' };
  return { type: 'text' };
}
