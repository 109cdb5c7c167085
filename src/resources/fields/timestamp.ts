import { z } from 'zod';
import { Field } from './field.js';

/** Normalizes any ISO-8601 instant to UTC with milliseconds: `2026-01-02T03:04:05.000Z`. */
export function toIsoUtc(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

const isoInstant = z.iso.datetime({ offset: true, local: false });

/**
 * An instant in time, ISO-8601 UTC in JSON. SQLite stores the fixed-width UTC text
 * (which sorts chronologically); PostgreSQL stores TIMESTAMPTZ.
 *
 * @example
 * field.timestamp().optional().filterable()
 */
export function timestamp(): Field<string, 'required'> {
  return new Field<string, 'required'>({
    kind: 'timestamp',
    column: 'timestamp',
    input: isoInstant.transform((v) => toIsoUtc(v)).refine((v) => /^\d{4}-/.test(v), {
      message: 'expected a year from 0000 to 9999',
    }) as unknown as z.ZodType<string>,
    output: { type: 'string', format: 'date-time' },
    operators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
    parseQueryValue: (raw) => {
      const checked = isoInstant.safeParse(raw);
      if (!checked.success) throw new Error('expected an ISO-8601 date-time, e.g. 2026-01-31T00:00:00Z');
      return toIsoUtc(checked.data);
    },
    toDb: (value, dialect) => (dialect === 'sqlite' ? value : new Date(value)),
    // SQLite holds the canonical text already (toDb wrote it); only Dates need formatting.
    fromDb: (raw) => (typeof raw === 'string' ? raw : toIsoUtc(raw as Date)),
  });
}
