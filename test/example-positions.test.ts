import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPosition } from '../examples/markets/routes.js';
import { startAuthApp, type AuthApp } from './support/auth-app.js';

/*
 * The markets example's rule for positions: taken on active markets only, frozen once
 * their market is closed or resolved. Every way a client can touch a position is tried
 * on each kind of market that is no longer active; none may change the position or
 * move a market's volume.
 */
let t: AuthApp;
let headers: { authorization: string };

beforeAll(async () => {
  t = await startAuthApp({}, { routes: [openPosition] });
  headers = { authorization: `Bearer ${(await t.register('trader@example.com')).accessToken}` };
});
afterAll(() => t.close());

async function market(status: string): Promise<string> {
  const created = await t.inject({ method: 'POST', url: '/api/v1/markets', headers, payload: { name: `A ${status} market` } });
  expect(created.statusCode).toBe(201);
  return created.json().data.id;
}
async function take(marketId: string, amount: string): Promise<string> {
  const res = await t.inject({ method: 'POST', url: `/api/v1/markets/${marketId}/positions`, headers, payload: { side: 'yes', amount } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id;
}
async function setStatus(marketId: string, status: string): Promise<void> {
  const res = await t.inject({ method: 'PATCH', url: `/api/v1/markets/${marketId}`, headers, payload: { status } });
  expect(res.statusCode, res.body).toBe(200);
}
const volume = async (marketId: string) => (await t.inject({ method: 'GET', url: `/api/v1/markets/${marketId}` })).json().data.volume;
const position = async (id: string) => (await t.inject({ method: 'GET', url: `/api/v1/positions/${id}`, headers })).json().data;

describe.each(['closed', 'resolved'])('the markets example: positions on a %s market', (status) => {
  it('are frozen: PUT, PATCH (amount, side, market) and DELETE answer 409 and change nothing', async () => {
    const over = await market(status);
    const open = await market('active');
    const id = await take(over, '10.00');
    await take(open, '2.00');
    await setStatus(over, status);
    const before = await position(id);

    const attempts = [
      { method: 'PUT', payload: { market: over, side: 'no', amount: '10.00' } },
      { method: 'PATCH', payload: { amount: '99.00' } },
      { method: 'PATCH', payload: { side: 'no' } },
      { method: 'PATCH', payload: { market: open } },
      { method: 'DELETE' },
    ] as const;
    for (const attempt of attempts) {
      const res = await t.inject({ url: `/api/v1/positions/${id}`, headers, ...attempt });
      expect(res.statusCode, `${attempt.method} ${JSON.stringify('payload' in attempt ? attempt.payload : {})}`).toBe(409);
      expect(res.json()).toMatchObject({ code: 'RAMPART_CONFLICT', detail: `Market ${over} is ${status}; its positions are frozen: they cannot be changed, moved or deleted.` });
    }
    expect(await position(id)).toEqual(before);
    expect(await volume(over)).toBe('10.00');
    expect(await volume(open)).toBe('2.00');
  });

  it('take none, whether opened there or moved there from an active market', async () => {
    const over = await market(status);
    const open = await market('active');
    const id = await take(open, '3.00');
    await setStatus(over, status);
    const opened = await t.inject({ method: 'POST', url: '/api/v1/positions', headers, payload: { market: over, side: 'yes', amount: '1.00' } });
    expect(opened.statusCode).toBe(409);
    for (const method of ['PATCH', 'PUT'] as const) {
      const moved = await t.inject({ method, url: `/api/v1/positions/${id}`, headers, payload: { market: over, side: 'yes', amount: '3.00' } });
      expect(moved.statusCode).toBe(409);
      expect(moved.json().detail).toBe(`Market ${over} is ${status}; only active markets take positions.`);
    }
    expect((await position(id)).market).toBe(open);
    expect(await volume(open)).toBe('3.00');
    expect(await volume(over)).toBe('0.00');
  });
});

describe('the markets example: positions on an active market', () => {
  it('change, move between active markets and go, moving the volumes with them', async () => {
    const first = await market('active');
    const second = await market('active');
    const id = await take(first, '4.00');
    expect((await t.inject({ method: 'PATCH', url: `/api/v1/positions/${id}`, headers, payload: { side: 'no' } })).statusCode).toBe(200);
    expect((await t.inject({ method: 'PATCH', url: `/api/v1/positions/${id}`, headers, payload: { market: second, amount: '6.00' } })).statusCode).toBe(200);
    expect([await volume(first), await volume(second)]).toEqual(['0.00', '6.00']);
    expect((await t.inject({ method: 'DELETE', url: `/api/v1/positions/${id}`, headers })).statusCode).toBe(204);
    expect(await volume(second)).toBe('0.00');
  });
});
