import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { LOG_LEVEL: 'trace' });
});
afterAll(async () => t.close());

type Res = Awaited<ReturnType<TestApp['app']['fastify']['inject']>>;
const call = (method: string, url: string, payload?: unknown): Promise<Res> =>
  t.app.fastify.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as object }) });

async function createMarket(body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await call('POST', '/api/v1/markets', { name: 'Will it rain?', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}

const missingId = '0190a0d0-0000-7000-8000-000000000000';

describe('create', () => {
  it('answers 201 with Location, server-set id and timestamps, and defaults', async () => {
    const res = await call('POST', '/api/v1/markets', { name: 'First market' });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(res.headers.location).toBe(`/api/v1/markets/${data.id}`);
    expect(data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(data).toMatchObject({ name: 'First market', status: 'active', volume: '0.00', description: null, endsAt: null });
    expect(data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data.updatedAt).toBe(data.createdAt);
  });

  it('keeps decimals exact and carries them as strings', async () => {
    const data = await createMarket({ volume: '9999999999999.99' });
    expect(data.volume).toBe('9999999999999.99');
    const again = (await call('GET', `/api/v1/markets/${data.id}`)).json().data;
    expect(again.volume).toBe('9999999999999.99');
    expect((await createMarket({ volume: '0.1' })).volume).toBe('0.10');
  });

  it('normalizes timestamps to ISO-8601 UTC', async () => {
    const data = await createMarket({ endsAt: '2027-03-01T12:00:00+02:00' });
    expect(data.endsAt).toBe('2027-03-01T10:00:00.000Z');
  });

  it.each([
    ['a missing required field', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'body.name'],
    ['an unknown status', { name: 'a', status: 'open' }, 'body.status'],
    ['a float volume', { name: 'a', volume: 1.5 }, 'body.volume'],
    ['a negative volume', { name: 'a', volume: '-1' }, 'body.volume'],
    ['too many decimals', { name: 'a', volume: '1.001' }, 'body.volume'],
    ['a non-ISO date', { name: 'a', endsAt: 'tomorrow' }, 'body.endsAt'],
    ['a client-chosen id', { name: 'a', id: missingId }, 'body.id'],
    ['a client-chosen createdAt', { name: 'a', createdAt: '2020-01-01T00:00:00Z' }, 'body.createdAt'],
    ['an undeclared field', { name: 'a', secret: 'x' }, 'body.secret'],
  ])('refuses %s with 400 naming it', async (_name, body, path) => {
    const res = await call('POST', '/api/v1/markets', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_VALIDATION');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('reports every failing field at once', async () => {
    const res = await call('POST', '/api/v1/markets', { status: 'nope', volume: 'abc', extra: true });
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.extra', 'body.name', 'body.status', 'body.volume']);
  });

  it('refuses a reference to a missing record with 400 naming the field', async () => {
    const res = await call('POST', '/api/v1/positions', { market: missingId, side: 'yes', amount: '5' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.market', message: 'no markets record with this id' }]);
  });

  it('refuses a zero amount where the minimum is exclusive', async () => {
    const market = await createMarket();
    const res = await call('POST', '/api/v1/positions', { market: market.id, side: 'yes', amount: '0' });
    expect(res.statusCode).toBe(400);
  });
});

describe('read', () => {
  it('returns one record', async () => {
    const market = await createMarket({ name: 'Readable' });
    const res = await call('GET', `/api/v1/markets/${market.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: market });
  });

  it('answers 404 problem for a missing record', async () => {
    const res = await call('GET', `/api/v1/markets/${missingId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('RAMPART_NOT_FOUND');
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const res = await call('GET', '/api/v1/markets/not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('params.id');
  });

  it('selects fields, always keeping id', async () => {
    const market = await createMarket({ name: 'Sparse' });
    const res = await call('GET', `/api/v1/markets/${market.id}?fields=name`);
    expect(res.json().data).toEqual({ id: market.id, name: 'Sparse' });
  });

  it('refuses unknown query parameters on a read', async () => {
    const market = await createMarket();
    const res = await call('GET', `/api/v1/markets/${market.id}?bogus=1`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('bogus');
  });
});

describe('update', () => {
  it('PATCH changes only the given fields and bumps updatedAt', async () => {
    const market = await createMarket({ description: 'keep me', volume: '10' });
    await new Promise((r) => setTimeout(r, 5));
    const res = await call('PATCH', `/api/v1/markets/${market.id}`, { status: 'closed' });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data).toMatchObject({ status: 'closed', description: 'keep me', volume: '10.00', createdAt: market.createdAt });
    expect(data.updatedAt > String(market.updatedAt)).toBe(true);
  });

  it('PATCH with null clears an optional field', async () => {
    const market = await createMarket({ description: 'temporary' });
    const data = (await call('PATCH', `/api/v1/markets/${market.id}`, { description: null })).json().data;
    expect(data.description).toBeNull();
  });

  it('PUT replaces the record: omitted fields reset to default or null', async () => {
    const market = await createMarket({ description: 'old', status: 'closed', volume: '5' });
    const res = await call('PUT', `/api/v1/markets/${market.id}`, { name: 'Replaced' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ name: 'Replaced', description: null, status: 'active', volume: '0.00' });
  });

  it('PUT requires required fields', async () => {
    const market = await createMarket();
    const res = await call('PUT', `/api/v1/markets/${market.id}`, { status: 'closed' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.name');
  });

  it.each(['id', 'createdAt', 'updatedAt'])('refuses a server-owned %s in a PATCH', async (key) => {
    const market = await createMarket();
    const res = await call('PATCH', `/api/v1/markets/${market.id}`, { [key]: key === 'id' ? missingId : '2020-01-01T00:00:00Z' });
    expect(res.statusCode).toBe(400);
    const again = (await call('GET', `/api/v1/markets/${market.id}`)).json().data;
    expect(again).toEqual(market);
  });

  it.each(['PUT', 'PATCH'])('%s on a missing record answers 404', async (method) => {
    const res = await call(method, `/api/v1/markets/${missingId}`, { name: 'x' });
    expect(res.statusCode).toBe(404);
  });
});

describe('delete', () => {
  it('answers 204, then the record is gone', async () => {
    const market = await createMarket();
    const res = await call('DELETE', `/api/v1/markets/${market.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await call('GET', `/api/v1/markets/${market.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/markets/${market.id}`)).statusCode).toBe(404);
  });

  it('cascades to positions as declared', async () => {
    const market = await createMarket();
    const position = (await call('POST', '/api/v1/positions', { market: market.id, side: 'no', amount: '3.5' })).json().data;
    expect(position.amount).toBe('3.50');
    await call('DELETE', `/api/v1/markets/${market.id}`);
    expect((await call('GET', `/api/v1/positions/${position.id}`)).statusCode).toBe(404);
  });
});

describe('include', () => {
  it('embeds referenced records with one query for the whole page', async () => {
    const a = await createMarket({ name: 'Include A' });
    const b = await createMarket({ name: 'Include B' });
    for (const market of [a, a, b, b, a]) {
      await call('POST', '/api/v1/positions', { market: market.id, side: 'yes', amount: '1' });
    }
    t.logs.clear();
    const res = await call('GET', '/api/v1/positions?include=market&limit=100');
    expect(res.statusCode).toBe(200);
    const rows = res.json().data as { market: { id: string; name: string } }[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((p) => typeof p.market === 'object')).toBe(true);
    expect(rows.filter((p) => p.market.id === a.id).every((p) => p.market.name === 'Include A')).toBe(true);
    const marketQueries = t.logs.entries.filter((e) => e.msg === 'query' && /from "markets"/.test(String(e.sql)));
    expect(marketQueries).toHaveLength(1);
  });

  it('refuses to include a field that is not a reference', async () => {
    const res = await call('GET', '/api/v1/positions?include=side');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('include');
  });
});
