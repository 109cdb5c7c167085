import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const statuses = ['active', 'closed', 'resolved'] as const;

beforeAll(async () => {
  t = await startTestApp();
  for (let i = 0; i < 45; i++) {
    const res = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/markets',
      payload: {
        name: i % 5 === 0 ? `Lisbon rain market ${i}` : `Market number ${i}`,
        status: statuses[i % 3],
        volume: String((i * 37) % 100),
        description: i % 7 === 0 ? 'Mentions "quoted" OR tricky* words' : undefined,
      },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t.close());

const get = async (url: string) => t.app.fastify.inject({ method: 'GET', url });

describe('list route', () => {
  it('answers the documented example query with data and pagination', async () => {
    const res = await get('/api/v1/markets?status=active&sort=-volume&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toHaveLength(5);
    expect(body.data.every((m: { status: string }) => m.status === 'active')).toBe(true);
    const volumes = body.data.map((m: { volume: string }) => Number(m.volume));
    expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
    expect(body.pagination).toMatchObject({ limit: 5 });
    expect(typeof body.pagination.nextCursor).toBe('string');
  });

  it('defaults to 20 rows, newest first', async () => {
    const body = (await get('/api/v1/markets')).json();
    expect(body.data).toHaveLength(20);
    const created = body.data.map((m: { createdAt: string; id: string }) => m.createdAt + m.id);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('walks every row exactly once with the cursor', async () => {
    const seen: string[] = [];
    let url = '/api/v1/markets?sort=volume&limit=7';
    for (let page = 0; page < 20; page++) {
      const body = (await get(url)).json();
      seen.push(...body.data.map((m: { id: string }) => m.id));
      if (!body.pagination.nextCursor) break;
      url = `/api/v1/markets?sort=volume&limit=7&cursor=${encodeURIComponent(body.pagination.nextCursor)}`;
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
  });

  it('filters with operators on declared fields', async () => {
    const body = (await get('/api/v1/markets?volume[gte]=50&volume[lt]=60&limit=100')).json();
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((m: { volume: string }) => Number(m.volume) >= 50 && Number(m.volume) < 60)).toBe(true);
    const inList = (await get('/api/v1/markets?status[in]=closed,resolved&limit=100')).json();
    expect(inList.data).toHaveLength(30);
  });

  it('searches declared text fields with q=', async () => {
    const body = (await get('/api/v1/markets?q=lisbon%20rain&limit=100')).json();
    expect(body.data).toHaveLength(9);
    const tricky = await get('/api/v1/markets?q=%22quoted%22%20OR%20tricky*');
    expect(tricky.statusCode).toBe(200);
  });

  it('treats punctuation as word breaks in q=, on both databases', async () => {
    const created = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/markets',
      payload: { name: 'Mailbox', description: 'Write to ann@example.org about report.pdf' },
    });
    const id = created.json().data.id as string;
    for (const q of ['example', 'ann', 'pdf']) {
      expect((await get(`/api/v1/markets?q=${q}`)).json().data.map((m: { id: string }) => m.id)).toEqual([id]);
    }
    await t.app.fastify.inject({ method: 'DELETE', url: `/api/v1/markets/${id}` });
  });

  it('counts the total on request', async () => {
    const body = (await get('/api/v1/markets?status=closed&total=true&limit=2')).json();
    expect(body.pagination.total).toBe(15);
  });

  it('pages with offset', async () => {
    const all = (await get('/api/v1/markets?sort=volume&limit=10')).json().data;
    const second = (await get('/api/v1/markets?sort=volume&limit=5&offset=5')).json().data;
    expect(second.map((m: { id: string }) => m.id)).toEqual(all.slice(5, 10).map((m: { id: string }) => m.id));
  });

  it('returns only the selected fields', async () => {
    const body = (await get('/api/v1/markets?fields=name,volume&limit=1')).json();
    expect(Object.keys(body.data[0]).sort()).toEqual(['id', 'name', 'volume']);
  });

  it.each([
    ['limit=1000', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['bogus=1', 'bogus'],
    ['sort=secret', 'sort'],
    ['sort=name', 'sort'],
    ['name=abc', 'name'],
    ['volume[like]=1', 'volume[like]'],
    ['volume[gte]=abc', 'volume[gte]'],
    ['status=open', 'status'],
    ['cursor=not-a-cursor', 'cursor'],
    ['fields=secret', 'fields'],
    ['status=active&status=closed', 'status'],
  ])('refuses ?%s with a 400 problem naming %s', async (query, param) => {
    const res = await get(`/api/v1/markets?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('RAMPART_INVALID_QUERY');
    expect(body.detail).toContain(param);
  });

  it('refuses a cursor made for another sort', async () => {
    const cursor = (await get('/api/v1/markets?sort=volume&limit=2')).json().pagination.nextCursor;
    const res = await get(`/api/v1/markets?sort=-volume&limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('cursor');
  });
});
