import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { isForeignKeyViolation } from '../db/constraint-errors.js';
import { runTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { HookContext } from '../resources/hooks.js';
import type { AttemptLimiter } from './limits/index.js';
import { judgedAttempt } from './limits/index.js';
import type { TokenService } from './tokens/index.js';
import { tryNormalizeEmail, type PreparedUser, type PublicUser, type UserRepository } from './users/index.js';

/*
 * One service behind every way of signing up, signing in and managing passwords: the
 * HTTP routes are thin over it, and server code (custom routes, hooks, jobs) gets the
 * same object, so the policy, the throttling and the token rotation cannot be skipped
 * by taking another path.
 */

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

/** What `register` takes: the fields a client may send. The role is server code's to give, in the options. */
export interface NewUserInput {
  email: string;
  password: string;
  name?: string | null;
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
  /** Revokes every refresh-token family of the user, but `except`'s. */
  revokeSessions(userId: string, options?: WithTransaction & { except?: string }): Promise<void>;
  /** The stored users (read, list; the repository keeps password hashes to itself). */
  readonly users: UserRepository;
}

/** What {@link createAuthService} works with. */
export interface AuthServiceParts {
  database: Database;
  users: UserRepository;
  tokens: TokenService;
  /** Login attempts per account (any source address), reset by a successful check. */
  accountLogins: AttemptLimiter;
  /** The absolute lifetime of a session (refresh-token family), in seconds. */
  refreshTtlSeconds: number;
  hooks?: AuthHooks;
  /** The records, jobs and events of a transaction, for the hooks; the app provides it once it is built. */
  environment?: (trx: Transaction<unknown>) => Omit<HookContext, 'trx' | 'user'>;
}

const unauthenticated = (detail: string) => new AppError('RAMPART_UNAUTHENTICATED', detail, { headers: { 'www-authenticate': 'Bearer' } });
const badCredentials = () => unauthenticated('Invalid email or password.');
/** The 401 for a valid token whose user has since been deleted. */
export const accountGone = () => unauthenticated('The account no longer exists.');

/**
 * Builds the auth service of an app.
 *
 * @example
 * const auth = createAuthService({ database, users, tokens, accountLogins, hooks: options.authHooks, environment });
 * const session = await auth.login('ann@example.com', 'a long passphrase');
 */
export function createAuthService(parts: AuthServiceParts): AuthService {
  const { database, users, tokens, accountLogins, hooks = {} } = parts;
  // Hooks are app code that may reach for the root database: the transaction is made
  // current for them (see db/transactions.ts), and only then, since that costs.
  const appCode = Boolean(hooks.afterRegister || hooks.afterLogin);
  const inTransaction = <T>(trx: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> =>
    trx ? work(trx) : runTransaction(database.db, work, { appCode });

  async function runHook(name: keyof AuthHooks, user: PublicUser, trx: Executor): Promise<void> {
    const hook = hooks[name];
    if (!hook) return;
    if (!parts.environment) throw new TypeError(`authHooks.${name}: the app has not provided the hooks' environment`);
    await hook(user, { ...parts.environment(trx as Transaction<unknown>), trx: trx as Transaction<unknown> });
  }

  const prepare = (input: NewUserInput, role?: string): Promise<PreparedUser> =>
    // Field by field: nothing else a body may carry (a role above all) reaches the row.
    users.prepareUser({ email: input.email, password: input.password, name: input.name, role });

  async function insert(prepared: PreparedUser, trx: Executor): Promise<PublicUser> {
    const user = await users.insertUser(prepared, trx);
    await runHook('afterRegister', user, trx);
    return user;
  }

  async function storeFamily(userId: string, trx: Executor): Promise<{ user: PublicUser; refreshToken: string }> {
    const user = await users.findUserById(userId, trx);
    if (!user) throw new AppError('RAMPART_NOT_FOUND', 'No user with this id.');
    const refreshToken = await tokens.startFamily(user.id, { trx });
    await runHook('afterLogin', user, trx);
    return { user, refreshToken };
  }

  // Signed after the commit: a token for a session whose transaction rolled back would be valid for nothing.
  function issue(user: PublicUser, refreshToken: string, refreshExpiresAt: Date): Session {
    const { accessToken, expiresIn } = tokens.issueAccessToken({ id: user.id, role: user.role });
    return { user, accessToken, refreshToken, tokenType: 'Bearer', expiresIn, refreshExpiresAt };
  }
  const familyExpiry = () => new Date(Date.now() + parts.refreshTtlSeconds * 1000);

  async function checkCurrent(email: string, password: string): Promise<PublicUser | null> {
    return judgedAttempt({
      limiter: accountLogins,
      key: tryNormalizeEmail(email) ?? email,
      // A password no account can have (a lone surrogate) cannot match anything; it still counts.
      judge: async () => (/\p{Cs}/u.test(password) ? null : users.verifyCredentials(email, password)),
      refused: (budget) =>
        new AppError('RAMPART_RATE_LIMITED', `Too many login attempts for this account; retry in ${budget.retryAfterSeconds} s.`, {
          headers: { 'retry-after': String(budget.retryAfterSeconds) },
        }),
    });
  }

  async function storePassword(userId: string, passwordHash: string, trx: Executor | undefined, keep: string | undefined): Promise<void> {
    await inTransaction(trx, async (t) => {
      await users.setPasswordHash(userId, passwordHash, t);
      await tokens.revokeUserFamilies(userId, { except: keep, trx: t });
    });
  }

  const service: AuthService = {
    users,

    async register(input, { trx, role } = {}) {
      const prepared = await prepare(input, role);
      return inTransaction(trx, (t) => insert(prepared, t));
    },

    verifyCredentials: checkCurrent,

    async login(email, password) {
      const user = await checkCurrent(email, password);
      if (!user) throw badCredentials();
      return service.startSession(user);
    },

    async startSession({ id }, { trx } = {}) {
      const { user, refreshToken } = await inTransaction(trx, (t) => storeFamily(id, t));
      return issue(user, refreshToken, familyExpiry());
    },

    async signUp(input) {
      const prepared = await prepare(input);
      const { user, refreshToken } = await inTransaction(undefined, async (trx) => storeFamily((await insert(prepared, trx)).id, trx));
      return issue(user, refreshToken, familyExpiry());
    },

    async refresh(refreshToken) {
      const rotated = await tokens.rotate(refreshToken).catch((error: unknown) => {
        // A family whose user is gone (deleted without the cascade) is as dead as any.
        if (isForeignKeyViolation(error)) throw badCredentials();
        throw error;
      });
      const user = await users.findUserById(rotated.userId);
      if (!user) throw badCredentials();
      return issue(user, rotated.refreshToken, rotated.expiresAt);
    },

    endSession: (refreshToken) => tokens.revokeFamilyOf(refreshToken),

    async setPassword(userId, password, { trx, keep } = {}) {
      await storePassword(userId, await users.hashNewPassword(password, 'password'), trx, keep);
    },

    async changePassword(userId, currentPassword, newPassword, { keep } = {}) {
      const account = await users.findUserById(userId);
      if (!account) throw accountGone();
      // Guesses of the current password spend the account's login budget, so a stolen
      // access token cannot be used to brute-force it from many addresses.
      if (!(await checkCurrent(account.email, currentPassword))) {
        throw new AppError('RAMPART_VALIDATION', 'The body is invalid.', {
          errors: [{ path: 'body.currentPassword', message: 'does not match' }],
        });
      }
      await storePassword(userId, await users.hashNewPassword(newPassword), undefined, keep);
    },

    revokeSessions: (userId, { trx, except } = {}) => tokens.revokeUserFamilies(userId, { trx, except }),
  };
  return service;
}
