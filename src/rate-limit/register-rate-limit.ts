import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../core/config.js';
import { AppError } from '../errors/app-error.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { createOutageLog } from './outage-log.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';

/** The budget key: the signed-in user when there is one, else the client address. */
function keyOf(request: FastifyRequest): string {
  return request.user ? `user:${request.user.id}` : `ip:${request.ip}`;
}

/**
 * A budget a route declares itself (the auth routes, `route({ rateLimit })`) guards
 * something worth refusing for: with its store down it answers 503 rather than serving
 * unchecked. Set here, before the plugin reads the route, so route declarations need
 * not know about stores.
 */
function failClosed(routeOptions: RouteOptions): void {
  const budget = routeOptions.config?.rateLimit;
  if (!budget || budget.skipOnError !== undefined) return;
  routeOptions.config = { ...routeOptions.config, rateLimit: { ...budget, skipOnError: false } };
}

/**
 * Shared counts in Redis. The global budget fails open (`skipOnError`): a Redis outage
 * must not take every route down with it, and the per-route and login budgets still
 * guard what guessing could break. Failures are logged at most once a minute.
 */
function sharedStore(fastify: FastifyInstance, config: Config, redis: RedisConnection): Partial<RateLimitPluginOptions> {
  const outage = createOutageLog({
    log: fastify.log,
    message: 'rate limit store unreachable: global budgets are not enforced, routes with their own budget answer 503',
  });
  fastify.addHook('onRoute', failClosed);
  return {
    store: createRedisRateLimitStore({ client: redis.client, nameSpace: `${config.redisPrefix}rate-limit:`, outage }),
    skipOnError: true,
  };
}

/**
 * Request budgets for every route: per client address for anonymous callers
 * (RATE_LIMIT_IP_PER_MINUTE) and per user once signed in (RATE_LIMIT_USER_PER_MINUTE),
 * so one account cannot spread its traffic over many addresses. Routes may set a
 * stricter budget (`route({ rateLimit })`, the auth routes do). Addresses come from
 * `X-Forwarded-For` only as TRUST_PROXY allows. Register it after authentication, so
 * the user is known when the key is made.
 *
 * Counts live in memory (one process) or, given a Redis connection, in Redis, shared by
 * every instance. Without Redis the global budget is served unchecked (a warning a
 * minute) and routes with their own budget answer 503 `RAMPART_UNAVAILABLE` with
 * `Retry-After`; both recover by themselves when Redis is back.
 *
 * @example
 * await registerRateLimit(fastify, config, app.redis); // the connection, when REDIS_URL is set
 */
export async function registerRateLimit(fastify: FastifyInstance, config: Config, redis?: RedisConnection): Promise<void> {
  const { ipPerMinute, userPerMinute } = config.rateLimit;
  await fastify.register(rateLimit, {
    global: true,
    timeWindow: '1 minute',
    keyGenerator: keyOf,
    max: (_request, key) => (key.startsWith('user:') ? userPerMinute : ipPerMinute),
    // Standard RateLimit-* headers (IETF draft) rather than the X- ones.
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new AppError('RAMPART_RATE_LIMITED', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
    ...(redis ? sharedStore(fastify, config, redis) : {}),
  });
}
