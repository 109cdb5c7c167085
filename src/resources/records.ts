import type { Dialect } from './fields/field.js';
import type { AnyResource } from './resource.js';

/** A record as clients see it: JSON values keyed by field name. */
export type RecordData = Record<string, unknown>;

/**
 * Converts a database row to a record. `fields` limits the output (`?fields=`); `id`
 * is always kept so a client can address what it got.
 */
export function toRecord(
  resource: AnyResource,
  row: Record<string, unknown>,
  dialect: Dialect,
  fields?: readonly string[],
): RecordData {
  const record: RecordData = {};
  for (const f of resource.fields.values()) {
    if (fields && f.name !== 'id' && !fields.includes(f.name)) continue;
    const raw = row[f.column];
    record[f.name] = raw === null || raw === undefined ? null : f.field.spec.fromDb(raw, dialect);
  }
  return record;
}

/** Converts validated input values to a partial row (only the keys present in `data`). */
export function toRow(resource: AnyResource, data: RecordData, dialect: Dialect): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const f = resource.field(name);
    if (!f || value === undefined) continue;
    row[f.column] = value === null ? null : f.field.spec.toDb(value, dialect);
  }
  return row;
}

/**
 * Fills what a create or replace leaves out: defaults for defaulted fields and null for
 * optional ones, so PUT really replaces the whole record. A client's PUT passes only the
 * fields it may write, so read-only ones keep their value.
 */
export function withDefaults(resource: AnyResource, data: RecordData, fields = resource.writable): RecordData {
  const complete: RecordData = { ...data };
  for (const f of fields) {
    if (complete[f.name] !== undefined) continue;
    complete[f.name] = f.field.flags.presence === 'default' ? f.field.flags.default : null;
  }
  return complete;
}

/** Keeps only the requested fields of a record (`?fields=`), and always its `id`. */
export function selectFields(record: RecordData, fields: readonly string[] | undefined): RecordData {
  if (!fields) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => k === 'id' || fields.includes(k)));
}
