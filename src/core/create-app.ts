import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { openDatabase, type Database } from '../db/database.js';
import { prepareSchema } from '../db/migrations/index.js';
import { StartupProblems } from './startup-problems.js';
import { registerHealth, type Lifecycle, type ReadinessCheck } from '../health/health.js';
import { clientErrorHandler, frameworkErrors } from '../http/client-errors.js';
import { registerHttp } from '../http/register-http.js';
import { errorWire } from '../wire/error-wire.js';
import type { ErrorFormat } from '../wire/error-format.js';
import { readBodiesOnlyWhenServed } from '../http/unread-bodies.js';
import { anonymousRefusal } from '../policies/guard.js';
import { registerRateLimit } from '../rate-limit/register-rate-limit.js';
import { registerIdempotency } from '../idempotency/index.js';
import { requestIdFor } from '../http/request-id.js';
import { registerMetrics, type Metrics } from '../metrics/metrics.js';
import { generateOpenApi, registerDocs } from '../openapi/index.js';
import { requireAccessRules } from '../policies/require-rules.js';
import { allow } from '../policies/rule.js';
import type { ListQueryOptions } from '../resources/query/list-query.js';
import type { AnyResource } from '../resources/resource.js';
import { registerResourceRoutes } from '../resources/routes.js';
import { ResourceService, type ResourceServiceOptions } from '../resources/service.js';
import { registerCustomRoute } from '../routes/register-route.js';
import type { AnyRoute } from '../routes/route.js';
import { inboundWebhooks, type AnyWebhook } from '../webhooks/inbound/index.js';
import { outboundWebhookRoutes } from '../webhooks/outbound/index.js';
import { defineDeliveryJob, enqueueReplay, recordOutboundEvent } from '../webhooks/outbound/outbox.js';
import { createAuth } from '../auth/create-auth.js';
import type { RoleTable } from '../auth/roles.js';
import { tokenLifetimes, type TokenLifetimes } from '../auth/tokens/token-lifetimes.js';
import { authSchemes } from '../auth/auth-schemes.js';
import { resolveUserFields, type UserFieldsOptions, type UserRepository } from '../auth/users/index.js';
import { registerUserProfile } from '../resources/user-profiles.js';
import { userOptionsOf, type UsersResource } from '../auth/users/users-resource.js';
import type { AuthHooks, AuthService } from '../auth/auth-service.js';
import { connectRedis, type RedisConnection } from '../redis/redis-connection.js';
import { createAppCache, type ReadCache } from '../cache/index.js';
import { appResources, internalTables } from './app-tables.js';
import { loadConfig, type Config } from './config.js';
import { closeConnectionsWhileShuttingDown, shutDown } from './lifecycle.js';
import { loggerOptions } from './logger.js';
import type { LogRedactionOptions } from './secret-names.js';
import { validateDefinitions } from './validate-definitions.js';
import { checkPlugins, registerPlugins, type AppPlugin } from './app-plugins.js';
import { domainEvents, knownEventTypes } from '../webhooks/outbound/domain-events.js';
import type { DomainEvents } from '../resources/events.js';
import { accessSubjects } from '../resources/access-subjects.js';
import { withTransactions, type AppDb } from '../db/transactions.js';
import { createAppJobs, createJobs, type JobQueue, type JobRegistry } from '../jobs/index.js';
import { createRecordStore, type RecordStore, type RecordStoreContext, type RecordStoreFactory } from '../resources/record-store.js';
import { apiPaths, mountRoutes, type ApiOptions } from '../wire/paths.js';
import { StartupError } from '../errors/app-error.js';
import { databaseStartupError } from '../db/connect-errors.js';

