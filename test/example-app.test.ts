import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import example from '../examples/markets/app.js';
import { markets } from '../examples/markets/resources.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { LogCapture } from './support/log-capture.js';

let database: TestDatabaseUrl;
let app: RampartApp;

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  // Production refuses to boot when the committed migrations do not match the
  // resources, so this also proves the example's migration files are complete.
  app = await createApp({
    ...example,
    logStream: new LogCapture(),
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ',
      STRIPE_WEBHOOK_SECRET: 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
    },
  });
  const store = app.records(markets);
  const owner = await app.users.createUser({ email: 'maker@example.com', password: 'maker has a passphrase' });
  for (const [i, status] of ['active', 'closed', 'active', 'resolved', 'active'].entries()) {
    await store.create({ name: `Example market ${i}`, status, volume: `${i * 10}.5` }, { owner: owner.id });
  }
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const get = (url: string) => app.fastify.inject({ method: 'GET', url });

describe('the markets example', () => {
  it('serves a valid OpenAPI 3.1 document listing its routes', async () => {
    const res = await get('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('Markets API (Rampart example)');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/markets', '/api/v1/markets/{id}', '/api/v1/posts']));
    expect(doc.paths['/api/v1/markets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'volume', 'sort', 'limit', 'cursor', 'q']),
    );
    // `volume[gte]=100` is the `gte` member of one `volume` filter (style deepObject).
    expect(doc.paths['/api/v1/markets'].get.parameters.find((p: { name: string }) => p.name === 'volume')).toMatchObject({ style: 'deepObject', schema: { properties: { gte: {} } } });
  });

  it('serves the docs page', async () => {
    const res = await get('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('lists active markets by volume', async () => {
    const res = await get('/api/v1/markets?status=active&sort=-volume&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.map((m: { volume: string }) => m.volume)).toEqual(['40.50', '20.50', '0.50']);
    expect(body.pagination).toEqual({ limit: 5, nextCursor: null });
  });

  it('asks anonymous callers to sign in for writes and positions', async () => {
    const create = await app.fastify.inject({ method: 'POST', url: '/api/v1/markets', payload: { name: 'x' } });
    expect(create.statusCode).toBe(401);
    expect(create.headers['www-authenticate']).toBe('Bearer');
    expect((await get('/api/v1/positions')).statusCode).toBe(401);
  });
});
