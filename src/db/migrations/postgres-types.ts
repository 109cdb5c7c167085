import type { ColumnType } from '../../resources/fields/field.js';
import type { ColumnModel } from './schema-model.js';

/*
 * PostgreSQL has a native type for every neutral one. `bigint` because JSON integers
 * reach 2^53; `jsonb` so JSON can be indexed; `timestamptz` so instants keep their zone.
 */
const postgresTypes: Record<Exclude<ColumnType, 'decimal'>, string> = {
  text: 'text',
  integer: 'bigint',
  real: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  json: 'jsonb',
  uuid: 'uuid',
};

/**
 * The PostgreSQL type of a column. Not wired to a dialect yet: PostgreSQL support
 * adds its introspection and DDL next to this mapping.
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
