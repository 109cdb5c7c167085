import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aggregate, allow, createApp, field, resource, route, verify, view, webhook, type AnyResource } from 'rampart';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { apiClient } from './support/api-client.js';
import { expectStartupError } from './support/startup-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const articles = resource('articles', {
  fields: { slug: field.string({ max: 50 }).unique(), title: field.string({ max: 100 }), topic: field.string({ max: 20 }).filterable() },
  lookup: 'slug',
  owner: 'author',
  views: { recent: view({ access: allow.public, sort: '-createdAt', where: () => (eb) => eb('articles.topic', '!=', '') }) },
  aggregates: { topics: aggregate.distinct('topic', { route: '/topics', access: allow.public }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const comments = resource('comments', {
  fields: { body: field.string({ min: 1, max: 500 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  parent: 'article',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
// A segment other than the name, over two literal segments.
const members = resource('team-members', {
  path: 'team/members',
  fields: { nick: field.string({ max: 20 }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
});
const touch = route.for(articles, {
  method: 'POST',
  path: '/touch',
  load: 'read',
  access: allow.authenticated,
  handler: ({ reload }) => reload(),
});
const ping = route({ method: 'GET', path: '/ping', access: allow.public, response: z.object({ ok: z.boolean() }), handler: () => ({ ok: true }) });
const hook = webhook('payments', { verify: verify.stripe('whsec_test'), events: { 'payment.done': z.object({}) }, handler: () => undefined });

describe('an app at /api with its auth routes moved, admin routes left out and webhooks moved', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    t = await startTestApp({
      resources: [articles, comments, members],
      routes: [touch, ping],
      webhooks: [hook],
      api: { basePath: '/api', builtIn: { auth: '/account', admin: false, webhooks: '/hooks' } },
    });
    api = apiClient(t.app, { authPrefix: '/api/account' });
    await api.register('ann');
  });
  afterAll(() => t.close());

  it('serves resources, nested resources, views, aggregates and bound routes under the base path', async () => {
    const created = await api.call('POST', '/api/articles', 'ann', { slug: 'dragons', title: 'Dragons', topic: 'myth' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/articles/dragons');
    expect((await api.call('GET', '/api/articles/dragons')).json().data.title).toBe('Dragons');
    const comment = await api.call('POST', '/api/articles/dragons/comments', 'ann', { body: 'Nice' });
    expect(comment.statusCode).toBe(201);
    expect(comment.headers.location).toBe(`/api/articles/dragons/comments/${comment.json().data.id}`);
    expect((await api.call('GET', '/api/articles/dragons/comments')).json().data).toHaveLength(1);
    expect((await api.call('GET', '/api/articles/recent')).json().data.map((a: { slug: string }) => a.slug)).toEqual(['dragons']);
    expect((await api.call('GET', '/api/topics')).json().data).toEqual(['myth']);
    expect((await api.call('POST', '/api/articles/dragons/touch', 'ann')).json().data.slug).toBe('dragons');
    const member = await api.call('POST', '/api/team/members', undefined, { nick: 'jo' });
    expect(member.headers.location).toBe(`/api/team/members/${member.json().data.id}`);
    // Custom routes are served exactly where they say.
    expect((await api.call('GET', '/ping')).json()).toEqual({ ok: true });
  });

  it('serves nothing at the default paths', async () => {
    for (const url of ['/api/v1/articles', '/api/v1/auth/me', '/api/auth/me', '/api/team-members', '/api/v1/webhooks/payments']) {
      expect((await api.call('GET', url, 'ann')).statusCode, url).toBe(404);
    }
  });

  it('moves the auth group, and the refresh cookie goes to its prefix only', async () => {
    expect((await api.call('GET', '/api/account/me', 'ann')).json().data.email).toBe('ann@example.com');
    const login = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/account/login',
      headers: { 'x-refresh-token-transport': 'cookie' },
      payload: { email: 'ann@example.com', password: 'ann long passphrase' },
    });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/Path=\/api\/account;/);
    // Session answers carry tokens: never stored under an Idempotency-Key, wherever the group is.
    const keyed = (key: string) =>
      t.app.fastify.inject({ method: 'POST', url: '/api/account/login', headers: { 'idempotency-key': key }, payload: { email: 'ann@example.com', password: 'ann long passphrase' } });
    const [first, second] = [await keyed('k1'), await keyed('k1')];
    expect(second.headers['idempotency-replayed']).toBeUndefined();
    expect(second.json().data.refreshToken).not.toBe(first.json().data.refreshToken);
  });

  it('points the docs page\'s sign-in form at the moved login route', async () => {
    const script = (await t.app.fastify.inject('/docs/static/theme/rampart-docs.js')).body;
    expect(script).toContain('"signIn":{"url":"/api/account/login"}');
  });

  it('leaves the admin group out', async () => {
    await t.app.users.createUser({ email: 'root@example.com', password: 'root long passphrase', role: 'admin' });
    const login = await api.call('POST', '/api/account/login', undefined, { email: 'root@example.com', password: 'root long passphrase' });
    const token = login.json().data.accessToken as string;
    for (const url of ['/api/admin/users', '/api/admin/jobs', '/api/admin/webhook-endpoints', '/api/v1/admin/users']) {
      const res = await t.app.fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('serves inbound webhooks under their moved prefix', async () => {
    const res = await t.app.fastify.inject({ method: 'POST', url: '/api/hooks/payments', headers: { 'content-type': 'application/json' }, payload: '{}' });
    // Reached: the signature check refuses it, not the router.
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_WEBHOOK_SIGNATURE');
  });

  it('documents every route where it is served', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/articles',
        '/api/articles/{slug}',
        '/api/articles/{slug}/comments',
        '/api/articles/recent',
        '/api/articles/{slug}/touch',
        '/api/topics',
        '/api/team/members',
        '/api/account/login',
        '/api/account/me',
        '/api/hooks/payments',
        '/ping',
      ]),
    );
    expect(paths.filter((p) => p.includes('/v1/') || p.includes('/admin/'))).toEqual([]);
    expect(doc.paths['/api/articles/{slug}/touch'].post.tags).toEqual(['articles']);
    const keyHeader = (op: { parameters?: { name: string }[] }) => (op.parameters ?? []).some((p) => p.name === 'Idempotency-Key');
    expect(keyHeader(doc.paths['/api/articles'].post)).toBe(true);
    expect(keyHeader(doc.paths['/api/account/login'].post)).toBe(false);
  });
});

describe('an API at the root', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ resources: [members], api: { basePath: '' } });
  });
  afterAll(() => t.close());

  it('serves resources and auth at the root, health where it always is', async () => {
    const created = await t.app.fastify.inject({ method: 'POST', url: '/team/members', payload: { nick: 'al' } });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/team/members/${created.json().data.id}`);
    const register = await t.app.fastify.inject({ method: 'POST', url: '/auth/register', payload: { email: 'al@example.com', password: 'al long passphrase' } });
    expect((await t.app.fastify.inject('/docs/static/theme/rampart-docs.js')).body).toContain('"signIn":{"url":"/auth/login"}');
    expect(register.statusCode).toBe(201);
    expect((await t.app.fastify.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

describe('path options that cannot work stop the app, naming each', () => {
  const start = async (options: Parameters<typeof createApp>[0]) => {
    const database = await createTestDatabaseUrl();
    try {
      return await createApp({ migrations: { dir: false }, ...options, env: { NODE_ENV: 'test', DATABASE_URL: database.url } });
    } finally {
      await database.drop();
    }
  };

  it('refuses malformed prefixes and unknown groups, all at once', async () => {
    const error = await expectStartupError(
      // @ts-expect-error an unknown group, as plain JavaScript could pass it
      start({ api: { basePath: 'api/', builtIn: { auth: '', admn: false, webhooks: '/hooks/:id' } } }),
    );
    expect(error.message).toContain('api.basePath "api/"');
    expect(error.message).toContain('api.builtIn.auth');
    expect(error.message).toContain('api.builtIn.admn is not a group');
    expect(error.message).toContain('api.builtIn.webhooks');
    for (const basePath of ['/api/', '/api//v1', '/api/{version}', '/a b', '/api?x=1']) {
      await expectStartupError(start({ api: { basePath } }));
    }
  });

  it('refuses webhooks when their group is left out', async () => {
    const error = await expectStartupError(start({ webhooks: [hook], api: { builtIn: { webhooks: false } } }));
    expect(error.message).toContain('api.builtIn.webhooks is false');
  });

  it('refuses two resources on one segment', async () => {
    const clash = resource('crew', { path: 'team/members', fields: { nick: field.string() }, access: members.definition.access });
    const error = await expectStartupError(start({ resources: [members, clash as AnyResource] }));
    expect(error.message).toContain('resources team-members and crew are both served at /team/members');
  });

  it('refuses a resource path with parameters, a leading slash or dot segments', () => {
    for (const path of ['/members', 'members/', ':id', 'a/../b', 'a b', 'members/{id}', '']) {
      expect(() => resource('crew', { path, fields: { nick: field.string() }, access: {} }), path).toThrow(/path .* must be literal segments/);
    }
  });
});
