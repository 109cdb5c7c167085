import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../core/config.js';
import { AppError } from '../errors/app-error.js';

/** The budget key: the signed-in user when there is one, else the client address. */
function keyOf(request: FastifyRequest): string {
  return request.user ? `user:${request.user.id}` : `ip:${request.ip}`;
}

/**
 * Request budgets for every route: per client address for anonymous callers
 * (RATE_LIMIT_IP_PER_MINUTE) and per user once signed in (RATE_LIMIT_USER_PER_MINUTE),
 * so one account cannot spread its traffic over many addresses. Routes may set a
 * stricter budget (`route({ rateLimit })`, the auth routes do). Addresses come from
 * `X-Forwarded-For` only as TRUST_PROXY allows. Register it after authentication, so
 * the user is known when the key is made. The in-memory store serves one process; a
 * shared store comes with the scale path.
 */
export async function registerRateLimit(fastify: FastifyInstance, config: Config): Promise<void> {
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
  });
}