/** What an app is made of, as `defineApp` and `createApp` take it. */
export interface AppOptions {
  resources?: AnyResource[];
  routes?: AnyRoute[];
  /** Inbound webhooks, each served at `POST /api/v1/webhooks/<name>` (see docs/webhooks.md). */
  webhooks?: AnyWebhook[];
  /**
   * Where the API lives: `basePath` (default `/api/v1`) and Rampart's own route groups
   * (`auth`, `admin`, `webhooks`), each moved or left out:
   * `{ basePath: '/api', builtIn: { admin: false } }`. See docs/http.md#paths.
   */
  api?: ApiOptions;
  /** Environment variables to read configuration from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /**
   * Where migration files live (default `./migrations`); `false` keeps no files and
   * applies schema changes directly, for in-memory and test databases.
   */
  migrations?: { dir?: string | false; allowDestructive?: boolean };
  /** The OpenAPI document's title, version and description. */
  info?: { title?: string; version?: string; description?: string };
  /** Page size limits of list routes. */
  query?: ListQueryOptions;
  /** Where log lines go (default stdout); tests capture them here. */
  logStream?: DestinationStream;
  /**
   * More names to redact in logs (query parameters, headers, fields), beside the built-in
   * rule and `LOG_REDACT_NAMES`, and/or a matcher with the final say (see README, Logs).
   */
  logRedaction?: LogRedactionOptions;
  /** Roles and the permissions they grant, beside the defaults `admin: ['*']` and `user: []`. */
  roles?: RoleTable;
  /**
   * Token lifetimes in seconds: `accessTokenTtl` 60-3600 (default 900), `refreshTokenTtl`
   * 3600-7776000 (default 604800). Out of bounds stops the app. See docs/auth.md#tokens.
   */
  auth?: TokenLifetimes;
  /**
   * `Authorization` schemes that carry the access token beside `Bearer` (always
   * accepted), e.g. `['Token']`; case-insensitive. OpenAPI documents each.
   */
  authSchemes?: readonly string[];
  /**
   * Code run inside the transaction that creates a user (`afterRegister`) or starts a
   * session (`afterLogin`); a throw undoes it. See docs/auth.md#auth-in-server-code.
   */
  authHooks?: AuthHooks;
  /**
   * The app's own user fields, declared with `field.*`, and which of them other users
   * see: `{ fields: { username: field.string({ max: 40 }).unique() }, public: ['username'] }`.
   * See docs/auth.md#user-fields. `usersResource({ ... })` instead makes users a resource
   * with relations, computed fields and profile routes (docs/auth.md#users-as-a-resource).
   */
  users?: UserFieldsOptions | UsersResource;
  /**
   * Fastify plugins of the app's, each at a stage of the pipeline: `beforeAuth` (rewrite
   * a request, add a content-type parser) or `beforeRoutes` (hooks that see
   * `request.user`). See docs/extending.md.
   */
  plugins?: readonly AppPlugin[];
  /**
   * The app's error format (`errorFormat({ status, schema, body })`) for every error it
   * answers, OpenAPI included; Problem Details by default. See docs/errors.md.
   */
  errors?: ErrorFormat;
  /**
   * OpenAPI security schemes of the app's own, for custom routes that authenticate their
   * callers themselves and say so with `security` (e.g. `{ partnerKey: { type: 'apiKey',
   * in: 'header', name: 'X-Partner-Key' } }`). See docs/extending.md.
   */
  securitySchemes?: Readonly<Record<string, Record<string, unknown>>>;
  /** The background jobs the app runs (see docs/jobs.md): one registry, or several (a file each). */
  jobs?: JobRegistry | readonly JobRegistry[];
  /** Job runner tuning: lease (ms, default 30000) and poll interval (ms, default 1000). */
  jobOptions?: { leaseMs?: number; pollMs?: number };
}

/** A built app, ready to `listen` or to answer `inject` in tests. */
export interface RampartApp {
  readonly fastify: FastifyInstance;
  readonly config: Config;
  readonly database: Database;
  readonly metrics: Metrics;
  readonly lifecycle: Lifecycle;
  /** The Redis connection when `REDIS_URL` is set. */
  readonly redis?: RedisConnection;
  /**
   * The read cache of resources that declare `cache`. Writes through the routes and
   * `records()` invalidate it; call `cache.invalidate(name)` after changing a table
   * any other way (raw SQL).
   */
  readonly cache: ReadCache;
  /** Starts listening on the configured host and port; resolves to the address. */
  listen(): Promise<string>;
  /** Stops accepting requests, lets in-flight ones finish, closes the database. */
  close(): Promise<void>;
  /** The app's users, for scripts and trusted code: create, find, list, change passwords. */
  readonly users: UserRepository;
  /** Users and sessions for server code: register, verifyCredentials, startSession, setPassword, revokeSessions. */
  readonly auth: AuthService;
  /** Server-side access to a declared resource's records (validated, no access rules; hooks run), optionally inside `trx`. */
  records: RecordStoreFactory;
  /** The database with `transaction(work)`, as handlers get it in `ctx.db`. */
  readonly db: AppDb;
  /** Enqueues background jobs (`app.jobs.enqueue(name, payload, { trx?, runAt?, key? })`). */
  readonly jobs: JobQueue;
  /** Emits declared domain events into the webhook outbox: `app.events.emit('tasks.completed', data, { trx })`. */
  readonly events: DomainEvents;
}

