import type { AnyResource, ResolvedField } from './resource.js';

/**
 * Which record: its id, one unique field and its value (`{ slug: 'hello' }`: the
 * resource's `lookup` field or any `.unique()` one), or every field of a unique
 * combination (`{ user, article }`).
 *
 * @example
 * await app.records(articles).get({ slug: 'how-to-train-your-dragon' });
 * await app.records(favorites).remove({ user: userId, article: articleId });
 */
export type RecordKey = string | Readonly<Record<string, string | number>>;

/** The fields and values a key names; a key naming anything but a unique set is a programming error. */
export function resolveKey(resource: AnyResource, key: RecordKey): { fields: readonly ResolvedField[]; values: (string | number)[] } {
  if (typeof key === 'string') return { fields: [resource.lookupById], values: [key] };
  const names = Object.keys(key).sort();
  const group =
    names.length === 1 && names[0] === 'id'
      ? [resource.lookupById]
      : resource.uniqueGroups.find((g) => g.length === names.length && g.map((f) => f.name).sort().join() === names.join());
  const values = group?.map((f) => key[f.name]);
  if (!group || !values || values.some((v) => v === undefined)) {
    throw new TypeError(`${resource.name}: a record key is an id, one unique field or a unique combination, e.g. { ${resource.lookup.name}: value }`);
  }
  return { fields: group, values: values as (string | number)[] };
}
