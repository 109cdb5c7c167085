import { once } from 'node:events';
import type { RampartApp } from 'rampart';
import { afterAll, describe, expect, it } from 'vitest';
import { startAuthApp, type AuthApp } from './support/auth-app.js';
import { needRedis, needRedisServerBinary, ownRedis, redisUrl, uniquePrefix } from './support/redis.js';

const redisUp = await needRedis('the shared rate limit tests need it');
const serverBinary = needRedisServerBinary('the Redis outage test starts its own');

const started: AuthApp[] = [];
afterAll(async () => {
  for (const t of started) await t.close();
});

/** Apps on one Redis, each under the same fresh prefix so no other test's counts mix in. */
async function appsOn(url: string, count: number, env: Record<string, string> = {}): Promise<AuthApp[]> {
  const shared = { REDIS_URL: url, REDIS_PREFIX: uniquePrefix('rate-limits'), ...env };
  const apps = await Promise.all(Array.from({ length: count }, () => startAuthApp(shared)));
  started.push(...apps);
  await Promise.all(apps.map((t) => redisReady(t.app)));
  return apps;
}

// A request made before the connection is up meets the outage policy, not the budget.
async function redisReady(app: RampartApp): Promise<void> {
  if (app.redis && !app.redis.isUp()) await once(app.redis.client, 'ready');
}

const login = (t: AuthApp, email: string, password: string, remoteAddress?: string) =>
  t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, ...(remoteAddress ? { remoteAddress } : {}) });

