/*
 * Users: the `users` table, email normalization and the repository that keeps the
 * password hash to itself.
 */
export { usersTable, usersTableOf } from './users-table.js';
export { resolveUserFields, type UserFields, type UserFieldsOptions } from './user-fields.js';
export { emailProblem, normalizeEmail, tryNormalizeEmail } from './normalize-email.js';
export { publicUserColumns, toPublicUser, type PublicUser, type PublicUserRow, type UserRow } from './public-user.js';
export { validateNewPassword, validateNewUser, type NewUser, type ValidNewUser } from './user-input.js';
export {
  createUserRepository,
  type ListUsersOptions,
  type PreparedUser,
  type ProfileChange,
  type UserRepository,
  type UserRepositoryOptions,
} from './user-repository.js';
