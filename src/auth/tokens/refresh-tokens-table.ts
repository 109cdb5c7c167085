import { column, type TableModel } from '../../db/migrations/schema-model.js';

/*
 * One row per refresh token ever issued. A family is the chain of tokens descending
 * from one login; every row of a family carries the family's absolute expiry, so no
 * rotation can extend it. The token itself is never stored: `token_hash` is its
 * SHA-256, enough for a 256-bit random secret (nothing to brute-force, so no salt or
 * slow hash is needed). `successor_ciphertext` holds the successor token, encrypted,
 * only for the grace window after a rotation.
 */


/** The table name of {@link refreshTokensTable}. */
export const refreshTokensTableName = 'rampart_refresh_tokens';

/**
 * The refresh-token table, for `prepareSchema`'s `extraTables` (it references `users`,
 * which must be managed alongside).
 *
 * @example
 * await prepareSchema(database, resources, { dir: 'migrations', env, extraTables: [usersTable, refreshTokensTable] });
 */
export const refreshTokensTable: TableModel = {
  name: refreshTokensTableName,
  columns: [
    { ...column('id', 'uuid', true), primaryKey: true },
    column('family_id', 'uuid', true),
    {
      ...column('user_id', 'uuid', true),
      // Deleting a user deletes their sessions with them.
      references: { table: 'users', column: 'id', onDelete: 'cascade' },
    },
    column('token_hash', 'text', true),
    column('created_at', 'timestamp', true),
    column('family_expires_at', 'timestamp', true),
    column('rotated_at', 'timestamp', false),
    column('replaced_by', 'uuid', false),
    column('successor_ciphertext', 'text', false),
    column('revoked_at', 'timestamp', false),
  ],
  indexes: [
    { name: `${refreshTokensTableName}_token_hash_unique`, columns: ['token_hash'], unique: true },
    { name: `${refreshTokensTableName}_family_id_idx`, columns: ['family_id'], unique: false },
    { name: `${refreshTokensTableName}_user_id_idx`, columns: ['user_id'], unique: false },
  ],
};
