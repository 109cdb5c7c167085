import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppPlugin } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

// beforeAuth: a client that sends its token as X-Api-Token, and form-encoded bodies.
const beforeAuth: AppPlugin = {
  stage: 'beforeAuth',
  plugin: async (fastify: FastifyInstance) => {
    fastify.addHook('onRequest', async (request) => {
      const token = request.headers['x-api-token'];
      if (typeof token === 'string') request.headers.authorization = `Bearer ${token}`;
    });
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  },
};
// beforeRoutes: hooks that see who is calling.
const beforeRoutes: AppPlugin = {
  stage: 'beforeRoutes',
  plugin: async (fastify: FastifyInstance) => {
    fastify.addHook('preHandler', async (request, reply) => {
      reply.header('x-seen-user', request.user?.id ?? 'anonymous');
    });
  },
};

let t: TestApp;
let token: string;
let userId: string;

beforeAll(async () => {
  t = await startTestApp({ plugins: [beforeRoutes, beforeAuth] });
  const res = await t.app.fastify.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'ann@example.com', password: 'a long passphrase' } });
  token = res.json().data.accessToken;
  userId = res.json().data.user.id;
});
afterAll(() => t.close());

describe('app plugins', () => {
  it('runs beforeAuth plugins before authentication, for every route', async () => {
    const me = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-token': token } });
    expect(me.statusCode).toBe(200);
    expect(me.json().data.id).toBe(userId);
    const bad = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-token': 'forged' } });
    expect(bad.statusCode).toBe(401);
  });

  it('lets a beforeAuth plugin add a body parser that resource routes then accept', async () => {
    const created = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/markets',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=From+a+form',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().data.name).toBe('From a form');
  });

  it('runs beforeRoutes plugins after authentication', async () => {
    const signedIn = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', headers: { authorization: `Bearer ${token}` } });
    expect(signedIn.headers['x-seen-user']).toBe(userId);
    expect((await t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets' })).headers['x-seen-user']).toBe('anonymous');
  });

  it('refuses a stage that does not exist, before anything opens', async () => {
    const wrong = { stage: 'early', plugin: async () => undefined } as unknown as AppPlugin;
    await expect(createApp({ plugins: [wrong], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } })).rejects.toThrow(
      'plugins: each needs a plugin function and a stage of beforeAuth or beforeRoutes (got "early")',
    );
  });
});
