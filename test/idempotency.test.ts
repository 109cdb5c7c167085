import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { allow, route, type RampartApp } from 'rampart';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createDatabaseIdempotencyStore,
  createRedisIdempotencyStore,
  requestFingerprint,
  scopedKeyId,
  type IdempotencyStore,
} from '../src/idempotency/index.js';
import { bearer, startAuthApp, type AuthApp } from './support/auth-app.js';
import { needRedis, needRedisServerBinary, ownRedis, redisUrl, uniquePrefix } from './support/redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Idempotency-Key over HTTP, with each store: the database (this file runs on SQLite and
 * on PostgreSQL) and Redis. Custom routes let the tests hold a request open, fail it,
 * and count how often a handler really ran.
 */

const redisUp = await needRedis('the Redis idempotency store is tested against it');
const serverBinary = needRedisServerBinary('the Redis outage test starts its own');

type StoreName = 'database' | 'redis';
const stores: StoreName[] = redisUp ? ['database', 'redis'] : ['database'];

const envFor = (store: StoreName): Record<string, string> =>
  store === 'redis' ? { IDEMPOTENCY_STORE: 'redis', REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('idempotency') } : { IDEMPOTENCY_STORE: 'database' };

async function redisReady(app: RampartApp): Promise<void> {
  if (app.redis && !app.redis.isUp()) await once(app.redis.client, 'ready');
}

/** What the custom routes record, and the gate a slow request waits at. */
class Probe {
  runs = { slow: 0, flaky: 0 };
  private open!: () => void;
  gate!: Promise<void>;
  entered!: Promise<void>;
  private enter!: () => void;
  constructor() {
    this.reset();
  }
  reset(): void {
    this.runs = { slow: 0, flaky: 0 };
    this.gate = new Promise((r) => (this.open = r));
    this.entered = new Promise((r) => (this.enter = r));
  }
  arrive(): Promise<void> {
    this.enter();
    return this.gate;
  }
  release(): void {
    this.open();
  }
}

