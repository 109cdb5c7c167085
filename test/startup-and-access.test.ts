import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allow, createApp, field, loadConfig, resource, route, StartupError, type Access } from 'rampart';
import { startTestApp } from './support/test-app.js';
import { expectStartupError } from './support/startup-error.js';

const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:' };


describe('configuration', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:data/app.db',
      nodeEnv: 'development',
      logLevel: 'info',
      corsOrigins: [],
      bodyLimit: 1_048_576,
    });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: ' ' }, 'PORT'],
    [{ PORT: '0x10' }, 'PORT'],
    [{ PORT: '3000.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
    [{ BODY_LIMIT: '-1' }, 'BODY_LIMIT'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ ADMIN_EMAIL: 'admin@example.com' }, 'ADMIN_EMAIL and ADMIN_PASSWORD'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
  ])('stops with a message naming the variable for %j', (bad, name) => {
    expect(() => loadConfig(bad)).toThrow(StartupError);
    expect(() => loadConfig(bad)).toThrow(new RegExp(`RAMPART_CONFIG_INVALID[\\s\\S]*${name}:`));
  });

  it('names every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT:[\s\S]*LOG_LEVEL:/);
  });

  it('refuses to build an app on invalid configuration', async () => {
    const error = await expectStartupError(createApp({ env: { ...env, PORT: 'nope' } }));
    expect(error.code).toBe('RAMPART_CONFIG_INVALID');
  });
});

describe('deny by default', () => {
  it('stops at startup listing every missing rule', async () => {
    const notes = resource('notes', {
      fields: { title: field.string() },
      access: { list: allow.public, read: allow.public },
    });
    const open = route({ method: 'GET', path: '/api/v1/open', access: undefined as unknown as Access, handler: () => ({}) });
    const error = await expectStartupError(createApp({ env, resources: [notes], routes: [open], migrations: { dir: false } }));
    expect(error.code).toBe('RAMPART_ACCESS_RULE_MISSING');
    for (const missing of ['notes.create', 'notes.update', 'notes.delete', 'route GET /api/v1/open']) {
      expect(error.message).toContain(missing);
    }
    expect(error.message).not.toContain('notes.list');
  });

  it('needs no rule for operations that are not enabled', async () => {
    const readOnly = resource('readings', {
      fields: { value: field.number() },
      operations: ['list', 'read'],
      access: { list: allow.public, read: allow.public },
    });
    const app = await createApp({ env, resources: [readOnly], migrations: { dir: false } });
    expect((await app.fastify.inject({ method: 'POST', url: '/api/v1/readings', payload: { value: 1 } })).statusCode).toBe(405);
    await app.close();
  });

  it('refuses definitions that point at undeclared resources', async () => {
    const orphans = resource('orphans', {
      fields: { parent: field.reference('parents') },
      access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
    });
    const error = await expectStartupError(createApp({ env, resources: [orphans], migrations: { dir: false } }));
    expect(error.code).toBe('RAMPART_DEFINITION_INVALID');
    expect(error.message).toContain('parents');
  });
});

describe('rules at request time', () => {
  const keyed = (ctx: { request: { headers: Record<string, unknown> } }) => ctx.request.headers['x-key'] === 'open-sesame';
  const throwing = () => {
    throw new Error('rule bug');
  };
  const routes = [
    route({ method: 'GET', path: '/api/v1/keyed', access: keyed, handler: () => ({ ok: true }) }),
    route({ method: 'GET', path: '/api/v1/broken-rule', access: throwing, handler: () => ({ ok: true }) }),
    route({ method: 'GET', path: '/api/v1/closed', access: allow.nobody, handler: () => ({ ok: true }) }),
    route({
      method: 'POST',
      path: '/api/v1/keyed',
      access: keyed,
      body: z.strictObject({ n: z.int() }),
      handler: ({ body }) => body,
    }),
  ];

  it('allows when a custom rule says yes', async () => {
    const t = await startTestApp({ routes });
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/keyed', headers: { 'x-key': 'open-sesame' } });
    expect(res.statusCode).toBe(200);
    await t.close();
  });

  it.each([
    ['a custom rule says no', '/api/v1/keyed'],
    ['a rule throws', '/api/v1/broken-rule'],
  ])('answers 401 with WWW-Authenticate when %s', async (_name, url) => {
    const t = await startTestApp({ routes });
    const res = await t.app.fastify.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().code).toBe('RAMPART_UNAUTHENTICATED');
    await t.close();
  });

  it('gives an allow.nobody route no route at all', async () => {
    const t = await startTestApp({ routes });
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/closed' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('RAMPART_ROUTE_NOT_FOUND');
    await t.close();
  });

  it('checks access before validating input', async () => {
    const t = await startTestApp({ routes });
    const res = await t.app.fastify.inject({ method: 'POST', url: '/api/v1/keyed', payload: { wrong: 'shape' } });
    expect(res.statusCode).toBe(401);
    await t.close();
  });

  it('logs a throwing rule for the developer', async () => {
    const t = await startTestApp({ routes });
    await t.app.fastify.inject({ method: 'GET', url: '/api/v1/broken-rule' });
    expect(t.logs.entries.some((e) => e.msg === 'access rule threw; denying' && e.rule === 'throwing')).toBe(true);
    await t.close();
  });
});
