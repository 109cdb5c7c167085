import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword, type PasswordPolicy } from '../passwords/index.js';
import { tryNormalizeEmail } from './normalize-email.js';
import { publicUserColumns, toPublicUser, type PublicUser, type PublicUserRow, type UserRow } from './public-user.js';
import { uniqueViolationColumn } from '../../db/constraint-errors.js';
import { validateNewPassword, validateNewUser, type NewUser } from './user-input.js';

/** Options of {@link createUserRepository}. */
export interface UserRepositoryOptions {
  /** Bounds for new passwords; pass `{ minLength: config.passwordMinLength }`. */
  passwordPolicy?: PasswordPolicy;
}

/** Paging of {@link UserRepository.listUsers}: at most 100 users per call. */
export interface ListUsersOptions {
  limit?: number;
  offset?: number;
}

/** The stored users. Every answer is a {@link PublicUser}: the password hash stays inside. */
export interface UserRepository {
  /** Validates, hashes the password, stores; a taken email is a 409 on `body.email`. */
  createUser(input: NewUser): Promise<PublicUser>;
  findUserByEmail(email: string): Promise<PublicUser | null>;
  findUserById(id: string): Promise<PublicUser | null>;
  /** The user whose email and password these are, or `null`; always one argon2 run. */
  verifyCredentials(email: string, password: string): Promise<PublicUser | null>;
  /** Replaces the password (checked against the policy); a missing user is a 404. */
  changePassword(userId: string, newPassword: string): Promise<PublicUser>;
  /** Users in creation order (ids are UUIDv7). */
  listUsers(options?: ListUsersOptions): Promise<PublicUser[]>;
  countByRole(role: string): Promise<number>;
}

const maxListLimit = 100;

/**
 * The user repository over the `users` table (see `usersTable`).
 *
 * @example
 * const users = createUserRepository(database, { passwordPolicy: { minLength: config.passwordMinLength } });
 * const ann = await users.createUser({ email: 'ann@example.com', password: 'a long passphrase' });
 * const same = await users.verifyCredentials('ANN@example.com', 'a long passphrase'); // ann
 */
export function createUserRepository(database: Database, options: UserRepositoryOptions = {}): UserRepository {
  const { db, dialect } = database;
  const policy = options.passwordPolicy ?? {};
  const timestamp = (iso: string) => (dialect === 'sqlite' ? iso : new Date(iso));
  const selectPublic = () => db.selectFrom('users').select([...publicUserColumns]);
  const one = async (query: ReturnType<typeof selectPublic>) => {
    const row = (await query.executeTakeFirst()) as PublicUserRow | undefined;
    return row ? toPublicUser(row) : null;
  };

  return {
    async createUser(input) {
      const user = validateNewUser(input, policy);
      const now = timestamp(new Date().toISOString());
      const row = {
        id: uuidv7(),
        email: user.email,
        name: user.name,
        role: user.role,
        password_hash: await hashPassword(user.password),
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (error) {
        if (uniqueViolationColumn(error, 'users') !== 'email') throw error;
        throw new AppError('RAMPART_UNIQUE_VIOLATION', 'Another user already has this email.', {
          errors: [{ path: 'body.email', message: 'already taken' }],
        });
      }
      return toPublicUser(row);
    },

    async findUserByEmail(email) {
      const normalized = tryNormalizeEmail(email);
      return normalized === null ? null : one(selectPublic().where('email', '=', normalized));
    },

    findUserById(id) {
      return one(selectPublic().where('id', '=', id));
    },

    async verifyCredentials(email, password) {
      const normalized = tryNormalizeEmail(email);
      const row = normalized === null
        ? undefined
        : ((await db.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst()) as UserRow | undefined);
      // Same work, same answer for "no such user" and "wrong password": no account enumeration.
      if (!row) {
        await verifyAgainstDummy(password);
        return null;
      }
      if (!(await verifyPassword(row.password_hash, password))) return null;
      if (needsRehash(row.password_hash)) {
        // The one moment the plain password is known: upgrade hashes made with weaker parameters.
        const upgraded = await hashPassword(password);
        await db.updateTable('users').set({ password_hash: upgraded }).where('id', '=', row.id).execute();
      }
      return toPublicUser(row);
    },

    async changePassword(userId, newPassword) {
      validateNewPassword(newPassword, policy);
      const passwordHash = await hashPassword(newPassword);
      const row = (await db
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: timestamp(new Date().toISOString()) })
        .where('id', '=', userId)
        .returning([...publicUserColumns])
        .executeTakeFirst()) as PublicUserRow | undefined;
      if (!row) throw new AppError('RAMPART_NOT_FOUND', 'No user with this id.');
      return toPublicUser(row);
    },

    async listUsers({ limit = 20, offset = 0 } = {}) {
      if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || limit < 1 || offset < 0) {
        throw new RangeError(`listUsers: expected a positive limit and a non-negative offset, got ${limit} and ${offset}`);
      }
      const rows = (await selectPublic()
        .orderBy('id')
        .limit(Math.min(limit, maxListLimit))
        .offset(offset)
        .execute()) as PublicUserRow[];
      return rows.map(toPublicUser);
    },

    async countByRole(role) {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      // PostgreSQL answers count(*) as a bigint string.
      return Number(row.count);
    },
  };
}
