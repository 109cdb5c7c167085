import type { Database } from '../db/database.js';
import type { JsonSchema } from './fields/field.js';
import type { RecordData } from './records.js';
import { string, uuid } from './fields/kinds.js';
import type { ResolvedField } from './resource.js';
import { fieldJsonSchema } from './schemas.js';

/**
 * Owners and `field.reference('users')` point at the users table, which is not a
 * declared resource: `?include=` embeds the user's public profile instead. `id`, `name`
 * and the app's public user fields (`users.public`) are public; email, role, private
 * fields, timestamps and the password hash never leave through another user's record.
 */
export const usersTarget = 'users';

const base: readonly ResolvedField[] = [
  { name: 'id', column: 'id', field: uuid(), system: true },
  { name: 'name', column: 'name', field: string({ max: 200 }), system: false },
];

/** JSON Schema of an embedded user profile without app fields, for the serializer and OpenAPI. */
export const userProfileJsonSchema: JsonSchema = {
  type: 'object',
  description: "A user's public profile",
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: ['string', 'null'] } },
  additionalProperties: false,
};

/**
 * The public profile of one app: registered under the objects its code paths hold (the
 * database for loading, the app's resources for schemas and filters), so apps in one
 * process with other user fields never see each other's. A resource object shared by
 * two apps with different user fields takes the last one's, as its relations cache does.
 */
interface Profile {
  fields: readonly ResolvedField[];
  schema: JsonSchema;
  paths: ReadonlyMap<string, ResolvedField>;
}

const profiles = new WeakMap<object, Profile>();
const defaultProfile: Profile = { fields: base, schema: userProfileJsonSchema, paths: new Map(base.map((f) => [f.name, f])) };

/**
 * Makes the app's public user fields part of its embedded profiles, under each of `keys`.
 *
 * @example
 * registerUserProfile([database, ...resources], userFields.public);
 */
export function registerUserProfile(keys: readonly object[], publicFields: readonly ResolvedField[]): void {
  if (publicFields.length === 0) return;
  const fields = [...base, ...publicFields];
  const properties: Record<string, JsonSchema> = { ...(userProfileJsonSchema.properties as Record<string, JsonSchema>) };
  for (const f of publicFields) properties[f.name] = fieldJsonSchema({ ...f, field: f.field.optional() });
  const profile: Profile = { fields, schema: { ...userProfileJsonSchema, properties }, paths: new Map(fields.map((f) => [f.name, f])) };
  for (const key of keys) profiles.set(key, profile);
}

const profileOf = (key: object | undefined): Profile => (key && profiles.get(key)) || defaultProfile;

/** JSON Schema of an embedded user profile, in the responses of `key` (a resource of the app). */
export function userProfileJsonSchemaOf(key?: object): JsonSchema {
  return profileOf(key).schema;
}

/**
 * Loads the public profiles of `ids` in one query, keyed by id.
 *
 * @example
 * const byId = await loadUserProfiles(database, ['0193...']); // Map { '0193...' => { id, name, username } }
 */
export async function loadUserProfiles(database: Database, ids: readonly string[]): Promise<Map<string, RecordData>> {
  if (ids.length === 0) return new Map();
  const { fields } = profileOf(database);
  const rows = await database.db.selectFrom(usersTarget).select(fields.map((f) => f.column)).where('id', 'in', ids).execute();
  const toProfile = (row: Record<string, unknown>): RecordData => {
    const profile: RecordData = {};
    for (const f of fields) {
      const raw = row[f.column];
      profile[f.name] = raw === null || raw === undefined ? null : f.system ? String(raw) : f.field.spec.fromDb(raw, database.dialect);
    }
    return profile;
  };
  return new Map(rows.map((row) => [String(row.id), toProfile(row)]));
}

/**
 * The users' fields a relation path of `key` (a resource of the app) may filter on: the
 * public ones only. Email, role, private fields and the password
 * hash can never be probed through another resource's filters.
 */
export function userPathFieldsOf(key?: object): ReadonlyMap<string, ResolvedField> {
  return profileOf(key).paths;
}

/** The default app's {@link userPathFieldsOf}. */
export const userPathFields: ReadonlyMap<string, ResolvedField> = defaultProfile.paths;
