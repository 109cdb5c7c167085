import type { Kysely } from 'kysely';
import type { HookContext } from '../resources/hooks.js';
import type { ProfileChange, PublicUser, UserRepository } from './users/index.js';

/* The auth service's contract: what server code (ctx.auth, app.auth) may call. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Executor = Kysely<any>;

/** A started session, as login answers it. */
export interface Session {
  user: PublicUser;
  /** A short-lived JWT for `Authorization: Bearer`. */
  accessToken: string;
  /** Opaque, single use: `refresh` spends it and hands out the next one. */
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** When the refresh-token family ends, whatever its rotations (a cookie's `Expires`). */
  refreshExpiresAt: Date;
}

/**
 * What `register` takes: the fields a client may send, and the app's user fields
 * (`users.fields`) beside them. The role is server code's to give, in the options; a
 * `role` (or any undeclared key) here is a 400.
 */
export interface NewUserInput {
  email: string;
  password: string;
  name?: string | null;
  [field: string]: unknown;
}

/** What an auth lifecycle hook receives: the hook context of the registration's (or session's) transaction. */
export type AuthHookContext = Omit<HookContext, 'user'>;

/**
 * Code run inside the transaction that creates a user or starts a session: what it
 * writes commits with the user (or the session) or not at all, and a throw refuses the
 * registration (or login) with that error.
 *
 * @example
 * authHooks: {
 *   afterRegister: async (user, { records }) => { await records(profiles).create({ user: user.id }); },
 * }
 */
export interface AuthHooks {
  /** After the user row is inserted, whether through `POST /auth/register` or `auth.register`. */
  afterRegister?(user: PublicUser, ctx: AuthHookContext): unknown;
  /** After a session's refresh-token family is stored: login, registration, `auth.startSession`. */
  afterLogin?(user: PublicUser, ctx: AuthHookContext): unknown;
}

/** Where a write runs: `trx` makes it part of the caller's transaction. */
export interface WithTransaction {
  trx?: Executor;
}

/**
 * Authentication for server code: `ctx.auth` in custom routes, bound routes, resource
 * hooks and jobs, and `app.auth`. The HTTP auth routes do nothing but call it.
 *
 * @example
 * route({ method: 'POST', path: '/api/v1/signup', access: allow.public, body,
 *   handler: async ({ body, auth, db }) => db.transaction(async (trx) => {
 *     const user = await auth.register({ email: body.email, password: body.password }, { trx });
 *     return { data: await auth.startSession(user, { trx }) };
 *   }),
 * });
 */
export interface AuthService {
  /**
   * Creates a user: the password policy applies, a taken email is the 409 the register
   * route answers, `afterRegister` runs in the same transaction (`trx` when given).
   */
  register(input: NewUserInput, options?: WithTransaction & { role?: string }): Promise<PublicUser>;
  /**
   * The user these credentials are, or null: one argon2 run either way (a dummy hash
   * for unknown emails), counted against the account's login budget like the login
   * route (over it: a 429 with `Retry-After`, before any hashing).
   */
  verifyCredentials(email: string, password: string): Promise<PublicUser | null>;
  /** `verifyCredentials`, then a session; wrong credentials are the login route's 401. */
  login(email: string, password: string): Promise<Session>;
  /** Starts a session for a stored user (its role is read from the database); `afterLogin` runs. */
  startSession(user: { id: string }, options?: WithTransaction): Promise<Session>;
  /** Registration and its first session in one transaction, the password hashed before it opens. */
  signUp(input: NewUserInput): Promise<Session>;
  /** Rotates a refresh token (a replay revokes its family): a 401 for any unusable token. */
  refresh(refreshToken: string): Promise<Session>;
  /** Revokes the family of a refresh token; unknown tokens are ignored. */
  endSession(refreshToken: string): Promise<void>;
  /** Replaces a password (policy applies) and revokes every session but `keep`'s. */
  setPassword(userId: string, password: string, options?: WithTransaction & { keep?: string }): Promise<void>;
  /**
   * The signed-in user's change: the current password is checked under the account's
   * login budget (a wrong one is a 400 on `body.currentPassword`), then `setPassword`.
   */
  changePassword(userId: string, currentPassword: string, newPassword: string, options?: { keep?: string }): Promise<void>;
  /** Changes the user's name and user fields given (validated; a taken unique value is a 409 naming the field). */
  updateProfile(userId: string, change: ProfileChange, options?: WithTransaction): Promise<PublicUser>;
  /**
   * The signed-in user's email change: the current password is checked under the login
   * budget like `changePassword`, the new email must be free (409), and every other
   * session ends (`keep`'s survives).
   */
  changeEmail(userId: string, currentPassword: string, newEmail: string, options?: { keep?: string }): Promise<PublicUser>;
  /** Revokes every refresh-token family of the user, but `except`'s. */
  revokeSessions(userId: string, options?: WithTransaction & { except?: string }): Promise<void>;
  /** The stored users (read, list; the repository keeps password hashes to itself). */
  readonly users: UserRepository;
}
