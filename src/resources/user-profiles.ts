import type { Database } from '../db/database.js';
import type { JsonSchema } from './fields/field.js';
import type { RecordData } from './records.js';
import { string, uuid } from './fields/kinds.js';
import type { ResolvedField } from './resource.js';

/**
 * Owners and `field.reference('users')` point at the users table, which is not a
 * declared resource: `?include=` embeds the user's public profile instead. Only `id`
 * and `name` are public; email, role, timestamps and the password hash never leave
 * through another user's record. No route changes a user's name, so answers that embed
 * a profile stay valid in the read cache.
 */
export const usersTarget = 'users';

/** JSON Schema of an embedded user profile, for the serializer and OpenAPI. */
export const userProfileJsonSchema: JsonSchema = {
  type: 'object',
  description: "A user's public profile",
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: ['string', 'null'] } },
  additionalProperties: false,
};

/**
 * Loads the public profiles of `ids` in one query, keyed by id.
 *
 * @example
 * const byId = await loadUserProfiles(database, ['0193...']); // Map { '0193...' => { id, name } }
 */
export async function loadUserProfiles(database: Database, ids: readonly string[]): Promise<Map<string, RecordData>> {
  if (ids.length === 0) return new Map();
  const rows = await database.db.selectFrom(usersTarget).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [String(row.id), { id: String(row.id), name: (row.name as string | null) ?? null }]));
}

/**
 * The users' fields a relation path may filter on: the public ones only. Email, role
 * and the password hash can never be probed through another resource's filters.
 */
export const userPathFields: ReadonlyMap<string, ResolvedField> = new Map([
  ['id', { name: 'id', column: 'id', field: uuid(), system: true }],
  ['name', { name: 'name', column: 'name', field: string({ max: 200 }), system: false }],
]);
