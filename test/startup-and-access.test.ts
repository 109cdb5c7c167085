import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allow, createApp, field, loadConfig, resource, route, StartupError, type Access } from 'rampart';
import { startTestApp } from './support/test-app.js';
import { expectStartupError } from './support/startup-error.js';
import { bearer, startAuthApp } from './support/auth-app.js';

const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:' };

/** A fresh Ed25519 pair as the PEM an operator would put in JWT_PRIVATE_KEY / JWT_PUBLIC_KEY_PREVIOUS. */
function ed25519Pem() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
const ed = ed25519Pem();
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();


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
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ' }).host).toBe('0.0.0.0');
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
    [{ JWT_PRIVATE_KEY: 'not a key' }, 'JWT_PRIVATE_KEY'],
    [{ JWT_PRIVATE_KEY: ed.publicPem }, 'JWT_PRIVATE_KEY'],
    [{ JWT_PRIVATE_KEY: rsaPem }, 'JWT_PRIVATE_KEY'],
    [{ JWT_PRIVATE_KEY: ed.privatePem, JWT_PUBLIC_KEY_PREVIOUS: ed.privatePem }, 'JWT_PUBLIC_KEY_PREVIOUS'],
    [{ JWT_PRIVATE_KEY: ed.privatePem, JWT_PUBLIC_KEY_PREVIOUS: 'nope' }, 'JWT_PUBLIC_KEY_PREVIOUS'],
    [{ JWT_PUBLIC_KEY_PREVIOUS: ed.publicPem }, 'JWT_PUBLIC_KEY_PREVIOUS'],
    [{ JWT_PRIVATE_KEY: ed.privatePem, JWT_SECRET_PREVIOUS: 'x'.repeat(32) }, 'JWT_SECRET_PREVIOUS'],
  ])('stops with a message naming the variable for %j', (bad, name) => {
    expect(() => loadConfig(bad)).toThrow(StartupError);
    expect(() => loadConfig(bad)).toThrow(new RegExp(`RAMPART_CONFIG_INVALID[\\s\\S]*${name}:`));
  });

  it('reads JWT_PRIVATE_KEY with real newlines or \\n escapes, and then needs no JWT_SECRET in production', () => {
    const oneLine = ed.privatePem.trim().replace(/\n/g, '\\n');
    expect(oneLine).not.toContain('\n');
    const config = loadConfig({ NODE_ENV: 'production', JWT_PRIVATE_KEY: oneLine, JWT_PUBLIC_KEY_PREVIOUS: ed.publicPem.replace(/\n/g, '\\n') });
    expect(config.jwtPrivateKey).toBe(ed.privatePem.trim());
    expect(config.jwtPublicKeyPrevious).toBe(ed.publicPem.trim());
    expect(config.jwtSecret).toBeUndefined();
    expect(loadConfig({ JWT_PRIVATE_KEY: ed.privatePem }).jwtPrivateKey).toBe(ed.privatePem.trim());
  });

  it('never echoes a key in its message', () => {
    const keyLine = ed.privatePem.split('\n')[1] ?? '';
    const messageOf = (vars: Record<string, string>) => {
      try {
        loadConfig(vars);
      } catch (error) {
        return String(error);
      }
      throw new Error('expected loadConfig to fail');
    };
    const broken = messageOf({ JWT_PRIVATE_KEY: ed.privatePem.replace('PRIVATE KEY', 'PRIVATE KEYS') });
    expect(broken).toMatch(/JWT_PRIVATE_KEY: expected an Ed25519 private key/);
    expect(broken).not.toContain(keyLine);
    const misplaced = messageOf({ JWT_PRIVATE_KEY: ed.privatePem, JWT_PUBLIC_KEY_PREVIOUS: ed.privatePem });
    expect(misplaced).toMatch(/JWT_PUBLIC_KEY_PREVIOUS: expected an Ed25519 public key/);
    expect(misplaced).not.toContain(keyLine);
  });

  it('signs and accepts EdDSA access tokens when JWT_PRIVATE_KEY is set, without JWT_SECRET', async () => {
    const app = await startAuthApp({ JWT_SECRET: '', JWT_PRIVATE_KEY: ed.privatePem, JWT_PUBLIC_KEY_PREVIOUS: ed25519Pem().publicPem });
    try {
      const { accessToken, refreshToken } = await app.register('ed@example.com');
      const header = JSON.parse(Buffer.from(accessToken.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
      expect(header.alg).toBe('EdDSA');
      const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(accessToken) });
      expect(me.statusCode).toBe(200);
      // Refresh successors are sealed under a key derived from the private key.
      const refreshed = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
      expect(refreshed.statusCode).toBe(200);
    } finally {
      await app.close();
    }
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
