import { z } from 'zod';
import { Field } from './field.js';

/** Options of {@link decimal}. Bounds are strings, like the values. */
export interface DecimalOptions {
  /** Significant digits in all (at most 15, so SQLite can hold the value exactly). */
  precision?: number;
  /** Digits after the point. */
  scale?: number;
  min?: string;
  max?: string;
  /** Excludes `min` itself, e.g. an amount that must be above zero. */
  exclusiveMin?: boolean;
}

const shape = /^-?\d+(\.\d+)?$/;

/**
 * Turns a decimal string into an integer count of the smallest unit (10^-scale), or
 * null when it has more fraction digits than the scale. BigInt keeps it exact.
 */
export function toUnits(value: string, scale: number): bigint | null {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) return null;
  const digits = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
  return negative ? -digits : digits;
}

/** Formats a count of the smallest unit as a decimal string with exactly `scale` digits. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale > 0 ? `${whole}.${digits.slice(-scale)}` : whole;
  return negative ? `-${text}` : text;
}

/**
 * An exact decimal carried as a string in JSON ("12.50"), never a float. PostgreSQL
 * stores NUMERIC(precision, scale); SQLite stores the count of the smallest unit as an
 * INTEGER, so sorting, indexing and SQL arithmetic stay exact on both.
 *
 * @example
 * field.decimal({ min: '0' }).default('0').sortable()
 * field.decimal({ min: '0', exclusiveMin: true }) // an amount above zero
 */
export function decimal(options: DecimalOptions = {}): Field<string, 'required'> {
  const precision = options.precision ?? 15;
  const scale = options.scale ?? 2;
  if (!Number.isInteger(precision) || precision < 1 || precision > 15) {
    throw new TypeError('decimal precision must be a whole number from 1 to 15');
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new TypeError('decimal scale must be a whole number from 0 to the precision');
  }
  const limit = 10n ** BigInt(precision);
  const min = options.min === undefined ? undefined : toUnits(options.min, scale);
  const max = options.max === undefined ? undefined : toUnits(options.max, scale);
  if (min === null || max === null) throw new TypeError('decimal bounds must fit the scale');

  // Bounds apply to stored values only: a filter such as `volume[gt]=-1` is a fair question.
  const parse = (value: string, bounded = true): { units?: bigint; error?: string } => {
    if (!shape.test(value)) return { error: 'expected a decimal number as a string, e.g. "12.50"' };
    const units = toUnits(value, scale);
    if (units === null) return { error: `expected at most ${scale} digits after the point` };
    if (units >= limit || units <= -limit) {
      return { error: `expected at most ${precision - scale} digits before the point` };
    }
    if (!bounded) return { units };
    if (min !== undefined && (options.exclusiveMin ? units <= min : units < min)) {
      return { error: `expected a value ${options.exclusiveMin ? 'above' : 'of at least'} ${options.min}` };
    }
    if (max !== undefined && units > max) return { error: `expected at most ${options.max}` };
    return { units };
  };

  const input = z.string().transform((value, ctx) => {
    const result = parse(value);
    if (result.units === undefined) {
      ctx.addIssue({ code: 'custom', message: result.error ?? 'invalid decimal' });
      return z.NEVER;
    }
    return fromUnits(result.units, scale);
  });

  return new Field<string, 'required'>({
    kind: 'decimal',
    column: 'decimal',
    input: input as unknown as z.ZodType<string>,
    output: { type: 'string', pattern: scale > 0 ? '^-?\\d+\\.\\d+$' : '^-?\\d+$' },
    operators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
    parseQueryValue: (raw) => {
      const result = parse(raw, false);
      if (result.units === undefined) throw new Error(result.error);
      return fromUnits(result.units, scale);
    },
    toDb: (value, dialect) => (dialect === 'sqlite' ? Number(toUnits(value, scale)) : value),
    fromDb: (raw, dialect) =>
      dialect === 'sqlite'
        ? fromUnits(BigInt(raw as number), scale)
        : fromUnits(toUnits(String(raw), scale) ?? 0n, scale),
    decimal: { precision, scale },
    decimalBounds: {
      ...(min === undefined ? {} : { min: fromUnits(min, scale) }),
      ...(max === undefined ? {} : { max: fromUnits(max, scale) }),
      ...(options.exclusiveMin ? { exclusiveMin: true } : {}),
    },
  });
}