function probeRoutes(probe: Probe) {
  return [
    route({
      method: 'POST',
      path: '/api/v1/slow',
      access: allow.public,
      body: z.strictObject({ note: z.string() }),
      response: z.object({ data: z.object({ run: z.number(), note: z.string() }) }),
      status: 201,
      handler: async ({ body }) => {
        const run = ++probe.runs.slow;
        await probe.arrive();
        return { data: { run, note: body.note } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/flaky',
      access: allow.public,
      response: z.object({ data: z.object({ run: z.number() }) }),
      status: 201,
      handler: () => {
        const run = ++probe.runs.flaky;
        if (run === 1) throw new Error('the first attempt fails');
        return { data: { run } };
      },
    }),
  ];
}

const keyed = (key: string, headers: Record<string, string> = {}) => ({ 'idempotency-key': key, ...headers });
let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${++keyCounter}`;
const replayed = (res: LightMyRequestResponse) => res.headers['idempotency-replayed'];

describe.each(stores)('Idempotency-Key with the %s store', (store) => {
  let t: TestApp;
  const probe = new Probe();
  const inject = (options: InjectOptions) => t.app.fastify.inject(options);
  const post = (url: string, key: string | undefined, payload: unknown, more: Partial<InjectOptions> = {}) =>
    inject({ method: 'POST', url, payload: payload as InjectOptions['payload'], headers: key === undefined ? {} : keyed(key), ...more });
  const marketCount = async () =>
    Number((await t.app.database.db.selectFrom('markets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTestApp({ routes: probeRoutes(probe) }, envFor(store));
    await redisReady(t.app);
  });
  afterAll(() => t.close());
  beforeEach(() => probe.reset());

  it('replays the first answer of a create (status, body, Location) with the replay header, creating nothing more', async () => {
    const key = newKey();
    const before = await marketCount();
    const first = await post('/api/v1/markets', key, { name: 'Will it rain?' });
    expect(first.statusCode).toBe(201);
    expect(replayed(first)).toBeUndefined();
    const again = await post('/api/v1/markets', key, { name: 'Will it rain?' });
    expect(again.statusCode).toBe(201);
    expect(replayed(again)).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    // A fresh request id: the replay is a request of its own.
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(await marketCount()).toBe(before + 1);
    // Without the header, the same body is a new request.
    expect((await post('/api/v1/markets', undefined, { name: 'Will it rain?' })).statusCode).toBe(201);
    expect(await marketCount()).toBe(before + 2);
    expect(t.logs.lines.filter((line) => line.includes('Will it rain?'))).toEqual([]);
  });

  it('replays a PATCH without applying it again', async () => {
    const created = (await post('/api/v1/markets', undefined, { name: 'Original' })).json().data;
    const url = `/api/v1/markets/${created.id}`;
    const key = newKey();
    const patch = (name: string, k?: string) => inject({ method: 'PATCH', url, payload: { name }, headers: k ? keyed(k) : {} });
    const first = await patch('Keyed', key);
    expect(first.statusCode).toBe(200);
    expect((await patch('Changed since')).statusCode).toBe(200);
    const again = await patch('Keyed', key);
    expect(again.statusCode).toBe(200);
    expect(replayed(again)).toBe('true');
    expect(again.json().data.name).toBe('Keyed');
    expect((await inject({ method: 'GET', url })).json().data.name).toBe('Changed since');
  });

  it('answers 422 to the same key with another body, method or URL, and keeps the first answer', async () => {
    const key = newKey();
    const first = await post('/api/v1/markets', key, { name: 'First' });
    expect(first.statusCode).toBe(201);
    const before = await marketCount();
    const refusals = [
      await post('/api/v1/markets', key, { name: 'Second' }),
      // The same JSON spelled differently is another body: the raw bytes are compared.
      await post('/api/v1/markets', key, '{ "name": "First" }', { headers: keyed(key, { 'content-type': 'application/json' }) }),
      await post('/api/v1/posts', key, { title: 'First', body: 'x' }),
      await post('/api/v1/markets?x=1', key, { name: 'First' }),
      await inject({ method: 'PATCH', url: first.headers.location as string, payload: { name: 'First' }, headers: keyed(key) }),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'RAMPART_IDEMPOTENCY_KEY_REUSED', status: 422 });
    }
    expect(await marketCount()).toBe(before);
    const again = await post('/api/v1/markets', key, { name: 'First' });
    expect(replayed(again)).toBe('true');
    expect(again.body).toBe(first.body);
  });

  it('keeps a 4xx answer: a validation failure replays, and a corrected body needs a new key', async () => {
    const key = newKey();
    const before = await marketCount();
    const first = await post('/api/v1/markets', key, { name: '' });
    expect(first.statusCode).toBe(400);
    expect(first.json().code).toBe('RAMPART_VALIDATION');
    const again = await post('/api/v1/markets', key, { name: '' });
    expect(again.statusCode).toBe(400);
    expect(replayed(again)).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await post('/api/v1/markets', key, { name: 'Fixed' })).statusCode).toBe(422);
    expect((await post('/api/v1/markets', newKey(), { name: 'Fixed' })).statusCode).toBe(201);
    expect(await marketCount()).toBe(before + 1);
  });

  it('runs concurrent requests under one key once: the others get 409 with Retry-After, then the answer', async () => {
    const key = newKey();
    const first = post('/api/v1/slow', key, { note: 'once' });
    const second = post('/api/v1/slow', key, { note: 'once' });
    await probe.entered;
    const early = await second;
    expect(early.statusCode).toBe(409);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.json()).toMatchObject({ code: 'RAMPART_IDEMPOTENCY_IN_PROGRESS', status: 409 });
    // Another payload under a busy key is refused as reuse, not as busy.
    expect((await post('/api/v1/slow', key, { note: 'other' })).statusCode).toBe(422);
    probe.release();
    const done = await first;
    expect(done.statusCode).toBe(201);
    expect(done.json()).toEqual({ data: { run: 1, note: 'once' } });
    const later = await post('/api/v1/slow', key, { note: 'once' });
    expect(later.statusCode).toBe(201);
    expect(replayed(later)).toBe('true');
    expect(later.json()).toEqual({ data: { run: 1, note: 'once' } });
    expect(probe.runs.slow).toBe(1);
  });

  it('keeps the keys of different callers apart', async () => {
    const key = newKey();
    const from = (remoteAddress: string) => post('/api/v1/markets', key, { name: 'Same key' }, { remoteAddress });
    const a = await from('10.1.0.1');
    const b = await from('10.1.0.2');
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(replayed(b)).toBeUndefined();
    expect(b.json().data.id).not.toBe(a.json().data.id);
    const aAgain = await from('10.1.0.1');
    expect(replayed(aAgain)).toBe('true');
    expect(aAgain.json().data.id).toBe(a.json().data.id);
  });

  it('does not keep a 5xx answer: the key is freed and a retry runs', async () => {
    const key = newKey();
    const failed = await post('/api/v1/flaky', key, undefined);
    expect(failed.statusCode).toBe(500);
    const retried = await post('/api/v1/flaky', key, undefined);
    expect(retried.statusCode).toBe(201);
    expect(replayed(retried)).toBeUndefined();
    expect(retried.json()).toEqual({ data: { run: 2 } });
    const replay = await post('/api/v1/flaky', key, undefined);
    expect(replayed(replay)).toBe('true');
    expect(probe.runs.flaky).toBe(2);
  });

  it('takes over a key whose holder died once its lease expires', async () => {
    // Another instance claims the key the way the hook would, then dies without answering.
    const other: IdempotencyStore =
      store === 'redis'
        ? createRedisIdempotencyStore({ redis: t.app.redis!, prefix: t.app.config.redisPrefix })
        : createDatabaseIdempotencyStore(t.app.database);
    const key = newKey();
    const body = '{"name":"Orphaned"}';
    const fingerprint = requestFingerprint('POST', '/api/v1/markets', createHash('sha256').update(body).digest('hex'));
    const claim = await other.claim(scopedKeyId('ip:127.0.0.1', key), fingerprint, 300);
    expect(claim.state).toBe('acquired');
    const send = () => post('/api/v1/markets', key, body, { headers: keyed(key, { 'content-type': 'application/json' }) });
    expect((await send()).statusCode).toBe(409);
    await new Promise((r) => setTimeout(r, 400));
    const recovered = await send();
    expect(recovered.statusCode).toBe(201);
    expect(replayed(recovered)).toBeUndefined();
    expect(replayed(await send())).toBe('true');
  });

  it('refuses an invalid key with 400 before doing anything', async () => {
    const before = await marketCount();
    for (const key of ['', 'k'.repeat(256), 'café']) {
      const res = await post('/api/v1/markets', key, { name: 'Bad key' });
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'RAMPART_IDEMPOTENCY_KEY_INVALID', status: 400 });
    }
    expect(await marketCount()).toBe(before);
    expect((await post('/api/v1/markets', 'k'.repeat(255), { name: 'Long key' })).statusCode).toBe(201);
  });

  it('does not claim the key for a body it cannot read (malformed, too large)', async () => {
    const key = newKey();
    const json = { 'content-type': 'application/json' };
    const malformed = await post('/api/v1/markets', key, '{"name":', { headers: keyed(key, json) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('RAMPART_INVALID_JSON');
    const huge = await post('/api/v1/markets', key, JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }), { headers: keyed(key, json) });
    expect(huge.statusCode).toBe(413);
    const fixed = await post('/api/v1/markets', key, { name: 'Readable' });
    expect(fixed.statusCode).toBe(201);
    expect(replayed(fixed)).toBeUndefined();
  });

  it('ignores the header on GET, PUT and DELETE', async () => {
    const created = (await post('/api/v1/markets', undefined, { name: 'Plain' })).json().data;
    const url = `/api/v1/markets/${created.id}`;
    const bad = 'k'.repeat(300);
    for (let i = 0; i < 2; i++) {
      const list = await inject({ method: 'GET', url: '/api/v1/markets', headers: keyed('same-get-key') });
      expect(list.statusCode).toBe(200);
      expect(replayed(list)).toBeUndefined();
    }
    expect((await inject({ method: 'GET', url, headers: keyed(bad) })).statusCode).toBe(200);
    const put = (name: string) => inject({ method: 'PUT', url, payload: { name, status: 'active', volume: '0' }, headers: keyed('same-put-key') });
    expect((await put('One')).statusCode).toBe(200);
    const second = await put('Two');
    expect(replayed(second)).toBeUndefined();
    expect(second.json().data.name).toBe('Two');
    expect((await inject({ method: 'DELETE', url, headers: keyed(bad) })).statusCode).toBe(204);
  });
});

describe.each(stores)('Idempotency-Key for signed-in users with the %s store', (store) => {
  let t: AuthApp;
  beforeAll(async () => {
    t = await startAuthApp(envFor(store));
    await redisReady(t.app);
  });
  afterAll(() => t.close());

  it("scopes keys per user: one user's key never replays another user's answer", async () => {
    const ann = await t.register('ann@example.com');
    const bob = await t.register('bob@example.com');
    const key = newKey();
    // Every inject of the auth app comes from a new address: only the user ties requests together.
    const create = (token: string) => t.inject({ method: 'POST', url: '/api/v1/posts', payload: { title: 'Hello', body: 'Same body' }, headers: keyed(key, bearer(token)) });
    const a = await create(ann.accessToken);
    const b = await create(bob.accessToken);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(replayed(b)).toBeUndefined();
    expect(b.json().data.id).not.toBe(a.json().data.id);
    const aAgain = await create(ann.accessToken);
    expect(replayed(aAgain)).toBe('true');
    expect(aAgain.json().data.id).toBe(a.json().data.id);
    const mine = await t.inject({ method: 'GET', url: '/api/v1/posts', headers: bearer(ann.accessToken) });
    expect(mine.json().data.filter((p: { author: string }) => p.author === ann.user.id)).toHaveLength(1);
  });

  it('keeps an access-rule refusal for the anonymous caller, not for the user who signs in', async () => {
    const key = newKey();
    const payload = { title: 'Anon', body: 'x' };
    const anonymous = { method: 'POST' as const, url: '/api/v1/posts', payload, remoteAddress: '10.77.0.1' };
    const refused = await t.app.fastify.inject({ ...anonymous, headers: keyed(key) });
    expect(refused.statusCode).toBe(401);
    const again = await t.app.fastify.inject({ ...anonymous, headers: keyed(key) });
    expect(replayed(again)).toBe('true');
    expect(again.headers['www-authenticate']).toBe(refused.headers['www-authenticate']);
    const user = await t.register('carl@example.com');
    const signedIn = await t.app.fastify.inject({ ...anonymous, headers: keyed(key, bearer(user.accessToken)) });
    expect(signedIn.statusCode).toBe(201);
  });

  it('leaves the session routes alone: a repeated login signs in again', async () => {
    await t.register('dora@example.com', 'dora pass phrase 1');
    const key = newKey();
    const login = () =>
      t.app.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'dora@example.com', password: 'dora pass phrase 1' },
        headers: keyed(key),
        remoteAddress: '10.77.0.2',
      });
    const first = await login();
    const second = await login();
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(replayed(second)).toBeUndefined();
    expect(second.json().data.refreshToken).not.toBe(first.json().data.refreshToken);
  });
});

describe.runIf(serverBinary)('Idempotency-Key while Redis is down', () => {
  it('refuses keyed requests with 503 and Retry-After, serves the others, and recovers by itself', async () => {
    const redis = await ownRedis();
    await redis.start();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({}, { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('idempotency'), IDEMPOTENCY_STORE: 'redis' });
      const app = t.app;
      await redisReady(app);
      const create = (key?: string) =>
        app.fastify.inject({ method: 'POST', url: '/api/v1/markets', payload: { name: 'Outage' }, headers: key ? keyed(key) : {} });
      expect((await create(newKey())).statusCode).toBe(201);
      await redis.kill();
      const key = newKey();
      const refused = await create(key);
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json()).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503 });
      expect((await create()).statusCode).toBe(201);
      const count = Number((await app.database.db.selectFrom('markets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(count).toBe(2);

      await redis.start();
      const deadline = Date.now() + 10_000;
      let back = await create(key);
      while (back.statusCode === 503 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        back = await create(key);
      }
      expect(back.statusCode).toBe(201);
      expect(replayed(await create(key))).toBe('true');
    } finally {
      await t?.close();
      await redis.kill();
    }
  });
});
