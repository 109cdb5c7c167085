import type { AnyResource, ResolvedField } from './resource.js';

/**
 * Which record: its id, or one unique field and its value, e.g. `{ slug: 'hello' }`
 * (the resource's `lookup` field, or any `.unique()` one).
 *
 * @example
 * await app.records(articles).get({ slug: 'how-to-train-your-dragon' });
 */
export type RecordKey = string | Readonly<Record<string, string | number>>;

/** The field and value a key names; a key naming anything but a unique field is a programming error. */
export function resolveKey(resource: AnyResource, key: RecordKey): { field: ResolvedField; value: string | number } {
  if (typeof key === 'string') return { field: resource.lookupById, value: key };
  const entries = Object.entries(key);
  const [name, value] = entries[0] ?? [];
  const field = name === undefined ? undefined : resource.field(name);
  if (entries.length !== 1 || !field || !(field.name === 'id' || field.field.flags.unique) || value === undefined) {
    throw new TypeError(`${resource.name}: a record key is an id or one unique field, e.g. { ${resource.lookup.name}: value }`);
  }
  return { field, value };
}
