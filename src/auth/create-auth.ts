import { hkdfSync } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import type { Database } from '../db/database.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { AnyRoute } from '../routes/route.js';
import { createAuthService, type AuthHooks, type AuthService, type AuthServiceParts } from './auth-service.js';
import { registerAuthentication } from './authenticate.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { createAttemptLimiter, createMemoryAttemptStore, createRedisAttemptStore, type AttemptStore } from './limits/index.js';
import { prepareDummyHash } from './passwords/index.js';
import { resolveRoles, type RoleTable } from './roles.js';
import { accountRoutes } from './routes/account-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { authSchemasOf } from './schemas.js';
import { registerUserProfile } from '../resources/user-profiles.js';
import { sessionRoutes } from './routes/session-routes.js';
import { createTokenService, refreshTokensTable, type TokenServiceOptions } from './tokens/index.js';
import { tokenLifetimes, type TokenLifetimes } from './tokens/token-lifetimes.js';
import { authSchemes } from './auth-schemes.js';
import { createUserRepository, resolveUserFields, usersTable, usersTableOf, type UserFields, type UserFieldsOptions } from './users/index.js';

/** The tables authentication keeps, for `prepareSchema`'s `extraTables`. */
export const authTables = [usersTable, refreshTokensTable];

/**
 * {@link authTables} with the app's user fields as columns of `users`.
 *
 * @example
 * extraTables: authTablesOf(options.users)
 */
export function authTablesOf(users?: UserFieldsOptions) {
  return [usersTableOf(resolveUserFields(users)), refreshTokensTable];
}

const purgeEveryMs = 3600_000;
const accountLoginBudget = { max: 10, windowMs: 3600_000 };

/** Authentication for one app: services, its routes, and the request hook. */
export interface Auth {
  /** What server code gets as `ctx.auth` and `app.auth`, and what the routes call. */
  service: AuthService;
  routes: AnyRoute[];
  roles: ReadonlyMap<string, ReadonlySet<string>>;
  /** The app's user fields, resolved (`users.fields`, `users.public`). */
  userFields: UserFields;
  /** Registers the cookie parser and the hook that sets `request.user`. */
  register(fastify: FastifyInstance): Promise<void>;
  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is none. */
  bootstrapAdmin(log: (message: string) => void): Promise<void>;
}

/**
 * The token keys the configuration names. With JWT_PRIVATE_KEY, JWT_SECRET is optional
 * and not generated: it would only seal refresh successors, and the service derives
 * that key from the private key instead, the same on every instance.
 */
function tokenKeys(config: Config): Pick<TokenServiceOptions, 'secret' | 'previousSecret' | 'privateKey' | 'previousPublicKey'> {
  if (config.jwtPrivateKey) {
    return {
      privateKey: config.jwtPrivateKey,
      previousPublicKey: config.jwtPublicKeyPrevious,
      secret: config.jwtSecret,
      previousSecret: config.jwtSecretPrevious,
    };
  }
  return { secret: resolveJwtSecret(config), previousSecret: config.jwtSecretPrevious };
}

/**
 * The key login budgets hash their keys under (HKDF-SHA256 with a label of its own, so
 * it is unrelated to the token keys it comes from): the same on every instance and
 * across restarts of one app, since it derives from what its tokens are signed with.
 */
function attemptKeySecret(keys: ReturnType<typeof tokenKeys>): Buffer {
  const material = keys.secret ?? keys.privateKey ?? '';
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'rampart attempt-limiter keys', 32));
}

