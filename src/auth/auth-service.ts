import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { isForeignKeyViolation } from '../db/constraint-errors.js';
import { runTransaction, scopeOf } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { HookContext } from '../resources/hooks.js';
import type { AuthHooks, AuthService, NewUserInput, Session } from './auth-service-api.js';
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

export type { AuthHookContext, AuthHooks, AuthService, NewUserInput, Session, WithTransaction } from './auth-service-api.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Executor = Kysely<any>;

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
  /**
   * Called once a change of a user's name or fields has committed: cached answers that
   * embed public profiles (`?include=<owner>`) are stale from then on. Must not reject.
   */
  onProfileChange?: () => Promise<void>;
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

  const prepare = ({ email, password, name, ...fields }: NewUserInput, role?: string): Promise<PreparedUser> =>
    // The rest are checked strictly against the declared user fields: a role in the input is refused, never written.
    users.prepareUser({ email, password, name: name as string | null | undefined, role, fields });

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

  /** The account behind a signed-in change, after its current password is checked. */
  async function confirmed(userId: string, currentPassword: string): Promise<PublicUser> {
    const account = await users.findUserById(userId);
    if (!account) throw accountGone();
    // Guesses of the current password spend the account's login budget, so a stolen
    // access token cannot be used to brute-force it from many addresses.
    if (!(await checkCurrent(account.email, currentPassword))) {
      throw new AppError('RAMPART_VALIDATION', 'The body is invalid.', {
        errors: [{ path: 'body.currentPassword', message: 'does not match' }],
      });
    }
    return account;
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
      await confirmed(userId, currentPassword);
      await storePassword(userId, await users.hashNewPassword(newPassword), undefined, keep);
    },

    async updateProfile(userId, change, { trx } = {}) {
      const user = await users.updateProfile(userId, change, trx);
      const announce = parts.onProfileChange;
      // After the commit: a read between an early invalidation and the commit would cache the old profile again.
      const scope = trx && scopeOf(trx);
      if (announce && scope) scope.afterCommit(announce);
      else if (announce) await announce();
      return user;
    },

    async changeEmail(userId, currentPassword, newEmail, { keep } = {}) {
      await confirmed(userId, currentPassword);
      return inTransaction(undefined, async (trx) => {
        const user = await users.setEmail(userId, newEmail, trx);
        await tokens.revokeUserFamilies(userId, { except: keep, trx });
        return user;
      });
    },

    revokeSessions: (userId, { trx, except } = {}) => tokens.revokeUserFamilies(userId, { trx, except }),
  };
  return service;
}
