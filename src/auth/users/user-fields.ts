import type { z } from 'zod';
import type { ColumnModel, IndexModel } from '../../db/migrations/index.js';
import type { Dialect } from '../../resources/fields/field.js';
import type { AnyField } from '../../resources/fields/index.js';
import { snakeCase, type ResolvedField } from '../../resources/resource.js';

/**
 * The app's own user fields, declared with the `field.*` builders resources use.
 *
 * @example
 * createApp({
 *   users: {
 *     fields: { username: field.string({ min: 1, max: 40 }).unique(), bio: field.string({ max: 2000 }).optional() },
 *     public: ['username', 'bio'],
 *   },
 * });
 */
export interface UserFieldsOptions {
  fields?: Record<string, AnyField>;
  /**
   * The fields other users see (`?include=<owner>`, filters through an owner): `id` and
   * `name` always, plus these. The rest are private: the user themself (`/auth/me`,
   * sessions) and admins only.
   */
  public?: readonly string[];
}

/** The app's user fields, resolved once per app. */
export interface UserFields {
  /** In declaration order, with snake_case columns. */
  readonly all: readonly ResolvedField[];
  readonly public: readonly ResolvedField[];
  /** The users table's extra columns and unique indexes. */
  readonly columns: readonly ColumnModel[];
  readonly indexes: readonly IndexModel[];
  /** The field whose column this is, for naming a unique violation. */
  byColumn(column: string): ResolvedField | undefined;
  /** zod shapes of the fields: `create` honours presence, `patch` makes each optional. */
  shape(mode: 'create' | 'patch', fields?: readonly ResolvedField[]): Record<string, z.ZodType>;
  /** Row values of checked input (defaults applied on create). */
  toRow(values: Record<string, unknown>, dialect: Dialect, mode: 'create' | 'patch'): Record<string, unknown>;
  /** JSON values of a row's columns, `null` when unset. */
  fromRow(row: Record<string, unknown>, dialect: Dialect, fields?: readonly ResolvedField[]): Record<string, unknown>;
}

// Names the users table or its JSON already uses, and ones that would read as credentials.
const reserved = new Set(['id', 'email', 'name', 'role', 'password', 'passwordHash', 'createdAt', 'updatedAt', 'emailVerifiedAt', 'totpSecret']);
const fieldPattern = /^[a-z][a-zA-Z0-9]*$/;

function refuse(name: string, why: string): never {
  throw new TypeError(`users.fields.${name}: ${why}`);
}

function check(name: string, f: AnyField): void {
  if (!fieldPattern.test(name)) refuse(name, 'a field name is camelCase letters and digits, starting with a letter');
  if (reserved.has(name)) refuse(name, 'this name belongs to Rampart (id, email, name, role, password, timestamps)');
  if (f.spec.reference) refuse(name, 'user fields cannot reference other records; give the other resource an owner or a reference to users');
  if (f.spec.element) refuse(name, 'array fields are not supported on users');
  if (f.flags.derive || f.flags.readOnly) refuse(name, '.derive() and .readOnly() are not supported on users: every user field is the user\'s to write');
}

/**
 * Resolves and checks the app's user fields; a bad declaration stops the app.
 *
 * @example
 * const userFields = resolveUserFields({ fields: { username: field.string({ max: 40 }).unique() }, public: ['username'] });
 */
export function resolveUserFields(options: UserFieldsOptions = {}): UserFields {
  const all: ResolvedField[] = Object.entries(options.fields ?? {}).map(([name, f]) => {
    check(name, f);
    return { name, column: snakeCase(name), field: f, system: false };
  });
  const byName = new Map(all.map((f) => [f.name, f]));
  const publicNames = new Set(options.public ?? []);
  for (const name of publicNames) {
    if (name !== 'name' && !byName.has(name)) throw new TypeError(`users.public: "${name}" is not a declared user field`);
  }
  const publicFields = all.filter((f) => publicNames.has(f.name));
  // Nullable whatever the field says: users made before a field was declared have no
  // value, and a NOT NULL column could not be added to a table that has rows. A
  // required field is required by the API instead (register, profile update).
  const columns: ColumnModel[] = all.map((f) => ({
    name: f.column,
    type: f.field.spec.column,
    notNull: false,
    ...(f.field.spec.decimal ? { decimal: { ...f.field.spec.decimal } } : {}),
  }));
  // Named `users_<column>_unique`: how PostgreSQL's violation is traced back to the field.
  const indexes: IndexModel[] = all.flatMap((f): IndexModel[] =>
    f.field.flags.unique
      ? [{ name: `users_${f.column}_unique`, columns: [f.column], unique: true }]
      : f.field.flags.index || f.field.flags.sortable || f.field.flags.filterable
        ? [{ name: `users_${f.column}_idx`, columns: [f.column], unique: false }]
        : [],
  );
  const byColumn = new Map(all.map((f) => [f.column, f]));

  return {
    all,
    public: publicFields,
    columns,
    indexes,
    byColumn: (column) => byColumn.get(column),
    shape(mode, fields = all) {
      const shape: Record<string, z.ZodType> = {};
      for (const f of fields) {
        const base = f.field.spec.input;
        const presence = f.field.flags.presence;
        if (mode === 'patch') shape[f.name] = (presence === 'optional' ? base.nullable() : base).optional();
        else shape[f.name] = presence === 'required' ? base : presence === 'optional' ? base.nullable().optional() : base.optional();
      }
      return shape;
    },
    toRow(values, dialect, mode) {
      const row: Record<string, unknown> = {};
      for (const f of all) {
        let value = values[f.name];
        if (value === undefined && mode === 'create') value = f.field.flags.default;
        if (value === undefined) continue;
        row[f.column] = value === null ? null : f.field.spec.toDb(value, dialect);
      }
      return row;
    },
    fromRow(row, dialect, fields = all) {
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const raw = row[f.column];
        out[f.name] = raw === null || raw === undefined ? null : f.field.spec.fromDb(raw, dialect);
      }
      return out;
    },
  };
}
