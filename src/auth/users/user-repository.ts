import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/database.js';
import { executorFor } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword, type PasswordPolicy } from '../passwords/index.js';
import { emailProblem, normalizeEmail, tryNormalizeEmail } from './normalize-email.js';
import { publicUserColumns, toPublicUser, type PublicUser, type PublicUserRow, type UserRow } from './public-user.js';
import { uniqueViolationColumn } from '../../db/constraint-errors.js';
import { resolveUserFields, type UserFields } from './user-fields.js';
import { checkFields, checkName, validateNewPassword, validateNewUser, type NewUser } from './user-input.js';
import type { FieldIssue } from '../../errors/app-error.js';

/** Options of {@link createUserRepository}. */
export interface UserRepositoryOptions {
  /** Bounds for new passwords; pass `{ minLength: config.passwordMinLength }`. */
  passwordPolicy?: PasswordPolicy;
  /** The app's user fields (see `resolveUserFields`); none by default. */
  fields?: UserFields;
  /** The roles the app declares: a user with any other role could never be authorized sensibly, so it is refused. */
  roles?: ReadonlySet<string>;
}

/** A change of one's profile: the display name and the app's user fields. */
export interface ProfileChange {
  name?: string | null;
  [field: string]: unknown;
}

/** Paging of {@link UserRepository.listUsers}: at most 100 users per call. */
export interface ListUsersOptions {
  limit?: number;
  offset?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Executor = Kysely<any>;

/** A new user checked and hashed, ready to insert: argon2 has run, no transaction is open yet. */
export interface PreparedUser {
  readonly row: UserRow & Record<string, unknown>;
}

/** The stored users. Every answer is a {@link PublicUser}: the password hash stays inside. */
export interface UserRepository {
  /** Validates, hashes the password, stores; a taken email is a 409 on `body.email`. */
  createUser(input: NewUser, options?: { trx?: Executor }): Promise<PublicUser>;
  /**
   * Validates and hashes, without writing: the hash (tens of milliseconds) then runs
   * before the transaction that inserts, which on SQLite would hold the one connection.
   */
  prepareUser(input: NewUser): Promise<PreparedUser>;
  /** Inserts a prepared user on `trx` (default: the transaction open in this async context, else the database). */
  insertUser(prepared: PreparedUser, trx?: Executor): Promise<PublicUser>;
  /** Checks a replacement password against the policy (400 naming `path`) and hashes it. */
  hashNewPassword(password: string, path?: string): Promise<string>;
  /** Stores a hash made by {@link hashNewPassword}; a missing user is a 404. */
  setPasswordHash(userId: string, passwordHash: string, trx?: Executor): Promise<PublicUser>;
  /** Changes the name and user fields given (checked; `null` clears an optional one); a taken unique value is a 409 naming the field. */
  updateProfile(userId: string, change: ProfileChange, trx?: Executor): Promise<PublicUser>;
  /** Replaces the email (checked, normalized); a taken one is a 409 on `body.email`. */
  setEmail(userId: string, email: string, trx?: Executor): Promise<PublicUser>;
  findUserByEmail(email: string): Promise<PublicUser | null>;
  /** On `trx` when given (a user inserted by a transaction that is still open). */
  findUserById(id: string, trx?: Executor): Promise<PublicUser | null>;
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
  const fields = options.fields ?? resolveUserFields();
  const columns = [...publicUserColumns, ...fields.all.map((f) => f.column)];
  const toUser = (row: PublicUserRow & Record<string, unknown>): PublicUser => ({ ...toPublicUser(row), ...fields.fromRow(row, dialect) });
  const invalid = (issues: FieldIssue[]) => new AppError('RAMPART_VALIDATION', 'The user is not valid.', { errors: issues });
  // A taken email or unique user field is a 409 naming it, whichever write hit it.
  const conflict = (error: unknown): never => {
    const column = uniqueViolationColumn(error, 'users');
    const name = column === 'email' ? 'email' : column ? fields.byColumn(column)?.name : undefined;
    if (!name) throw error;
    throw new AppError('RAMPART_UNIQUE_VIOLATION', `Another user already has this ${name}.`, {
      errors: [{ path: `body.${name}`, message: 'already taken' }],
    });
  };
  const update = async (userId: string, set: Record<string, unknown>, trx?: Executor): Promise<PublicUser> => {
    const row = (await (trx ?? executorFor(db))
      .updateTable('users')
      .set({ ...set, updated_at: timestamp(new Date().toISOString()) })
      .where('id', '=', userId)
      .returning(columns)
      .executeTakeFirst()
      .catch(conflict)) as (PublicUserRow & Record<string, unknown>) | undefined;
    if (!row) throw new AppError('RAMPART_NOT_FOUND', 'No user with this id.');
    return toUser(row);
  };
  const timestamp = (iso: string) => (dialect === 'sqlite' ? iso : new Date(iso));
  // The transaction open in this async context, if any: on SQLite a query on the root
  // database would wait for that transaction's connection for ever.
  const selectPublic = (trx?: Executor) => (trx ?? executorFor(db)).selectFrom('users').select(columns);
  const one = async (query: ReturnType<typeof selectPublic>) => {
    const row = (await query.executeTakeFirst()) as (PublicUserRow & Record<string, unknown>) | undefined;
    return row ? toUser(row) : null;
  };

