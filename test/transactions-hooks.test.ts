import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, allow, field, resource, route, createJobs } from 'rampart';
import { openPosition } from '../examples/markets/routes.js';
import { markets, positions } from '../examples/markets/resources.js';
import { bearer, startAuthApp, type AuthApp } from './support/auth-app.js';
import { testDialect } from '../src/db/test-database-url.js';
import { until } from './support/until.js';

/*
 * Transactions and resource hooks through HTTP, on both databases: the example's
 * `POST /api/v1/markets/:id/positions` (a position and its market's volume, together),
 * failures that must leave nothing behind, concurrent increments, and hooks that refuse
 * writes or enqueue jobs inside the write's transaction.
 */

let running: AuthApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(extra: Parameters<typeof startAuthApp>[1] = {}) {
  running = await startAuthApp({}, { routes: [openPosition], jobOptions: { pollMs: 30, leaseMs: 2000 }, ...extra });
  const user = await running.register('trader@example.com');
  const auth = bearer(user.accessToken);
  const created = await running.inject({ method: 'POST', url: '/api/v1/markets', headers: auth, payload: { name: 'Rain in Lisbon tomorrow' } });
  expect(created.statusCode).toBe(201);
  const market = created.json().data as { id: string; volume: string };
  return { t: running, auth, market, user };
}

async function volumeOf(t: AuthApp, id: string): Promise<string> {
  const res = await t.inject({ method: 'GET', url: `/api/v1/markets/${id}` });
  return (res.json() as { data: { volume: string } }).data.volume;
}

async function count(t: AuthApp, table: string): Promise<number> {
  const row = await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}


