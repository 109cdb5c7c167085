import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { LOG_LEVEL: 'silent' });
  for (let i = 0; i < 30; i++) {
    await t.app.fastify.inject({ method: 'POST', url: '/api/v1/markets', payload: { name: `Market ${i} "q"`, volume: `${i}.5` } });
  }
});
afterAll(async () => t.close());

const names = ['status', 'volume', 'name', 'endsAt', 'createdAt', 'id', 'sort', 'limit', 'cursor', 'offset', 'fields', 'include', 'q', 'total', 'bogus'];
const ops = ['', '[eq]', '[ne]', '[gt]', '[gte]', '[lt]', '[lte]', '[in]', '[contains]', '[like]', '[', ']', '[][]'];
const values = fc.oneof(
  fc.string(),
  fc.constantFrom('active', 'closed', '-volume', 'volume,createdAt', '20', '100', '101', '0', '-1', 'true', '1e3', '12.345', '2026-01-01T00:00:00Z', 'a,b,c', '"', "'", '%', '\\', 'NEAR(', '*'),
  fc.integer().map(String),
);
const key = fc.oneof(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...ops)).map(([n, o]) => n + o), fc.string({ maxLength: 12 }));
const query = fc.array(fc.tuple(key, values), { maxLength: 6 }).map((pairs) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
);

describe('any list query over HTTP', () => {
  it('answers 200 or a 400 problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (qs) => {
        const res = await t.app.fastify.inject({ method: 'GET', url: `/api/v1/markets?${qs}` });
        expect([200, 400], `${qs} -> ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        if (res.statusCode === 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 300 },
    );
  });
});
