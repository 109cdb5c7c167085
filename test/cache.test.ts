import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, resource, type AccessRule, type RampartApp } from 'rampart';
import type { RedisCacheStore } from '../src/cache/redis-cache-store.js';
import { needRedis, redisUrl, uniquePrefix } from './support/redis.js';
import { everyone, startTestApp, type TestApp } from './support/test-app.js';

const redisUp = await needRedis('the Redis variant of the cache tests');

const boards = resource('boards', {
  fields: { name: field.string({ max: 100 }).filterable().sortable() },
  access: everyone,
  cache: { ttl: 60 },
});
const pins = resource('pins', {
  fields: { board: field.reference('boards', { onDelete: 'cascade' }).filterable(), label: field.string({ max: 100 }) },
  access: everyone,
  cache: { ttl: 60 },
});
const cards = resource('cards', {
  fields: { text: field.string({ max: 100 }) },
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
  cache: { ttl: 60 },
});
// A tenant per host name, as an app serving each customer on its own subdomain scopes
// records: the rules decide on the Host header, which no cache key covers.
const sameTenant = allow.custom('same-tenant', (ctx) => !ctx.record || ctx.record.tenant === ctx.request.hostname);
const tenantRows: AccessRule = {
  name: 'tenant-rows',
  check: () => true,
  filter: (ctx) => (eb) => eb('tenant', '=', ctx.request.hostname),
};
const docs = resource('docs', {
  fields: { tenant: field.string({ max: 100 }), secret: field.string({ max: 100 }) },
  access: { ...everyone, list: tenantRows, read: sameTenant },
  cache: { ttl: 60 },
});
// Public itself, but it embeds docs, whose read rule is custom.
const links = resource('links', {
  fields: { doc: field.reference('docs', { onDelete: 'cascade' }).filterable(), label: field.string({ max: 100 }) },
  access: everyone,
  cache: { ttl: 60 },
});
const notes = resource('notes', { fields: { text: field.string({ max: 100 }) }, access: everyone });
const resources = [boards, pins, cards, docs, links, notes];