describe('transactions and hooks', () => {
  it('POST /markets/:id/positions creates the position and adds its amount to the market volume; the cached market shows it at once', async () => {
    const { t, auth, market } = await start();
    expect(await volumeOf(t, market.id)).toBe('0.00'); // now cached
    const res = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/positions`, headers: auth, payload: { side: 'yes', amount: '12.50' } });
    expect(res.statusCode).toBe(201);
    const position = res.json().data as { id: string; owner: string; amount: string };
    expect(res.headers.location).toBe(`/api/v1/positions/${position.id}`);
    expect(position.amount).toBe('12.50');
    expect(await volumeOf(t, market.id)).toBe('12.50');
    // The generic route runs the same hook.
    await t.inject({ method: 'POST', url: '/api/v1/positions', headers: auth, payload: { market: market.id, side: 'no', amount: '0.75' } });
    expect(await volumeOf(t, market.id)).toBe('13.25');
    // Changing and deleting positions moves the volume back.
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/positions/${position.id}`, headers: auth, payload: { amount: '2.50' } });
    expect(patched.statusCode).toBe(200);
    expect(await volumeOf(t, market.id)).toBe('3.25');
    expect((await t.inject({ method: 'DELETE', url: `/api/v1/positions/${position.id}`, headers: auth })).statusCode).toBe(204);
    expect(await volumeOf(t, market.id)).toBe('0.75');
  });

  it('a refused position leaves neither a position nor a volume change', async () => {
    const { t, auth, market } = await start();
    const bad = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/positions`, headers: auth, payload: { side: 'yes', amount: '-5' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.amount');
    const missing = await t.inject({ method: 'POST', url: `/api/v1/markets/0195d6d0-0000-7000-8000-000000000000/positions`, headers: auth, payload: { side: 'yes', amount: '1' } });
    expect(missing.statusCode).toBe(404);
    await t.app.records(markets).update(market.id, { status: 'closed' });
    const closed = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/positions`, headers: auth, payload: { side: 'yes', amount: '1' } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('RAMPART_CONFLICT');
    // The rule lives in the positions' hooks, so the generic route keeps it too.
    const generic = await t.inject({ method: 'POST', url: '/api/v1/positions', headers: auth, payload: { market: market.id, side: 'no', amount: '1' } });
    expect(generic.statusCode).toBe(409);
    expect(await count(t, 'positions')).toBe(0);
    expect(await volumeOf(t, market.id)).toBe('0.00');
  });

  it('a failure after the writes inside ctx.db.transaction rolls back the position and the volume, and enqueues nothing', async () => {
    const failing = route({
      method: 'POST',
      path: '/api/v1/markets/:id/failing-positions',
      access: allow.authenticated,
      params: z.strictObject({ id: z.uuid() }),
      handler: async ({ params, user, db, records, jobs }) => {
        await db.transaction(async (trx) => {
          await records(positions, trx).create({ market: params.id, side: 'yes', amount: '5' }, { owner: user!.id });
          await jobs.enqueue('index-market', { id: params.id }, { trx });
          throw new Error('payment provider said no');
        });
      },
    });
    const { t, auth, market } = await start({ routes: [openPosition, failing] });
    await until(async () => (await count(t, 'rampart_jobs')) === 1 && (await t.app.db.selectFrom('rampart_jobs').select('status').executeTakeFirst())?.status === 'done');
    expect(await volumeOf(t, market.id)).toBe('0.00');
    const res = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/failing-positions`, headers: auth });
    expect(res.statusCode).toBe(500);
    expect(await count(t, 'positions')).toBe(0);
    expect(await volumeOf(t, market.id)).toBe('0.00');
    // Only the market's own creation job, none from the rolled-back transaction.
    expect(await count(t, 'rampart_jobs')).toBe(1);
  });

  it('inside ctx.db.transaction, a nested transaction and calls without trx join it (no second transaction, no deadlock)', async () => {
    const nested = route({
      method: 'POST',
      path: '/api/v1/markets/:id/nested-positions',
      access: allow.authenticated,
      params: z.strictObject({ id: z.uuid() }),
      query: z.strictObject({ fail: z.enum(['yes', 'no']) }),
      handler: async ({ params, query, user, db, records, jobs }) => {
        await db.transaction(async () => {
          // No trx passed anywhere: all of it still belongs to the open transaction.
          await db.transaction(async () => {
            await records(positions).create({ market: params.id, side: 'yes', amount: '3' }, { owner: user!.id });
          });
          await jobs.enqueue('index-market', { id: params.id });
          expect((await records(markets).get(params.id)).volume).toBe('3.00');
          if (query.fail === 'yes') throw new AppError('RAMPART_CONFLICT', 'changed my mind');
        });
      },
    });
    const { t, auth, market } = await start({ routes: [openPosition, nested] });
    await until(async () => (await count(t, 'rampart_jobs')) === 1);
    const failed = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/nested-positions?fail=yes`, headers: auth });
    expect(failed.statusCode).toBe(409);
    expect(await count(t, 'positions')).toBe(0);
    expect(await count(t, 'rampart_jobs')).toBe(1);
    expect(await volumeOf(t, market.id)).toBe('0.00');
    const kept = await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/nested-positions?fail=no`, headers: auth });
    expect(kept.statusCode).toBe(200);
    expect(await count(t, 'positions')).toBe(1);
    expect(await volumeOf(t, market.id)).toBe('3.00');
  });

  it('concurrent positions on one market all count: the volume is the exact sum', async () => {
    const { t, auth, market } = await start();
    const amounts = Array.from({ length: 20 }, (_, i) => `${i + 1}.05`);
    const answers = await Promise.all(
      amounts.map((amount) => t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/positions`, headers: auth, payload: { side: 'yes', amount } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(amounts.map(() => 201));
    expect(await volumeOf(t, market.id)).toBe('211.00');
  });

  it.skipIf(testDialect() !== 'postgres')('a PostgreSQL deadlock between two writes answers 409 to one of them, which changed nothing', async () => {
    // Two requests lock the same two markets in opposite orders, each waiting for the other.
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const crossed = route({
      method: 'POST',
      path: '/api/v1/crossed',
      access: allow.authenticated,
      body: z.strictObject({ first: z.uuid(), second: z.uuid() }),
      handler: async ({ body, db, records }) => {
        await db.transaction(async (trx) => {
          await records(markets, trx).increment(body.first, { volume: '1' });
          if (++arrived === 2) release();
          await bothHoldOne;
          await records(markets, trx).increment(body.second, { volume: '1' });
        });
        return { ok: true };
      },
    });
    const { t, auth, market } = await start({ routes: [openPosition, crossed] });
    const other = (await t.inject({ method: 'POST', url: '/api/v1/markets', headers: auth, payload: { name: 'Other' } })).json().data as { id: string };
    const answers = await Promise.all([
      t.inject({ method: 'POST', url: '/api/v1/crossed', headers: auth, payload: { first: market.id, second: other.id } }),
      t.inject({ method: 'POST', url: '/api/v1/crossed', headers: auth, payload: { first: other.id, second: market.id } }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!;
    expect(refused.json().code).toBe('RAMPART_CONFLICT');
    expect(refused.headers['retry-after']).toBe('1');
    // Only the winner's two increments happened.
    expect(Number(await volumeOf(t, market.id)) + Number(await volumeOf(t, other.id))).toBe(2);
  });

  it("the market's index-market job writes its search entry after the commit", async () => {
    const { t, auth, market } = await start();
    await until(async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/search-entries?q=lisbon' });
      return (res.json() as { data: { market: string }[] }).data.some((e) => e.market === market.id);
    });
    await t.inject({ method: 'PATCH', url: `/api/v1/markets/${market.id}`, headers: auth, payload: { name: 'Snow in Oslo' } });
    await until(async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/search-entries?q=oslo' });
      return (res.json() as { data: unknown[] }).data.length === 1;
    });
    expect(((await t.inject({ method: 'GET', url: '/api/v1/search-entries?q=lisbon' })).json() as { data: unknown[] }).data).toEqual([]);
  });

  it('before-hooks can refuse a write or change its data; a throwing after-hook undoes the write and its jobs', async () => {
    const seen: string[] = [];
    const notes = resource('notes', {
      fields: { title: field.string({ max: 100 }), slug: field.string({ max: 100 }).optional() },
      access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
      hooks: {
        beforeCreate: ({ data }) => {
          if (data.title === 'forbidden') throw new AppError('RAMPART_CONFLICT', 'No such titles.');
          data.slug = String(data.title).toLowerCase().replace(/\s+/g, '-');
        },
        afterCreate: async ({ record, jobs }) => {
          await jobs.enqueue('note-created', { id: record.id });
          if (record.title === 'explode') throw new Error('after-hook failure');
        },
      },
    });
    const jobs = createJobs().define('note-created', { payload: z.object({ id: z.string() }), handler: ({ id }) => void seen.push(id) });
    running = await startAuthApp({}, { resources: [notes], jobs, jobOptions: { pollMs: 30 } });
    const t = running;
    const ok = await t.inject({ method: 'POST', url: '/api/v1/notes', payload: { title: 'Hello World' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.slug).toBe('hello-world');
    const refused = await t.inject({ method: 'POST', url: '/api/v1/notes', payload: { title: 'forbidden' } });
    expect(refused.statusCode).toBe(409);
    const exploded = await t.inject({ method: 'POST', url: '/api/v1/notes', payload: { title: 'explode' } });
    expect(exploded.statusCode).toBe(500);
    await until(async () => seen.length === 1);
    expect(seen).toEqual([ok.json().data.id]);
    expect(await count(t, 'notes')).toBe(1);
    expect(await count(t, 'rampart_jobs')).toBe(1);
  });

  it('an update whose before-hook deletes the record answers 404, and the rollback keeps the record', async () => {
    const notes = resource('notes', {
      fields: { title: field.string({ max: 100 }) },
      access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
      hooks: {
        beforeUpdate: async ({ trx, previous }) => {
          await trx.deleteFrom('notes').where('id', '=', previous.id as string).execute();
        },
      },
    });
    running = await startAuthApp({}, { resources: [notes] });
    const t = running;
    const created = await t.inject({ method: 'POST', url: '/api/v1/notes', payload: { title: 'Kept' } });
    const id = created.json().data.id as string;
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/notes/${id}`, payload: { title: 'Changed' } });
    expect(patched.statusCode).toBe(404);
    expect(patched.json().code).toBe('RAMPART_NOT_FOUND');
    const read = await t.inject({ method: 'GET', url: `/api/v1/notes/${id}` });
    expect(read.json().data.title).toBe('Kept');
  });

  it("clients cannot write the market's volume (read-only); PUT leaves it as the positions made it", async () => {
    const { t, auth, market } = await start();
    await t.inject({ method: 'POST', url: `/api/v1/markets/${market.id}/positions`, headers: auth, payload: { side: 'yes', amount: '4.00' } });
    const posted = await t.inject({ method: 'POST', url: '/api/v1/markets', headers: auth, payload: { name: 'Forged', volume: '1000000' } });
    expect(posted.statusCode).toBe(400);
    expect(posted.json().errors[0].path).toBe('body.volume');
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/markets/${market.id}`, headers: auth, payload: { volume: '0' } });
    expect(patched.statusCode).toBe(400);
    const put = await t.inject({ method: 'PUT', url: `/api/v1/markets/${market.id}`, headers: auth, payload: { name: 'Renamed' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().data).toMatchObject({ name: 'Renamed', volume: '4.00' });
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(JSON.stringify(doc.components.schemas)).toContain('"readOnly":true');
  });

  it('increment refuses a result outside the field bounds and changes nothing', async () => {
    const { t, market } = await start();
    const store = t.app.records(markets);
    await expect(store.increment(market.id, { volume: '-1.00' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    await expect(store.increment(market.id, { volume: '1.001' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    await expect(store.increment(market.id, { name: 'x' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    expect((await store.increment(market.id, { volume: '2.5' })).volume).toBe('2.50');
    expect((await store.get(market.id)).volume).toBe('2.50');
  });

  it('increment sets updatedAt, unless told a counter is not an edit', async () => {
    const { t, market } = await start();
    const store = t.app.records(markets);
    const before = (await store.get(market.id)).updatedAt as string;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const counted = await store.increment(market.id, { volume: '1' }, { touch: false });
    expect(counted).toMatchObject({ volume: '1.00', updatedAt: before });
    expect((await store.get(market.id)).updatedAt).toBe(before);
    const touched = await store.increment(market.id, { volume: '1' });
    expect(String(touched.updatedAt) > before).toBe(true);
  });
});
