import { once } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LogCapture } from '../../test/support/log-capture.js';
import { freePort } from '../../test/support/processes.js';
import { needRedis, redisUrl, uniquePrefix } from '../../test/support/redis.js';
import { loadConfig } from '../core/config.js';
import { errorHandler } from '../http/error-handler.js';
import { connectRedis } from '../redis/redis-connection.js';
import { registerRateLimit } from './register-rate-limit.js';

const up = await needRedis('the shared rate limit store tests against it');

const open: FastifyInstance[] = [];
afterEach(async () => {
  for (const fastify of open.splice(0)) await fastify.close();
});

/** A bare Fastify with the rate limit plugin on a Redis, one global route and one with its own budget. */
async function build(url: string, waitForRedis: boolean) {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: url, REDIS_PREFIX: uniquePrefix('rate-limit'), RATE_LIMIT_IP_PER_MINUTE: '3' });
  const fastify = Fastify({ logger: { level: 'warn', stream: logs } });
  const redis = connectRedis(url, fastify.log);
  fastify.setErrorHandler(errorHandler);
  await registerRateLimit(fastify, config, redis);
  fastify.get('/open', async () => ({ ok: true }));
  fastify.post('/guarded', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => ({ ok: true }));
  fastify.addHook('onClose', () => redis.close());
  await fastify.ready();
  // Requests made before the connection is up would meet the outage policy instead.
  if (waitForRedis && !redis.isUp()) await once(redis.client, 'ready');
  open.push(fastify);
  return { fastify, redis, config, logs };
}

describe.runIf(up)('registerRateLimit with Redis', () => {
  it('counts in Redis under the prefix, a key per budget, with standard headers and 429s', async () => {
    const { fastify, redis, config } = await build(redisUrl, true);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fastify.inject({ url: '/open', remoteAddress: '10.0.0.1' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const guarded = [];
    for (let i = 0; i < 3; i++) guarded.push(await fastify.inject({ method: 'POST', url: '/guarded', remoteAddress: '10.0.0.1' }));
    expect(guarded.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(guarded[1]?.headers['ratelimit-remaining']).toBe('0');
    expect(guarded[2]?.headers['retry-after']).toMatch(/^\d+$/);
    expect(guarded[2]?.json()).toMatchObject({ code: 'RAMPART_RATE_LIMITED', status: 429 });
    const keys = (await redis.client.keys(`${config.redisPrefix}*`)).sort();
    expect(keys).toEqual([`${config.redisPrefix}rate-limit:POST/guarded-ip:10.0.0.1`, `${config.redisPrefix}rate-limit:ip:10.0.0.1`]);
    for (const key of keys) expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);
  });
});

describe('registerRateLimit with Redis unreachable', () => {
  it('serves routes under the global budget, answers 503 on routes with their own, and warns once', async () => {
    const { fastify, logs } = await build(`redis://127.0.0.1:${await freePort()}`, false);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      expect((await fastify.inject({ url: '/open', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    }
    const refused = await fastify.inject({ method: 'POST', url: '/guarded', remoteAddress: '10.0.0.1' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503 });
    expect(refused.body).not.toMatch(/stream|offline|ECONNREFUSED/i);
    const storeWarnings = logs.entries.filter((e) => String(e.msg).startsWith('rate limit store unreachable'));
    expect(storeWarnings).toHaveLength(1);
  });

});
