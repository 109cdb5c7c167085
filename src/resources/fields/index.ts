import { array } from './array.js';
import { decimal } from './decimal.js';
import { boolean, enumeration, integer, json, number, reference, string } from './kinds.js';
import { timestamp } from './timestamp.js';

/**
 * Field factories for resource definitions. Each returns a {@link Field} to refine
 * with `.optional()`, `.default()`, `.unique()`, `.index()`, `.filterable()`,
 * `.sortable()` and `.searchable()`. `field.array(element)` holds a list of values.
 *
 * @example
 * const fields = {
 *   name: field.string({ min: 1, max: 200 }).searchable(),
 *   volume: field.decimal({ min: '0' }).default('0').sortable(),
 *   market: field.reference('markets'),
 * };
 */
export const field = {
  string,
  integer,
  number,
  decimal,
  boolean,
  enum: enumeration,
  timestamp,
  json,
  reference,
  array,
};

export { Field } from './field.js';
export { slugOf, type SlugOptions } from './slug-of.js';
export type { Derivation, AnyField, ColumnType, Dialect, FieldKind, JsonSchema, Operator, Presence } from './field.js';
export type { ArrayOptions } from './array.js';
export type { DecimalOptions } from './decimal.js';
export type { NumberOptions, ReferenceOptions, StringOptions } from './kinds.js';