const roomy = { LOG_LEVEL: 'trace', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000' };
let address = 0;

/** A client of one app; every call comes from its own address, so per-address budgets never bite. */
function client(t: TestApp) {
  const inject = (options: InjectOptions) => t.app.fastify.inject({ remoteAddress: `10.9.${(++address >> 8) & 255}.${address & 255}`, ...options });
  return {
    get: (url: string, headers: Record<string, string> = {}) => inject({ method: 'GET', url, headers }),
    send: (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, token?: string) =>
      inject({ method, url, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} }),
    async create(path: string, payload: object, token?: string): Promise<Record<string, string>> {
      const res = await inject({ method: 'POST', url: path, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data;
    },
    async register(email: string): Promise<string> {
      const res = await inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: `${email} pass phrase` } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data.accessToken;
    },
  };
}

async function metric(app: RampartApp, name: string, label: string, reason?: string): Promise<number> {
  const values = (await app.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((v) => v.labels.resource === label && (reason === undefined || v.labels.reason === reason))?.value ?? 0;
}

/**
 * Holds every lookup in the app's cache store until `count` of them are waiting, then
 * lets them all go on together, so that many requests miss one key at once. (A rule in
 * the loader cannot hold it open: a custom rule takes the read off the cache.) Returns
 * the restore function.
 */
function holdLookups(app: RampartApp, count: number): () => void {
  const store = app.cache.store;
  if (!store) throw new Error('expected a cache store');
  const get = store.get;
  let waiting = 0;
  let release = () => undefined as void;
  const together = new Promise<void>((resolve) => {
    release = resolve;
  });
  store.get = async (slot) => {
    const lookup = await get.call(store, slot);
    if (++waiting === count) release();
    await together;
    return lookup;
  };
  return () => {
    store.get = get;
  };
}

/** SQL statements run so far on `table` (LOG_LEVEL=trace logs each one). */
function queries(t: TestApp, table: string): number {
  return t.logs.entries.filter((e) => e.msg === 'query' && String(e.sql).includes(`from "${table}"`)).length;
}

/** Resolves once the app's cache may use Redis: connected, and subscribed to invalidations. */
async function redisReady(app: RampartApp): Promise<void> {
  if (!app.redis) return;
  const redis = app.redis;
  if (!redis.isUp()) await new Promise((resolve) => redis.client.once('ready', resolve));
  await (app.cache.store as RedisCacheStore).subscribed;
}

const variants = [
  { store: 'memory', env: () => ({}) },
  { store: 'redis', env: () => ({ REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('cache') }) },
];

describe.each(variants)('read cache on the $store store', ({ store, env }) => {
  const skip = store === 'redis' && !redisUp;
  let t: TestApp;
  let c: ReturnType<typeof client>;
  const hits = (label: string) => metric(t.app, 'rampart_cache_hits_total', label);
  const misses = (label: string) => metric(t.app, 'rampart_cache_misses_total', label);

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApp({ resources }, { ...roomy, ...env() });
    c = client(t);
    await redisReady(t.app);
  });
  afterAll(async () => t?.close());

  describe.skipIf(skip)('cache-aside and invalidation', () => {
    it('serves a read from the cache until a write, and the very next read after a write is fresh', async () => {
      const board = await c.create('/api/v1/boards', { name: 'first' });
      const url = `/api/v1/boards/${board.id}`;
      const first = await c.get(url);
      const hitsBefore = await hits('boards');
      const sqlBefore = queries(t, 'boards');
      const second = await c.get(url);
      expect(second.body).toBe(first.body);
      expect(await hits('boards')).toBe(hitsBefore + 1);
      expect(queries(t, 'boards')).toBe(sqlBefore);

      expect((await c.send('PATCH', url, { name: 'patched' })).statusCode).toBe(200);
      expect((await c.get(url)).json().data.name).toBe('patched');
      expect((await c.send('PUT', url, { name: 'replaced' })).statusCode).toBe(200);
      expect((await c.get(url)).json().data.name).toBe('replaced');
      expect((await c.send('DELETE', url)).statusCode).toBe(204);
      expect((await c.get(url)).statusCode).toBe(404);
    });

    it('invalidates lists on create, update and delete', async () => {
      const url = '/api/v1/boards?name[in]=l1,l2&sort=name';
      expect((await c.get(url)).json().data).toEqual([]);
      const one = await c.create('/api/v1/boards', { name: 'l1' });
      expect((await c.get(url)).json().data.map((b: { name: string }) => b.name)).toEqual(['l1']);
      await c.send('PATCH', `/api/v1/boards/${one.id}`, { name: 'l2' });
      expect((await c.get(url)).json().data.map((b: { name: string }) => b.name)).toEqual(['l2']);
      await c.send('DELETE', `/api/v1/boards/${one.id}`);
      expect((await c.get(url)).json().data).toEqual([]);
    });

    it('is invalidated by writes through app.records() too', async () => {
      const records = t.app.records(boards);
      const board = await records.create({ name: 'server side' });
      const url = `/api/v1/boards/${board.id}`;
      const list = '/api/v1/boards?name[contains]=server';
      expect((await c.get(url)).json().data.name).toBe('server side');
      expect((await c.get(list)).json().data).toHaveLength(1);
      await records.update(String(board.id), { name: 'server side, renamed' });
      expect((await c.get(url)).json().data.name).toBe('server side, renamed');
      await records.create({ name: 'server side 2' });
      expect((await c.get(list)).json().data).toHaveLength(2);
      await records.remove(String(board.id));
      expect((await c.get(url)).statusCode).toBe(404);
      expect((await c.get(list)).json().data).toHaveLength(1);
    });

    it('invalidates answers that ?include= a resource when that resource is written', async () => {
      const board = await c.create('/api/v1/boards', { name: 'before' });
      const pin = await c.create('/api/v1/pins', { board: board.id, label: 'p' });
      const list = `/api/v1/pins?board=${board.id}&include=board`;
      const one = `/api/v1/pins/${pin.id}?include=board`;
      expect((await c.get(list)).json().data[0].board.name).toBe('before');
      expect((await c.get(one)).json().data.board.name).toBe('before');
      await c.send('PATCH', `/api/v1/boards/${board.id}`, { name: 'after' });
      expect((await c.get(list)).json().data[0].board.name).toBe('after');
      expect((await c.get(one)).json().data.board.name).toBe('after');
    });

    it('invalidates what a delete cascades to', async () => {
      const board = await c.create('/api/v1/boards', { name: 'doomed' });
      const pin = await c.create('/api/v1/pins', { board: board.id, label: 'goes with it' });
      const list = `/api/v1/pins?board=${board.id}`;
      expect((await c.get(list)).json().data).toHaveLength(1);
      expect((await c.get(`/api/v1/pins/${pin.id}`)).statusCode).toBe(200);
      await c.send('DELETE', `/api/v1/boards/${board.id}`);
      expect((await c.get(list)).json().data).toEqual([]);
      expect((await c.get(`/api/v1/pins/${pin.id}`)).statusCode).toBe(404);
    });

    it('does not cache resources without `cache`', async () => {
      const note = await c.create('/api/v1/notes', { text: 'n' });
      const before = queries(t, 'notes');
      await c.get(`/api/v1/notes/${note.id}`);
      await c.get(`/api/v1/notes/${note.id}`);
      expect(queries(t, 'notes')).toBe(before + 2);
      expect((await misses('notes')) + (await hits('notes'))).toBe(0);
    });
  });

  describe.skipIf(skip)('the caller is part of the key when the rules depend on it', () => {
    it("never serves one user's answer to another on the same URL", async () => {
      const ann = await c.register(`ann-${store}@example.com`);
      const ben = await c.register(`ben-${store}@example.com`);
      const card = await c.create('/api/v1/cards', { text: "Ann's secret" }, ann);
      const as = (token: string) => ({ authorization: `Bearer ${token}` });

      const annList = await c.get('/api/v1/cards', as(ann));
      expect(annList.json().data.map((x: { text: string }) => x.text)).toEqual(["Ann's secret"]);
      expect((await c.get(`/api/v1/cards/${card.id}`, as(ann))).statusCode).toBe(200);

      const benList = await c.get('/api/v1/cards', as(ben));
      expect(benList.json().data).toEqual([]);
      expect((await c.get(`/api/v1/cards/${card.id}`, as(ben))).statusCode).toBe(404);
      expect((await c.get('/api/v1/cards')).statusCode).toBe(401);

      // Ann's answer was cached (her second read is a hit) and still never reached Ben.
      const hitsBefore = await hits('cards');
      expect((await c.get('/api/v1/cards', as(ann))).body).toBe(annList.body);
      expect(await hits('cards')).toBe(hitsBefore + 1);
      expect((await c.get('/api/v1/cards', as(ben))).json().data).toEqual([]);

      expect(annList.headers.vary).toMatch(/\bAuthorization\b/);
      expect(annList.headers['cache-control']).toBe('private, no-cache');
      expect(annList.headers.etag).not.toBe(benList.headers.etag);
      // Ben's tag does not revalidate Ann's answer.
      const cross = await c.get('/api/v1/cards', { ...as(ann), 'if-none-match': String(benList.headers.etag) });
      expect(cross.statusCode).toBe(200);
    });

    it('shares public answers between anonymous and signed-in callers, without Vary', async () => {
      const token = await c.register(`cleo-${store}@example.com`);
      const board = await c.create('/api/v1/boards', { name: 'shared' });
      const url = `/api/v1/boards/${board.id}`;
      const anonymous = await c.get(url);
      const hitsBefore = await hits('boards');
      const signedIn = await c.get(url, { authorization: `Bearer ${token}` });
      expect(signedIn.body).toBe(anonymous.body);
      expect(await hits('boards')).toBe(hitsBefore + 1);
      expect(anonymous.headers.vary ?? '').not.toMatch(/Authorization/);
      expect(anonymous.headers['cache-control']).toBe('no-cache');
    });
  });

  describe.skipIf(skip)('one load per key at a time', () => {
    it('runs the query of a record read once for concurrent misses', async () => {
      const record = await c.create('/api/v1/boards', { name: 'popular' });
      const url = `/api/v1/boards/${record.id}`;
      const sqlBefore = queries(t, 'boards');
      const missesBefore = await misses('boards');
      const restore = holdLookups(t.app, 8);
      try {
        const answers = await Promise.all(Array.from({ length: 8 }, () => c.get(url)));
        expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
        expect(new Set(answers.map((r) => r.body)).size).toBe(1);
      } finally {
        restore();
      }
      // Every request missed, and all of them shared one load.
      expect(await misses('boards')).toBe(missesBefore + 8);
      expect(queries(t, 'boards') - sqlBefore).toBe(1);
    });

    it('runs the queries of a list read once for concurrent misses', async () => {
      const board = await c.create('/api/v1/boards', { name: 'parent' });
      await c.create('/api/v1/pins', { board: board.id, label: 'child' });
      const url = `/api/v1/pins?board=${board.id}&include=board`;
      const pinsBefore = queries(t, 'pins');
      const boardsBefore = queries(t, 'boards');
      const missesBefore = await misses('pins');
      const restore = holdLookups(t.app, 8);
      try {
        const answers = await Promise.all(Array.from({ length: 8 }, () => c.get(url)));
        expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
        expect(answers[0]?.json().data[0].board.name).toBe('parent');
      } finally {
        restore();
      }
      expect(await misses('pins')).toBe(missesBefore + 8);
      // The page, then the included boards: two statements for all eight requests.
      expect(queries(t, 'pins') - pinsBefore).toBe(1);
      expect(queries(t, 'boards') - boardsBefore).toBe(1);
    });
  });

  describe.skipIf(skip)('reads decided by custom rules are never cached', () => {
    const at = (tenant: string, headers: Record<string, string> = {}) => ({ host: `${tenant}.example.com`, ...headers });
    const customBypasses = (label: string) => metric(t.app, 'rampart_cache_bypasses_total', label, 'custom_rule');

    it("never serves one tenant's record to another, cold or warm", async () => {
      const doc = await c.create('/api/v1/docs', { tenant: 'a.example.com', secret: `A-only ${store}` });
      const url = `/api/v1/docs/${doc.id}`;
      const bypassesBefore = await customBypasses('docs');
      expect((await c.get(url, at('b'))).statusCode).toBe(404);
      const forA = await c.get(url, at('a'));
      expect(forA.statusCode).toBe(200);
      expect(forA.json().data.secret).toBe(`A-only ${store}`);
      // Once A's answer could have been stored, B asks again (the same anonymous caller).
      const forB = await c.get(url, at('b'));
      expect(forB.statusCode).toBe(404);
      expect(forB.body).not.toContain('A-only');
      expect(await hits('docs')).toBe(0);
      expect(await misses('docs')).toBe(0);
      expect(await customBypasses('docs')).toBe(bypassesBefore + 3);

      // Per-response validators still work without the cache.
      expect(forA.headers['cache-control']).toBe('private, no-cache');
      expect((await c.get(url, at('a', { 'if-none-match': String(forA.headers.etag) }))).statusCode).toBe(304);
    });

    it("never serves one tenant's list to another", async () => {
      await c.create('/api/v1/docs', { tenant: 'c.example.com', secret: `C-only ${store}` });
      const url = '/api/v1/docs?limit=50';
      const forC = await c.get(url, at('c'));
      expect(forC.json().data.map((d: { secret: string }) => d.secret)).toEqual([`C-only ${store}`]);
      const forD = await c.get(url, at('d'));
      expect(forD.statusCode).toBe(200);
      expect(forD.json().data).toEqual([]);
      expect(await hits('docs')).toBe(0);
    });

    it('does not cache an answer that embeds a resource with a custom read rule', async () => {
      const doc = await c.create('/api/v1/docs', { tenant: 'e.example.com', secret: `E-only ${store}` });
      // Server-side: a client may only point a reference at a record its tenant reads.
      const link = await t.app.records(links).create({ doc: doc.id, label: 'to E' });
      const one = `/api/v1/links/${link.id}?include=doc`;
      const list = `/api/v1/links?doc=${doc.id}&include=doc`;
      expect((await c.get(one, at('e'))).json().data.doc.secret).toBe(`E-only ${store}`);
      expect((await c.get(list, at('e'))).json().data[0].doc.secret).toBe(`E-only ${store}`);
      // The included record another tenant may not read stays a bare id.
      expect((await c.get(one, at('f'))).json().data.doc).toBe(doc.id);
      expect((await c.get(list, at('f'))).json().data[0].doc).toBe(doc.id);
      expect(await hits('links')).toBe(0);
      // Without the include, links' own public rule decides alone: shared as before.
      await c.get(`/api/v1/links/${link.id}`, at('e'));
      await c.get(`/api/v1/links/${link.id}`, at('f'));
      expect(await hits('links')).toBe(1);
    });
  });

  describe.skipIf(skip)('ETag and 304', () => {
    it.each([
      ['a cached record', 'boards', (id: string) => `/api/v1/boards/${id}`],
      ['a cached list', 'boards', () => '/api/v1/boards?sort=name&limit=3'],
      ['an uncached record', 'notes', (id: string) => `/api/v1/notes/${id}`],
      ['an uncached list', 'notes', () => '/api/v1/notes?limit=3'],
    ])('%s answers 304 to a matching If-None-Match and 200 once it changed', async (_name, path, urlOf) => {
      const record = await c.create(`/api/v1/${path}`, path === 'boards' ? { name: 'aaa tagged' } : { text: 'tagged' });
      const url = urlOf(record.id as string);
      const first = await c.get(url);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      for (const header of [etag, '*', `"other", ${etag}`, `W/${etag}`]) {
        const res = await c.get(url, { 'if-none-match': header });
        expect(res.statusCode, header).toBe(304);
        expect(res.body).toBe('');
        expect(res.headers.etag).toBe(etag);
      }
      expect((await c.get(url, { 'if-none-match': '"other"' })).statusCode).toBe(200);

      await c.send('PATCH', `/api/v1/${path}/${record.id}`, path === 'boards' ? { name: 'aaa changed' } : { text: 'changed' });
      const changed = await c.get(url, { 'if-none-match': etag });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
    });

    it('answers 404 rather than 304 for a missing record, even to *', async () => {
      const res = await c.get('/api/v1/boards/0190a0d0-0000-7000-8000-000000000000', { 'if-none-match': '*' });
      expect(res.statusCode).toBe(404);
    });
  });

  describe.skipIf(skip)('metrics', () => {
    it('exposes hits, misses and evictions by resource on /metrics', async () => {
      const board = await c.create('/api/v1/boards', { name: 'measured' });
      await c.get(`/api/v1/boards/${board.id}`);
      await c.get(`/api/v1/boards/${board.id}`);
      const text = (await c.get('/metrics')).body;
      expect(text).toMatch(/^rampart_cache_hits_total\{resource="boards"\} [1-9]\d*$/m);
      expect(text).toMatch(/^rampart_cache_misses_total\{resource="boards"\} [1-9]\d*$/m);
      expect(text).toContain('# TYPE rampart_cache_evictions_total counter');
    });

    it('evicts the least recently used answer beyond CACHE_MAX_ENTRIES', async () => {
      const small = await startTestApp({ resources }, { ...roomy, ...env(), CACHE_MAX_ENTRIES: '2' });
      try {
        await redisReady(small.app);
        const s = client(small);
        // Created first: a write drops the in-process copies of what it touched.
        const ids = [];
        for (const name of ['e1', 'e2', 'e3']) ids.push((await s.create('/api/v1/boards', { name })).id);
        for (const id of ids) await s.get(`/api/v1/boards/${id}`);
        expect(await metric(small.app, 'rampart_cache_evictions_total', 'boards')).toBe(1);
      } finally {
        await small.close();
      }
    });
  });
});