  const repository: UserRepository = {
    async createUser(input, { trx } = {}) {
      return repository.insertUser(await repository.prepareUser(input), trx);
    },

    async prepareUser(input) {
      const user = validateNewUser(input, policy, fields, options.roles);
      const now = timestamp(new Date().toISOString());
      const row = {
        ...fields.toRow(user.fields, dialect, 'create'),
        id: uuidv7(),
        email: user.email,
        name: user.name,
        role: user.role,
        password_hash: await hashPassword(user.password),
        created_at: now,
        updated_at: now,
      };
      return { row };
    },

    async insertUser({ row }, trx) {
      await (trx ?? executorFor(db)).insertInto('users').values(row).execute().catch(conflict);
      return toUser(row);
    },

    async hashNewPassword(password, path) {
      validateNewPassword(password, policy, path);
      return hashPassword(password);
    },

    setPasswordHash: (userId, passwordHash, trx) => update(userId, { password_hash: passwordHash }, trx),

    async updateProfile(userId, change, trx) {
      const issues: FieldIssue[] = [];
      const { name, ...rest } = change;
      const set: Record<string, unknown> = {};
      if (name !== undefined) set.name = checkName(name, issues);
      const values = checkFields(rest, fields, 'patch', issues);
      if (issues.length > 0) throw invalid(issues);
      Object.assign(set, fields.toRow(values, dialect, 'patch'));
      return update(userId, set, trx);
    },

    async setEmail(userId, email, trx) {
      const message = emailProblem(email);
      if (message !== null) throw invalid([{ path: 'body.email', message }]);
      return update(userId, { email: normalizeEmail(email) }, trx);
    },

    async findUserByEmail(email) {
      const normalized = tryNormalizeEmail(email);
      return normalized === null ? null : one(selectPublic().where('email', '=', normalized));
    },

    findUserById(id, trx) {
      return one(selectPublic(trx).where('id', '=', id));
    },

    async verifyCredentials(email, password) {
      const normalized = tryNormalizeEmail(email);
      const row = normalized === null
        ? undefined
        : ((await executorFor(db).selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst()) as UserRow | undefined);
      // Same work, same answer for "no such user" and "wrong password": no account enumeration.
      if (!row) {
        await verifyAgainstDummy(password);
        return null;
      }
      if (!(await verifyPassword(row.password_hash, password))) return null;
      if (needsRehash(row.password_hash)) {
        // The one moment the plain password is known: upgrade hashes made with weaker parameters.
        const upgraded = await hashPassword(password);
        await executorFor(db).updateTable('users').set({ password_hash: upgraded }).where('id', '=', row.id).execute();
      }
      return toUser(row as UserRow & Record<string, unknown>);
    },

    async changePassword(userId, newPassword) {
      return repository.setPasswordHash(userId, await repository.hashNewPassword(newPassword));
    },

    async listUsers({ limit = 20, offset = 0 } = {}) {
      if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || limit < 1 || offset < 0) {
        throw new RangeError(`listUsers: expected a positive limit and a non-negative offset, got ${limit} and ${offset}`);
      }
      const rows = (await selectPublic()
        .orderBy('id')
        .limit(Math.min(limit, maxListLimit))
        .offset(offset)
        .execute()) as (PublicUserRow & Record<string, unknown>)[];
      return rows.map(toUser);
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
  return repository;
}