/** Options of {@link createAuth}. */
export interface AuthOptions {
  /** Roles and the permissions they grant, beside `admin` and `user`. */
  roles?: RoleTable;
  /** Token lifetimes within their bounds (see token-lifetimes.ts). */
  lifetimes?: TokenLifetimes;
  /** `Authorization` schemes accepted beside `Bearer` (see auth-schemes.ts). */
  schemes?: readonly string[];
  /** When set, login attempts are counted in Redis, shared by every instance (fail closed). */
  redis?: RedisConnection;
  /** The app's own user fields and which of them other users see. */
  users?: UserFieldsOptions;
  /** Code run inside the transactions that create users and start sessions. */
  hooks?: AuthHooks;
  /** The hooks' records, jobs and events for a transaction (called only once requests run). */
  environment?: AuthServiceParts['environment'];
  /** Called after a user's name or fields change (the read cache drops answers embedding profiles). */
  onProfileChange?: AuthServiceParts['onProfileChange'];
}

// One process counts in memory; instances sharing a Redis must share the count too, or
// each would grant an account its own 10 guesses an hour.
function attemptStore(config: Config, redis: RedisConnection | undefined): AttemptStore {
  return redis ? createRedisAttemptStore({ client: redis.client, prefix: `${config.redisPrefix}attempts:` }) : createMemoryAttemptStore();
}

/**
 * Builds authentication over the app's database and configuration.
 *
 * @example
 * const auth = createAuth(config, database, { roles: { moderator: ['posts:delete'] }, redis });
 * await auth.register(fastify);
 */
export function createAuth(config: Config, database: Database, options: AuthOptions = {}): Auth {
  const roles = resolveRoles(options.roles);
  const lifetimes = tokenLifetimes(options.lifetimes);
  const refreshTtlSeconds = lifetimes.refresh;
  // Once: in tests and in-memory development, each call would generate another secret.
  const keys = tokenKeys(config);
  const tokens = createTokenService(
    {
      ...keys,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      refreshTtlSeconds,
      accessTtlSeconds: lifetimes.access,
      // Read at each call (not a captured Date.now), so tests can move the clock.
      now: () => Date.now(),
    },
    database,
  );
  const userFields = resolveUserFields(options.users);
  // Includes of owners load the app's public user fields through the database.
  registerUserProfile([database], userFields.public);
  const users = createUserRepository(database, { passwordPolicy: { minLength: config.passwordMinLength }, fields: userFields, roles: new Set(roles.keys()) });
  const accountLogins = createAttemptLimiter({
    store: attemptStore(config, options.redis),
    ...accountLoginBudget,
    prefix: 'login',
    keySecret: attemptKeySecret(keys),
  });
  const service = createAuthService({
    database,
    users,
    tokens,
    accountLogins,
    refreshTtlSeconds,
    hooks: options.hooks,
    environment: options.environment,
    onProfileChange: options.onProfileChange,
  });
  const routeParts = { config, auth: service, schemas: authSchemasOf(userFields) };
  return {
    service,
    roles,
    userFields,
    routes: [...sessionRoutes(routeParts), ...accountRoutes(routeParts), ...profileRoutes(routeParts)],
    async register(fastify) {
      // Only the session routes read a cookie (session-transport.ts parses it there), so
      // no hook parses the Cookie header of every request.
      await fastify.register(cookie, { hook: false });
      registerAuthentication(fastify, tokens, roles, authSchemes(options.schemes));
      // Spent, revoked and expired refresh tokens would otherwise pile up for ever.
      const purge = () => tokens.purgeExpired().catch((err: unknown) => fastify.log.warn({ err }, 'refresh token purge failed'));
      const timer = setInterval(purge, purgeEveryMs).unref();
      fastify.addHook('onClose', async () => clearInterval(timer));
      await purge();
      // Made now so the first login for an unknown email costs what every other does.
      await prepareDummyHash();
    },
    async bootstrapAdmin(log) {
      if (!config.admin || (await users.countByRole('admin')) > 0) return;
      // Not through the service: this runs while the schema is being prepared, before the
      // app's records exist for `afterRegister` to write to.
      await users.createUser({ ...config.admin, role: 'admin', fieldsOptional: true });
      // Not the address itself: logs travel further than the environment it came from.
      log('created the first admin from ADMIN_EMAIL');
    },
  };
}