describe.skipIf(!redisUp)('read cache shared through Redis by several instances', () => {
  let one: TestApp;
  let two: TestApp;
  let a: ReturnType<typeof client>;
  let b: ReturnType<typeof client>;
  const localBoards = () => (two.app.cache.store as RedisCacheStore).localSize('boards');

  beforeAll(async () => {
    const shared = { ...roomy, REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('cache') };
    one = await startTestApp({ resources }, shared);
    // The second instance works on the first one's database.
    two = await startTestApp({ resources }, { ...shared, DATABASE_URL: one.app.config.databaseUrl });
    await redisReady(one.app);
    await redisReady(two.app);
    a = client(one);
    b = client(two);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('makes the next read on one instance fresh after a write on another, and drops its in-process copy', async () => {
    const board = await a.create('/api/v1/boards', { name: 'v1' });
    const url = `/api/v1/boards/${board.id}`;
    expect((await b.get(url)).json().data.name).toBe('v1');
    expect((await b.get(url)).json().data.name).toBe('v1');
    expect(localBoards()).toBeGreaterThan(0);

    const dropped = new Promise<void>((resolve) =>
      (two.app.cache.store as RedisCacheStore).onRemoteInvalidation((names) => names.includes('boards') && resolve()),
    );
    await a.send('PATCH', url, { name: 'v2' });
    await dropped;
    expect(localBoards()).toBe(0);
    expect((await b.get(url)).json().data.name).toBe('v2');
  });

  it('reads the generation from Redis on every read, so freshness does not wait for pub/sub', async () => {
    const board = await a.create('/api/v1/boards', { name: 'old' });
    const url = `/api/v1/boards/${board.id}`;
    expect((await b.get(url)).json().data.name).toBe('old');
    expect(localBoards()).toBeGreaterThan(0);
    // What another instance's write does, minus the message: the row changes and the
    // generation moves, but instance two's in-process copy is not told.
    await one.app.database.db.updateTable('boards').set({ name: 'new' }).where('id', '=', board.id).execute();
    await one.app.redis?.client.incr(`${one.app.config.redisPrefix}cache:gen:boards`);
    expect(localBoards()).toBeGreaterThan(0);
    expect((await b.get(url)).json().data.name).toBe('new');
  });

  it('serves nothing cached before a Redis outage after it, though writes during it could not invalidate', async () => {
    const board = await a.create('/api/v1/boards', { name: 'before the outage' });
    const url = `/api/v1/boards/${board.id}`;
    expect((await a.get(url)).json().data.name).toBe('before the outage');
    const redis = one.app.redis;
    if (!redis) throw new Error('expected a Redis connection');
    const ended = new Promise((resolve) => redis.client.once('end', resolve));
    redis.client.disconnect();
    await ended;
    try {
      const bypassesBefore = await metric(one.app, 'rampart_cache_bypasses_total', 'boards', 'store_unreachable');
      expect((await a.send('PATCH', url, { name: 'during the outage' })).statusCode).toBe(200);
      expect((await a.get(url)).json().data.name).toBe('during the outage');
      expect(await metric(one.app, 'rampart_cache_bypasses_total', 'boards', 'store_unreachable')).toBe(bypassesBefore + 1);
    } finally {
      await redis.client.connect();
    }
    // Redis still holds the answer from before the outage under the generation the
    // failed write could not move; instance one moves every generation on reconnecting.
    expect((await a.get(url)).json().data.name).toBe('during the outage');
    expect((await b.get(url)).json().data.name).toBe('during the outage');
  });

  it('serves nothing stale from a Redis that comes back with older generations (restored from a snapshot)', async () => {
    const redis = one.app.redis;
    if (!redis) throw new Error('expected a Redis connection');
    const board = await a.create('/api/v1/boards', { name: 'snapshot v1' });
    const url = `/api/v1/boards/${board.id}`;
    expect((await a.get(url)).json().data.name).toBe('snapshot v1');
    const generationKey = `${one.app.config.redisPrefix}cache:gen:boards`;
    const snapshot = await redis.client.get(generationKey);
    await a.send('PATCH', url, { name: 'snapshot v2' });
    // The restart: the generation goes back to the snapshot's, where v1 is still stored.
    await redis.client.set(generationKey, snapshot ?? '0');
    const ended = new Promise((resolve) => redis.client.once('end', resolve));
    redis.client.disconnect();
    await ended;
    await redis.client.connect();
    expect((await a.get(url)).json().data.name).toBe('snapshot v2');
  });
});

describe('read cache with Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    t = await startTestApp({ resources }, { ...roomy, REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: uniquePrefix('cache') });
  });
  afterAll(async () => t?.close());

  it('reads from the database (never a 500) and writes succeed', async () => {
    const c = client(t);
    const board = await c.create('/api/v1/boards', { name: 'no redis' });
    const url = `/api/v1/boards/${board.id}`;
    expect((await c.get(url)).statusCode).toBe(200);
    expect((await c.send('PATCH', url, { name: 'still no redis' })).statusCode).toBe(200);
    const res = await c.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.name).toBe('still no redis');
    expect(res.headers.etag).toBeDefined();
    expect((await c.get('/api/v1/boards?sort=name')).statusCode).toBe(200);
    expect(await metric(t.app, 'rampart_cache_bypasses_total', 'boards', 'store_unreachable')).toBe(3);
    expect(await metric(t.app, 'rampart_cache_hits_total', 'boards')).toBe(0);
  });
});
