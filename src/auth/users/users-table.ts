import type { TableModel } from '../../db/migrations/index.js';
import type { UserFields } from './user-fields.js';

/**
 * The `users` table, managed by the same migrations as the resources' tables (pass it
 * in `extraTables`). Resources point at it with `field.reference('users')`.
 *
 * - `email` is stored normalized (see `normalizeEmail`), so the unique index makes
 *   emails unique whatever their case; PostgreSQL reports a violation by this index's
 *   name, which is how a duplicate becomes a 409 on `body.email`.
 * - `password_hash` is an argon2id PHC string; it never leaves the user repository.
 * - `role` + `id` serves `countByRole` (is there an admin yet?) and listings by role.
 *
 * @example
 * await prepareSchema(database, resources, { dir: 'migrations', env: config.nodeEnv, extraTables: [usersTable] });
 */
export const usersTable: TableModel = {
  name: 'users',
  columns: [
    { name: 'id', type: 'uuid', notNull: true, primaryKey: true },
    { name: 'email', type: 'text', notNull: true },
    { name: 'name', type: 'text', notNull: false },
    { name: 'role', type: 'text', notNull: true, default: "'user'" },
    { name: 'password_hash', type: 'text', notNull: true },
    { name: 'created_at', type: 'timestamp', notNull: true },
    { name: 'updated_at', type: 'timestamp', notNull: true },
  ],
  indexes: [
    { name: 'users_email_unique', columns: ['email'], unique: true },
    { name: 'users_role_idx', columns: ['role', 'id'], unique: false },
  ],
};

/**
 * The `users` table with the app's user fields (`users.fields`) as nullable columns and
 * their indexes: what the migration diff compares the database with.
 *
 * @example
 * const table = usersTableOf(resolveUserFields({ fields: { username: field.string({ max: 40 }).unique() } }));
 */
export function usersTableOf(fields?: UserFields): TableModel {
  if (!fields || fields.all.length === 0) return usersTable;
  return {
    ...usersTable,
    columns: [...usersTable.columns, ...fields.columns],
    indexes: [...usersTable.indexes, ...fields.indexes],
  };
}