describe.runIf(redisUp)('rate limits shared through Redis', () => {
  it('counts one address against one budget across two instances', async () => {
    const [a, b] = await appsOn(redisUrl, 2, { RATE_LIMIT_IP_PER_MINUTE: '6' });
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(await (i % 2 ? b! : a!).inject({ method: 'GET', url: '/api/v1/markets', remoteAddress: '10.9.0.1' }));
    }
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(answers.slice(0, 6).map((r) => r.headers['ratelimit-remaining'])).toEqual(['5', '4', '3', '2', '1', '0']);
    const refused = answers[6]!;
    expect(refused.headers['ratelimit-limit']).toBe('6');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ code: 'RAMPART_RATE_LIMITED', status: 429 });
    // Another address has a budget of its own, on either instance.
    expect((await b!.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress: '10.9.0.2' })).statusCode).toBe(200);
  });

  it('counts a signed-in user against one budget across instances and addresses', async () => {
    const [a, b] = await appsOn(redisUrl, 2, { RATE_LIMIT_USER_PER_MINUTE: '3' });
    const user = await a!.register('spread@example.com');
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await (i % 2 ? b! : a!).inject({
        method: 'GET',
        url: '/api/v1/markets',
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('shares the login route budget and the per-account login budget', async () => {
    const [a, b] = await appsOn(redisUrl, 2);
    // The route: 10 a minute per address, whichever instance answers.
    const perAddress = [];
    for (let i = 0; i < 11; i++) perAddress.push((await login(i % 2 ? b! : a!, `nobody${i}@example.com`, 'wrong password here', '10.9.1.1')).statusCode);
    expect(perAddress).toEqual([...Array(10).fill(401), 429]);
    // The account: 10 guesses an hour from any addresses, whichever instance answers.
    const perAccount = [];
    const spellings = ['victim@example.com', 'Victim@Example.com', ' VICTIM@EXAMPLE.COM'];
    for (let i = 0; i < 10; i++) perAccount.push((await login(i % 2 ? b! : a!, spellings[i % 3]!, `guess number ${i} here`)).statusCode);
    expect(perAccount).toEqual(Array(10).fill(401));
    const blocked = await login(b!, 'victim@example.com', 'one more guess here');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().detail).toContain('this account');
    // The account budget is kept under an HMAC of the address, in whichever case it came.
    const prefix = a!.app.config.redisPrefix;
    const keys = (await a!.app.redis!.client.keys(`${prefix}*`)).map((k) => k.slice(prefix.length));
    const attemptKeys = keys.filter((k) => k.startsWith('attempts:'));
    expect(attemptKeys.length).toBeGreaterThan(10);
    expect(attemptKeys.filter((k) => !/^attempts:login:[\w-]{43}$/.test(k))).toEqual([]);
    expect(keys.join('\n')).not.toMatch(/victim|nobody|example\.com/i);
  });
});

describe.runIf(serverBinary)('rate limits when Redis goes away and comes back', () => {
  it('fails open on the global budget, closed on auth routes, reports degraded, and recovers by itself', async () => {
    const redis = await ownRedis();
    await redis.start();
    try {
      const [t] = await appsOn(redis.url, 1, { RATE_LIMIT_IP_PER_MINUTE: '5' });
      const app = t!;
      const markets = (remoteAddress: string) => app.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress });
      await app.register('owner@example.com', 'owner pass phrase 1');
      const before = [];
      for (let i = 0; i < 6; i++) before.push((await markets('10.9.2.1')).statusCode);
      expect(before).toEqual([200, 200, 200, 200, 200, 429]);

      await redis.kill();
      app.logs.clear();
      // The address over its budget is served: the global budget fails open.
      const slowest = { open: 0, closed: 0 };
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        expect((await markets('10.9.2.1')).statusCode).toBe(200);
        slowest.open = Math.max(slowest.open, performance.now() - t0);
      }
      // Login and register refuse with a 503 problem, quickly: they fail closed.
      for (const res of [
        await login(app, 'owner@example.com', 'owner pass phrase 1'),
        await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'new@example.com', password: 'a new pass phrase' } }),
      ]) {
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json()).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503 });
      }
      const t0 = performance.now();
      await login(app, 'owner@example.com', 'owner pass phrase 1');
      slowest.closed = performance.now() - t0;
      // Fast-failing commands, not a timeout per request (the command timeout is 1 s).
      expect(slowest.open).toBeLessThan(500);
      expect(slowest.closed).toBeLessThan(500);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'degraded', checks: { database: 'ok', redis: 'down' } });
      // One warning for the outage, not one per request.
      const warnings = app.logs.entries.filter((e) => String(e.msg).startsWith('rate limit store unreachable'));
      expect(warnings).toHaveLength(1);

      await redis.start();
      const deadline = Date.now() + 10_000;
      let back = await login(app, 'owner@example.com', 'owner pass phrase 1');
      while (back.statusCode !== 200 && Date.now() < deadline) {
        expect(back.statusCode).toBe(503);
        await new Promise((r) => setTimeout(r, 100));
        back = await login(app, 'owner@example.com', 'owner pass phrase 1');
      }
      expect(back.statusCode).toBe(200);
      // Budgets count again (the restarted Redis lost its scripts; the client reloads them).
      const after = [];
      for (let i = 0; i < 6; i++) after.push((await markets('10.9.2.2')).statusCode);
      expect(after).toEqual([200, 200, 200, 200, 200, 429]);
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });
    } finally {
      await redis.kill();
    }
  });
});

describe.runIf(serverBinary)('rate limits when Redis stops answering but keeps the connection open', () => {
  it('pays the command timeout once, not on every request, and recovers when Redis answers again', async () => {
    const redis = await ownRedis();
    await redis.start();
    try {
      const [t] = await appsOn(redis.url, 1, { RATE_LIMIT_IP_PER_MINUTE: '5' });
      const app = t!;
      const markets = () => app.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress: '10.9.3.1' });
      expect((await markets()).statusCode).toBe(200);

      // A frozen server: the TCP connection stays up, nothing comes back (like a partition).
      redis.pause();
      const started = performance.now();
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await markets()).statusCode);
      const elapsed = performance.now() - started;
      expect(statuses).toEqual(Array(10).fill(200));
      // Ten requests each waiting out the 1 s command timeout would take 10 s or more; the
      // dropped connection makes all but the first fail at once. A bound on hanging, not a speed claim.
      expect(elapsed).toBeLessThan(5000);
      expect((await login(app, 'nobody@example.com', 'some pass phrase 1')).statusCode).toBe(503);

      redis.resume();
      const deadline = Date.now() + 10_000;
      let limited = 0;
      while (limited !== 429 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        limited = (await markets()).statusCode;
      }
      // Budgets count again: this address is far over its 5 a minute.
      expect(limited).toBe(429);
    } finally {
      redis.resume();
      await redis.kill();
    }
  });
});
