import type { z } from 'zod';

/** The SQL dialects Rampart speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** Dialect-neutral column types; `db/` maps each one to a concrete SQL type. */
export type ColumnType =
  | 'text'
  | 'integer'
  | 'real'
  | 'decimal'
  | 'boolean'
  | 'timestamp'
  | 'json'
  | 'uuid'
  | 'text[]'
  | 'integer[]';

/** Filter operators of the query language (`?volume[gte]=100`). */
export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains';

/** A JSON Schema fragment (draft 2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = Record<string, unknown>;

/** What a field kind knows: how to validate, store, load, filter and describe a value. */
export interface FieldKind<T> {
  readonly kind: string;
  readonly column: ColumnType;
  /** Validates a client's JSON value and returns it normalized. */
  readonly input: z.ZodType<T>;
  /** JSON Schema of the value in responses (without `null`). */
  readonly output: JsonSchema;
  readonly operators: readonly Operator[];
  /** Parses one filter value from a query string; throws with a client-safe message. */
  parseQueryValue(raw: string): T;
  toDb(value: T, dialect: Dialect): unknown;
  fromDb(raw: unknown, dialect: Dialect): T;
  /** For decimals: digits in all and after the point (the column's shape). */
  readonly decimal?: { precision: number; scale: number };
  /** For decimals: the bounds values must keep, normalised to the scale (`exclusiveMin` excludes `min`). */
  readonly decimalBounds?: { min?: string; max?: string; exclusiveMin?: boolean };
  /** For references: the referenced resource and what deleting it does. */
  readonly reference?: { resource: string; onDelete: 'restrict' | 'cascade' | 'set null' };
  /**
   * For arrays: the kind of each element. Filters on an array test its elements
   * (`contains` parses one element into a one-element array).
   */
  readonly element?: FieldKind<unknown>;
}

/**
 * How a derived field's value is computed from the record being created (its values
 * after defaults); `maxLength` is the field's, so the value can be cut to fit. Returns
 * undefined to leave the field to hooks.
 */
export interface Derivation {
  compute(data: Readonly<Record<string, unknown>>, maxLength: number | undefined): string | number | undefined;
}

/** How a field is present on create: required, optional (nullable) or defaulted. */
export type Presence = 'required' | 'optional' | 'default';

interface FieldFlags {
  presence: Presence;
  default?: unknown;
  unique: boolean;
  index: boolean;
  filterable: boolean;
  sortable: boolean;
  searchable: boolean;
  /** Written by server code only (records(), hooks); clients may not send it. */
  readOnly?: boolean;
  /** Computed from the record's other values on create when none is given. */
  derive?: Derivation;
  description?: string;
}

/**
 * A declared field of a resource. Built with the `field.*` factories and refined by
 * chaining; every method returns a new field, so a field can be shared safely.
 *
 * @example
 * const status = field.enum(['active', 'closed']).default('active').filterable();
 */
export class Field<T = unknown, P extends Presence = Presence> {
  /** @internal type carrier for inference; never set at run time. */
  declare readonly _type: T;
  /** @internal type carrier for inference; never set at run time. */
  declare readonly _presence: P;

  constructor(
    readonly spec: FieldKind<T>,
    readonly flags: FieldFlags = {
      presence: 'required',
      unique: false,
      index: false,
      filterable: false,
      sortable: false,
      searchable: false,
    },
  ) {}

  private with<Q extends Presence = P>(change: Partial<FieldFlags>): Field<T, Q> {
    return new Field<T, Q>(this.spec, { ...this.flags, ...change });
  }

  /** The field may be left out or set to `null`; it is `null` in responses when unset. */
  optional(): Field<T, 'optional'> {
    return this.with<'optional'>({ presence: 'optional', default: undefined });
  }

  /** The value stored when a create leaves the field out. Checked against the field's rules. */
  default(value: T): Field<T, 'default'> {
    // The column default must read back the same on both dialects; `{}` and `[]` do.
    if (this.spec.element && Array.isArray(value) && value.length > 0) {
      throw new TypeError('an array field takes .default([]) only; set other starting values in a beforeCreate hook');
    }
    const checked = this.spec.input.safeParse(value);
    if (!checked.success) {
      throw new TypeError(`default ${JSON.stringify(value)} breaks the field's own rules`);
    }
    return this.with<'default'>({ presence: 'default', default: checked.data });
  }

  /** No two records may hold the same value (409 on conflict). */
  unique(): Field<T, P> {
    this.refuseOnArray('.unique()', 'elements can repeat across records; use a junction resource with a composite unique');
    return this.with({ unique: true });
  }

  /** Adds a database index on this field. */
  index(): Field<T, P> {
    this.refuseOnArray('.index()', '.filterable() indexes its elements (GIN on PostgreSQL)');
    return this.with({ index: true });
  }

  /** Allows `?field=value` and `?field[op]=value` on list routes. */
  filterable(): Field<T, P> {
    return this.with({ filterable: true });
  }

  /** Allows `?sort=field` and `?sort=-field` on list routes (the field gets an index). */
  sortable(): Field<T, P> {
    this.refuseOnArray('.sortable()', 'a list of values has no order between records');
    return this.with({ sortable: true });
  }

  /** Includes the field in full-text search (`?q=`). Text fields only. */
  searchable(): Field<T, P> {
    this.refuseOnArray('.searchable()', 'filter its elements with ?field[contains]= instead');
    return this.with({ searchable: true });
  }

  /**
   * Clients may not write the field: a body that sends it is refused like one with an
   * unknown field, and PUT leaves it as it is. Server code (`records()`, hooks) writes it.
   * For values the server derives, such as a total kept in step by hooks. Needs a
   * default or `.optional()`, so clients can create records without it.
   */
  readOnly(): Field<T, P> {
    return this.with({ readOnly: true });
  }

  /**
   * Fills the field on create from the record's other values, e.g.
   * `field.string({ max: 120 }).unique().derive(slugOf('title'))`. Clients may not send
   * it (like `.readOnly()`); server code may, and its value is kept. On a `.unique()`
   * field a taken value gets the first free suffix (`-2`, `-3`, ...). Runs before the
   * `beforeCreate` hooks, which see the value. Updates leave it as it is.
   */
  derive(derivation: Derivation): Field<T, 'default'> {
    this.refuseOnArray('.derive()', 'a derivation computes one text or number; set lists in a beforeCreate hook');
    return this.with<'default'>({ derive: derivation, readOnly: true, presence: 'default', default: undefined });
  }

  /** A description shown in the OpenAPI document. */
  describe(description: string): Field<T, P> {
    return this.with({ description });
  }

  private refuseOnArray(method: string, reason: string): void {
    if (this.spec.element) throw new TypeError(`${method} does not apply to array fields: ${reason}`);
  }
}

/** Any field, whatever its value type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = Field<any, Presence>;
