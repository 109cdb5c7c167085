import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, AppError, createApp, route, z } from 'rampart';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { expectStartupError } from './support/startup-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const partnerFeed = route({
  method: 'GET',
  path: '/partners/feed',
  access: allow.public,
  security: [{ partnerKey: [] }],
  errors: ['RAMPART_UNAUTHENTICATED'],
  response: z.object({ items: z.array(z.string()) }),
  handler: ({ request }) => {
    if (request.headers['x-partner-key'] !== 'k-123') throw new AppError('RAMPART_UNAUTHENTICATED', 'Bad partner key.');
    return { items: ['a'] };
  },
});
const plain = route({ method: 'GET', path: '/plain', access: allow.authenticated, handler: () => ({}) });

describe('a custom route with its own security scheme', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      routes: [partnerFeed, plain],
      authSchemes: ['Token'],
      securitySchemes: { partnerKey: { type: 'apiKey', in: 'header', name: 'X-Partner-Key' } },
    });
  });
  afterAll(() => t.close());

  it('documents the scheme it names, and leaves the others as their rules say', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.partnerKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-Partner-Key' });
    expect(doc.components.securitySchemes.bearerAuth).toBeDefined();
    expect(doc.paths['/partners/feed'].get.security).toEqual([{ partnerKey: [] }]);
    expect(Object.keys(doc.paths['/partners/feed'].get.responses)).toContain('401');
    expect(doc.paths['/plain'].get.security).toEqual([{ bearerAuth: [] }, { tokenAuth: [] }]);
  });

  it('changes nothing about who gets in: the handler checks its key', async () => {
    expect((await t.app.fastify.inject({ method: 'GET', url: '/partners/feed' })).statusCode).toBe(401);
    const ok = await t.app.fastify.inject({ method: 'GET', url: '/partners/feed', headers: { 'x-partner-key': 'k-123' } });
    expect(ok.json()).toEqual({ items: ['a'] });
  });
});

describe('a route naming a scheme nobody declared', () => {
  it('stops the app, naming the route and the scheme', async () => {
    const database = await createTestDatabaseUrl();
    try {
      const error = await expectStartupError(createApp({ routes: [partnerFeed], migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: database.url } }));
      expect(error.message).toContain('GET /partners/feed: security scheme "partnerKey" is not declared');
    } finally {
      await database.drop();
    }
  });
});