/**
 * Declares an app for `rampart start` and `rampart migrate` (the default export of the
 * app module) and for `createApp`.
 *
 * @example
 * export default defineApp({ resources: [markets], info: { title: 'Markets API' } });
 */
export function defineApp(options: AppOptions): AppOptions {
  return options;
}

/**
 * Builds the app: validates configuration and definitions, opens the database, brings
 * its schema up to the declared resources, and registers every route with the default
 * stack (request id, security headers, CORS, body limit, metrics, health, docs).
 *
 * @example
 * const app = await createApp({ resources: [markets], env: { DATABASE_URL: 'sqlite::memory:' } });
 * const res = await app.fastify.inject({ method: 'GET', url: '/api/v1/markets' });
 */
export async function createApp(options: AppOptions = {}): Promise<RampartApp> {
  // Every check that needs nothing opened runs, and all their problems stop the app together.
  const problems = new StartupProblems();
  problems.check(() => refuseUnknownOptions(options));
  const loaded = problems.check(() => loadConfig(options.env ?? process.env));
  const userOptions = userOptionsOf(options.users);
  // Users as a resource join the others: lookups, includes, relations, filters, routes, OpenAPI.
  const resources = appResources(options);
  const appRoutes = options.routes ?? [];
  const checkedPaths = problems.check(() => apiPaths(options.api));
  // Before the definitions are checked: filters through owners may name public user fields.
  registerUserProfile(resources, resolveUserFields(userOptions).public);
  const byName = (name: string) => resources.find((r) => r.name === name);
  if (checkedPaths) {
    const mounted = problems.check(() => mountRoutes(checkedPaths, appRoutes, byName));
    problems.check(() => validateDefinitions(resources, mounted ?? []));
    // Rampart's own routes (added below) carry their rules; the app's must too.
    if (mounted) problems.check(() => requireAccessRules(resources, mounted));
    if ((options.webhooks ?? []).length > 0 && checkedPaths.group('webhooks') === undefined) {
      problems.add(new StartupError('RAMPART_CONFIG_INVALID', 'api.builtIn.webhooks is false, but the app declares inbound webhooks: give the group a prefix or remove the webhooks'));
    }
  }
  // Lifetimes out of bounds, undeclared schemes, bad plugins, an error format that fails
  // on some code, a webhook without its secret: all before anything opens.
  problems.check(() => tokenLifetimes(options.auth));
  const checkedSchemes = problems.check(() => authSchemes(options.authSchemes));
  const plugins = options.plugins ?? [];
  problems.check(() => checkPlugins(plugins));
  const checkedErrors = problems.check(() => errorWire(options.errors));
  const checkedWebhooks = loaded && problems.check(() => inboundWebhooks(options.webhooks ?? [], { config: loaded, env: options.env ?? process.env }));
  problems.throwIfAny();
  // Past throwIfAny, every check returned its value.
  const [config, paths, schemes, errors, webhooks] = [loaded!, checkedPaths!, checkedSchemes!, checkedErrors!, checkedWebhooks!];

  const fastify = Fastify({
    logger: loggerOptions(config, options.logStream, options.logRedaction),
    genReqId: requestIdFor,
    // One line per request (written in http/register-http.ts) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Both answered by http/register-http.ts instead, as problems with the security
    // headers Node's and Fastify's bare answers lack.
    return503OnClosing: false,
    http: { requireHostHeader: false },
    forceCloseConnections: 'idle',
    frameworkErrors,
    clientErrorHandler,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // A request whose headers and body have not fully arrived after 30 s is answered
    // 408 and closed, so slow senders cannot hold connections open (slowloris).
    requestTimeout: 30_000,
  });
  const log = fastify.log;
  const database = openDatabase(config.databaseUrl, {
    ...config.database,
    // SQL tracing costs a call per statement, so it is wired only when asked for.
    onQuery: config.logLevel === 'trace' ? (sql, ms) => log.trace({ sql, ms }, 'query') : undefined,
  });
  // Made before auth, whose login budget may live in Redis; closed below if boot fails.
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : undefined;
  const auth = createAuth(config, database, {
    roles: options.roles,
    redis,
    lifetimes: options.auth,
    schemes: options.authSchemes,
    hooks: options.authHooks,
    users: userOptions,
    // Cached answers may embed public profiles (?include=<owner>); profile changes are rare.
    onProfileChange: async () => {
      for (const r of resources) if (r.definition.cache) await cache.invalidate(r.name);
    },
    // Called only once requests run, when what it reaches is built.
    environment: (trx) => hookEnvironment(trx, null),
  });
  // The app's jobs beside Rampart's own; a registry of the app's may be shared by several apps (tests).
  const registry = createJobs();
  for (const own of [options.jobs ?? []].flat()) registry.include(own);
  defineDeliveryJob(registry, database, config);
  // Routes reach the job queue, made further down, through this.
  const onReplay = (deliveryId: string) => enqueueReplay(jobs, deliveryId);
  const eventTypes = knownEventTypes(resources);
  const routes = mountRoutes(paths, [...auth.routes, ...outboundWebhookRoutes(database, config, { onReplay, eventTypes }), ...appRoutes], byName);
  try {
    requireAccessRules(resources, routes);
    // Instances booting together take turns here: the first brings the schema up and
    // creates the first admin, the others then find both done.
    await database.exclusively(async (db) => {
      await prepareSchema({ ...database, db }, resources, {
        extraTables: internalTables(options.webhooks ?? [], userOptions),
        // An in-memory database lives as long as the process: files for it would be noise.
        dir: options.migrations?.dir ?? (config.databaseUrl === 'sqlite::memory:' ? false : join(process.cwd(), 'migrations')),
        env: config.nodeEnv,
        allowDestructive: options.migrations?.allowDestructive,
        log: (message) => fastify.log.info(message),
      });
      await auth.bootstrapAdmin((message) => fastify.log.info(message));
    });
  } catch (error) {
    await redis?.close();
    await database.close().catch(() => undefined);
    await fastify.close();
    throw databaseStartupError(error, config.databaseUrl) ?? error;
  }

  const lifecycle: Lifecycle = { shuttingDown: false };
  await registerHttp(fastify, config, errors);
  await registerPlugins(fastify, plugins, 'beforeAuth');
  closeConnectionsWhileShuttingDown(fastify, lifecycle);
  await auth.register(fastify);
  // After authentication, so a bad token is a 401 on every path, unknown ones included.
  readBodiesOnlyWhenServed(fastify, (route) => anonymousRefusal(route.preValidation));
  await registerRateLimit(fastify, config, redis);
  // After authentication (keys are per user) and before the routes it wraps.
  await registerIdempotency(fastify, { config, database, redis, authPrefix: paths.group('auth') ?? false });
  const metrics = registerMetrics(fastify, config);
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => database.ping() }];
  if (redis) checks.push({ name: 'redis', check: () => redis.ping(), critical: false });
  registerHealth(fastify, checks, lifecycle);
  await registerPlugins(fastify, plugins, 'beforeRoutes');
  const lookup = byName;
  const cache = createAppCache({
    resources,
    maxEntries: config.cacheMaxEntries,
    redis,
    prefix: config.redisPrefix,
    registry: metrics.registry,
    log,
  });
  const db = withTransactions(database.db);
  // By name: a resource module may declare a variant of another's resource (a test, a
  // benchmark), and hooks referring to the original then reach the app's own.
  const storeFor = (resource: AnyResource, context: RecordStoreContext): RecordStore => {
    const service = servicesByName.get(resource.name);
    if (!service) throw new TypeError(`resource "${resource.name}" is not part of this app`);
    return createRecordStore(service.resource, service, context);
  };
  const records: RecordStoreFactory = (resource, trx) => storeFor(resource, { trx });
  const jobs = createAppJobs({
    registry,
    database,
    log,
    metrics: metrics.registry,
    environment: () => ({ db, records, auth: auth.service }),
    ...options.jobOptions,
  });
  // Routes' and the app's: each emit joins the transaction it is given, or runs its own.
  const events = domainEvents({ database, jobs, resources });
  // Hooks write and enqueue inside the write's own transaction.
  // Writes made by hooks act for the same caller, so their own hooks see who it is.
  const hookEnvironment: ResourceServiceOptions['hookEnvironment'] = (trx, user) => ({
    records: (resource) => storeFor(resource, { trx, user }),
    jobs: { enqueue: (name, payload, enqueueOptions) => jobs.enqueue(name, payload, { ...enqueueOptions, trx }) },
    events: domainEvents({ database, jobs, resources, trx }),
    auth: auth.service,
    log,
  });
  const services = resources.map(
    (r) =>
      new ResourceService(r, database, lookup, {
        onWrite: cache.invalidate,
        // Resource events for outbound webhooks, written in the change's transaction.
        onChange: (trx, change) => recordOutboundEvent(database, trx, change, jobs),
        hookEnvironment,
      }),
  );
  const servicesByName = new Map(services.map((service) => [service.resource.name, service]));
  // Rules that follow references (allow.via, allow.where) read resources through this.
  fastify.decorate('rampartSubjects', accessSubjects(servicesByName));
  for (const service of services) {
    const bound = routes.flatMap((r) => (r.bound?.resource.name === service.resource.name ? [r.bound] : []));
    registerResourceRoutes(fastify, service, { database, lookup, base: paths.base, envelope: options.api?.envelope, query: options.query, cache, services: servicesByName, bound, routeServices: { db, records, jobs, events, auth: auth.service } });
  }
  const jobRoutes = mountRoutes(paths, jobs.routes);
  for (const route of [...routes, ...jobRoutes]) {
    if (route.access !== allow.nobody && !route.bound) registerCustomRoute(fastify, route, { db, records, jobs, events, auth: auth.service });
  }
  await webhooks.register(fastify, { database, environment: { records, jobs }, prefix: paths.group('webhooks') ?? '' });
  let document: ReturnType<typeof generateOpenApi>;
  try {
    document = generateOpenApi({
      resources,
      routes: [...routes, ...jobRoutes, ...mountRoutes(paths, webhooks.docRoutes)],
      info: options.info,
      authSchemes: schemes,
      errors: options.errors,
      basePath: paths.base,
      envelope: options.api?.envelope,
      authPrefix: paths.group('auth') ?? false,
      securitySchemes: options.securitySchemes,
      rateLimit: config.rateLimit,
    });
  } catch (error) {
    // A definition the document refuses (an undeclared security scheme) stops the app: nothing stays open.
    await cache.close();
    await redis?.close();
    await database.close();
    await fastify.close();
    throw error;
  }
  // The page's sign-in form posts to the auth group's login route, wherever it is mounted.
  const authGroup = paths.group('auth');
  await registerDocs(fastify, document, { signInPath: authGroup === undefined ? false : `${authGroup}/login` });
  // Running jobs get to finish while HTTP drains; the database closes only after both.
  let jobsStopped: Promise<void> | undefined;
  const stopJobs = () =>
    (jobsStopped ??= jobs.stop(config.shutdownTimeoutMs / 2).catch((error: unknown) => {
      log.error({ err: error }, 'jobs: stopping failed; unfinished jobs return after their lease');
    }));
  fastify.addHook('onClose', async () => {
    await stopJobs();
    await cache.close();
    await redis?.close();
    await database.close();
  });
  await fastify.ready();
  if (config.jobsWorker) await jobs.start();

  return {
    fastify,
    config,
    database,
    metrics,
    lifecycle,
    redis,
    cache,
    users: auth.service.users,
    auth: auth.service,
    async listen() {
      return fastify.listen({ port: config.port, host: config.host });
    },
    async close() {
      // Jobs start stopping with the drain, not after it: they get their share of the timeout.
      void stopJobs();
      await shutDown(fastify, lifecycle, config.shutdownTimeoutMs);
    },
    records,
    db,
    jobs,
    events,
  };
}

// What AppOptions holds: an app module in plain JavaScript (or with a cast) can pass
// anything, and a misspelled option (`resource:`, `authScheme:`) would be ignored in silence.
const appOptionKeys = new Set([
  'resources', 'routes', 'webhooks', 'api', 'env', 'migrations', 'info', 'query', 'logStream', 'logRedaction', 'roles', 'auth',
  'authSchemes', 'authHooks', 'users', 'plugins', 'errors', 'securitySchemes', 'jobs', 'jobOptions',
]);

/**
 * `TRUST_PROXY` as Fastify takes it. A hop count becomes a function: Fastify 5.12 reads
 * a bare number as "trust nothing" (so a direct client cannot spoof the header by
 * sending enough hops), which left every client behind the proxy with the proxy's
 * address and one shared rate-limit budget. The operator who sets a count states that
 * this many proxies stand in front, so the nearest `hops` addresses are trusted.
 */
function fastifyTrustProxy(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

function refuseUnknownOptions(options: AppOptions): void {
  const unknown = Object.keys(options).filter((key) => !appOptionKeys.has(key));
  if (unknown.length > 0) {
    throw new StartupError('RAMPART_CONFIG_INVALID', `${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not an app option' : 'are not app options'}; the options are ${[...appOptionKeys].join(', ')}`);
  }
}
