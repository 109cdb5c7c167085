import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, allow, createApp, createJobs, field, resource, route, type AppOptions, type RampartApp } from 'rampart';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { LogCapture } from './support/log-capture.js';

/*
 * The auth service as server code gets it (ctx.auth, app.auth), on a real database of
 * the run's dialect: the HTTP routes and server code share one implementation, so the
 * password policy, the 409, the login budget and refresh rotation hold on both paths,
 * and what the lifecycle hooks write commits with the user or not at all.
 */

const password = 'a perfectly long passphrase';
const jwtSecret = 'test-secret-0123456789-0123456789-abcdef';

const profiles = resource('profiles', {
  fields: { bio: field.string({ max: 200 }).optional() },
  owner: 'user',
  access: { list: allow.authenticated, read: allow.owner, create: allow.nobody, update: allow.owner, delete: allow.nobody },
});

const signupBody = z.strictObject({ email: z.string(), password: z.string(), failAfter: z.boolean().optional() });

// A custom sign-up flow: registration and session in the route's own transaction.
const signup = route({
  method: 'POST',
  path: '/api/v1/custom/signup',
  access: allow.public,
  status: 201,
  body: signupBody,
  handler: async ({ body, auth, db }) =>
    db.transaction(async (trx) => {
      const user = await auth.register({ email: body.email, password: body.password }, { trx });
      const session = await auth.startSession(user, { trx });
      if (body.failAfter) throw new AppError('RAMPART_CONFLICT', 'The caller changed its mind.');
      return { data: session };
    }),
});

const check = route({
  method: 'POST',
  path: '/api/v1/custom/check',
  access: allow.public,
  body: z.strictObject({ email: z.string(), password: z.string() }),
  handler: async ({ body, auth }) => ({ user: (await auth.verifyCredentials(body.email, body.password))?.id ?? null }),
});

const opened: { app: RampartApp; database: TestDatabaseUrl }[] = [];
afterEach(async () => {
  for (const { app, database } of opened.splice(0)) {
    await app.close();
    await database.drop();
  }
});

async function start(extra: AppOptions = {}) {
  const database = await createTestDatabaseUrl();
  const app = await createApp({
    resources: [profiles],
    routes: [signup, check],
    migrations: { dir: false },
    logStream: new LogCapture(),
    jobOptions: { leaseMs: 400, pollMs: 40 },
    ...extra,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, JWT_SECRET: jwtSecret },
  });
  opened.push({ app, database });
  let n = 0;
  // A new address per request: the per-IP limits are not what these tests look at.
  const inject = (method: 'GET' | 'POST', url: string, payload?: object, token?: string) =>
    app.fastify.inject({
      method,
      url,
      remoteAddress: `10.9.${(++n >> 8) & 255}.${n & 255}`,
      ...(payload ? { payload } : {}),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  return { app, inject };
}

const userCount = async (app: RampartApp) => (await app.db.selectFrom('users').select('id').execute()).length;

describe('ctx.auth in a custom route', () => {
  it('registers and starts a session whose tokens work on protected routes and rotate on refresh', async () => {
    const { inject } = await start();
    const res = await inject('POST', '/api/v1/custom/signup', { email: 'Ann@Example.com', password });
    expect(res.statusCode).toBe(201);
    const session = res.json().data;
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'ann@example.com', role: 'user' } });
    expect(res.body).not.toMatch(/argon2|password_hash/);
    const me = await inject('GET', '/api/v1/auth/me', undefined, session.accessToken);
    expect(me.statusCode).toBe(200);
    expect(me.json().data.id).toBe(session.user.id);
    const refreshed = await inject('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().data.refreshToken).not.toBe(session.refreshToken);
    // The family's rotation storage, as for login: a replay inside the grace window yields the same successor.
    const replay = await inject('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    expect(replay.json().data.refreshToken).toBe(refreshed.json().data.refreshToken);
    // The account also logs in through the HTTP route: one user store, one hash format.
    expect((await inject('POST', '/api/v1/auth/login', { email: 'ann@example.com', password })).statusCode).toBe(200);
  });

  it('leaves no user and no session when the caller’s transaction fails after registering', async () => {
    const { app, inject } = await start();
    const res = await inject('POST', '/api/v1/custom/signup', { email: 'bo@example.com', password, failAfter: true });
    expect(res.statusCode).toBe(409);
    expect(await userCount(app)).toBe(0);
    expect(await app.db.selectFrom('rampart_refresh_tokens').select('id').execute()).toHaveLength(0);
    expect((await inject('POST', '/api/v1/custom/signup', { email: 'bo@example.com', password })).statusCode).toBe(201);
  });

  it('applies the password policy and answers a taken email with the route’s 409', async () => {
    const { app, inject } = await start();
    const weak = await inject('POST', '/api/v1/custom/signup', { email: 'cy@example.com', password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('body.password');
    await expect(app.auth.register({ email: 'cy@example.com', password: 'short' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    expect(await userCount(app)).toBe(0);
    await app.auth.register({ email: 'cy@example.com', password });
    const viaRoute = await inject('POST', '/api/v1/auth/register', { email: 'CY@example.com', password });
    const viaCode = await inject('POST', '/api/v1/custom/signup', { email: 'cy@example.com', password });
    for (const res of [viaRoute, viaCode]) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'RAMPART_UNIQUE_VIOLATION', errors: [{ path: 'body.email', message: 'already taken' }] });
    }
  });

  it('gives a role only when server code asks for one, and never from the input', async () => {
    const { app } = await start();
    await expect(app.auth.register({ email: 'dee@example.com', password, role: 'admin' })).rejects.toMatchObject({
      code: 'RAMPART_VALIDATION',
      errors: [{ path: 'body.role', message: 'unknown field' }],
    });
    expect(await userCount(app)).toBe(0);
    expect((await app.auth.register({ email: 'ed@example.com', password }, { role: 'admin' })).role).toBe('admin');
  });
});

describe('verifyCredentials', () => {
  it('throttles per account exactly like the login route, sharing its budget', async () => {
    const { app, inject } = await start();
    await app.auth.register({ email: 'fay@example.com', password });
    expect(await app.auth.verifyCredentials('FAY@example.com', password)).toMatchObject({ email: 'fay@example.com' });
    // Ten judged attempts an hour per account, whichever path makes them.
    for (let i = 0; i < 5; i++) expect(await app.auth.verifyCredentials('fay@example.com', 'wrong but long enough')).toBeNull();
    for (let i = 0; i < 4; i++) {
      expect((await inject('POST', '/api/v1/auth/login', { email: 'fay@example.com', password: 'wrong but long enough' })).statusCode).toBe(401);
    }
    expect((await inject('POST', '/api/v1/custom/check', { email: 'fay@example.com', password: 'wrong again, long enough' })).json()).toEqual({ user: null });
    const viaCode = await inject('POST', '/api/v1/custom/check', { email: 'fay@example.com', password });
    const viaRoute = await inject('POST', '/api/v1/auth/login', { email: 'fay@example.com', password });
    for (const res of [viaCode, viaRoute]) {
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    await expect(app.auth.verifyCredentials('fay@example.com', password)).rejects.toMatchObject({ code: 'RAMPART_RATE_LIMITED' });
    // Unknown accounts get the same budget: no difference tells them apart.
    for (let i = 0; i < 10; i++) expect(await app.auth.verifyCredentials('nobody@example.com', password)).toBeNull();
    await expect(app.auth.verifyCredentials('nobody@example.com', password)).rejects.toMatchObject({ code: 'RAMPART_RATE_LIMITED' });
  });
});

describe('setPassword and revokeSessions', () => {
  it('setPassword applies the policy, revokes the old refresh tokens and changes what logs in', async () => {
    const { app, inject } = await start();
    const user = await app.auth.register({ email: 'gus@example.com', password });
    const first = await app.auth.startSession(user);
    const second = await app.auth.login('gus@example.com', password);
    await expect(app.auth.setPassword(user.id, 'password1234')).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
    expect((await inject('POST', '/api/v1/auth/refresh', { refreshToken: first.refreshToken })).statusCode).toBe(200);
    await app.auth.setPassword(user.id, 'an entirely new passphrase', { keep: second.refreshToken });
    const old = await inject('POST', '/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(old.statusCode).toBe(401);
    expect((await inject('POST', '/api/v1/auth/refresh', { refreshToken: second.refreshToken })).statusCode).toBe(200);
    expect(await app.auth.verifyCredentials('gus@example.com', password)).toBeNull();
    expect(await app.auth.verifyCredentials('gus@example.com', 'an entirely new passphrase')).toMatchObject({ id: user.id });
    await app.auth.revokeSessions(user.id);
    const fresh = await inject('POST', '/api/v1/auth/refresh', { refreshToken: second.refreshToken });
    expect(fresh.statusCode).toBe(401);
  });

  it('a password set inside a failing transaction neither changes nor revokes anything', async () => {
    const { app } = await start();
    const user = await app.auth.register({ email: 'hal@example.com', password });
    const session = await app.auth.startSession(user);
    await expect(
      app.db.transaction(async (trx) => {
        // Joins the open transaction rather than waiting for it (SQLite's one connection).
        expect(await app.auth.verifyCredentials('hal@example.com', password)).toMatchObject({ id: user.id });
        await app.auth.setPassword(user.id, 'an entirely new passphrase', { trx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await app.auth.verifyCredentials('hal@example.com', password)).toMatchObject({ id: user.id });
    expect((await app.auth.refresh(session.refreshToken)).user.id).toBe(user.id);
  });
});

describe('auth hooks', () => {
  const hooks = (fail: (email: string) => boolean, logins: string[]): AppOptions['authHooks'] => ({
    afterRegister: async (user, { records }) => {
      await records(profiles).create({ bio: `hi, ${user.email}` }, { owner: user.id });
      if (fail(user.email)) throw new AppError('RAMPART_CONFLICT', 'No profile for you.');
    },
    afterLogin: (user) => void logins.push(user.email),
  });

  it('afterRegister runs in the registration’s transaction over HTTP: a throw leaves neither user nor profile', async () => {
    const logins: string[] = [];
    const { app, inject } = await start({ authHooks: hooks((email) => email.startsWith('no'), logins) });
    const refused = await inject('POST', '/api/v1/auth/register', { email: 'nope@example.com', password });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('No profile for you.');
    expect(await userCount(app)).toBe(0);
    expect(await app.db.selectFrom('profiles').select('id').execute()).toHaveLength(0);
    expect(logins).toEqual([]);

    const ok = await inject('POST', '/api/v1/auth/register', { email: 'yes@example.com', password });
    expect(ok.statusCode).toBe(201);
    const { user, accessToken } = ok.json().data;
    const mine = await inject('GET', '/api/v1/profiles', undefined, accessToken);
    expect(mine.json().data).toEqual([expect.objectContaining({ bio: 'hi, yes@example.com', user: user.id })]);
    expect((await inject('POST', '/api/v1/auth/login', { email: 'yes@example.com', password })).statusCode).toBe(200);
    expect(logins).toEqual(['yes@example.com', 'yes@example.com']);
  });

  it('afterRegister joins the caller’s transaction in server code', async () => {
    const { app, inject } = await start({ authHooks: hooks((email) => email.startsWith('no'), []) });
    await expect(app.auth.register({ email: 'no@example.com', password })).rejects.toMatchObject({ code: 'RAMPART_CONFLICT' });
    const res = await inject('POST', '/api/v1/custom/signup', { email: 'ivy@example.com', password, failAfter: true });
    expect(res.statusCode).toBe(409);
    expect(await userCount(app)).toBe(0);
    expect(await app.db.selectFrom('profiles').select('id').execute()).toHaveLength(0);
  });

  it('afterLogin throwing refuses the session', async () => {
    const { app, inject } = await start({
      authHooks: {
        afterLogin: (user) => {
          if (user.role !== 'admin') throw new AppError('RAMPART_FORBIDDEN', 'Admins only today.');
        },
      },
    });
    await app.auth.register({ email: 'jo@example.com', password });
    const res = await inject('POST', '/api/v1/auth/login', { email: 'jo@example.com', password });
    expect(res.statusCode).toBe(403);
    expect(await app.db.selectFrom('rampart_refresh_tokens').select('id').execute()).toHaveLength(0);
  });
});

describe('ctx.auth in jobs and hooks', () => {
  it('a job registers a user and revokes sessions through ctx.auth', async () => {
    const done: string[] = [];
    const jobs = createJobs().define('invite', {
      payload: z.object({ email: z.string() }),
      handler: async ({ email }, ctx) => {
        const user = await ctx.auth.register({ email, password: 'an invitation passphrase' });
        await ctx.auth.revokeSessions(user.id);
        done.push(user.id);
      },
    });
    const { app } = await start({ jobs });
    await app.jobs.enqueue('invite', { email: 'kit@example.com' });
    const deadline = Date.now() + 8000;
    while (done.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(done).toHaveLength(1);
    expect(await app.auth.verifyCredentials('kit@example.com', 'an invitation passphrase')).toMatchObject({ id: done[0] });
  });

  it('a resource hook registers inside the write’s transaction', async () => {
    const invites = resource('invites', {
      fields: { email: field.string({ max: 320 }) },
      access: { list: allow.public, read: allow.public, create: allow.public, update: allow.nobody, delete: allow.nobody },
      hooks: {
        afterCreate: async ({ record, auth, trx }) => {
          await auth.register({ email: String(record.email), password: 'an invitation passphrase' }, { trx });
        },
      },
    });
    const { app, inject } = await start({ resources: [profiles, invites] });
    expect((await inject('POST', '/api/v1/invites', { email: 'lu@example.com' })).statusCode).toBe(201);
    expect(await userCount(app)).toBe(1);
    // The second invite's registration is a 409: the invite is not stored either.
    expect((await inject('POST', '/api/v1/invites', { email: 'LU@example.com' })).statusCode).toBe(409);
    expect(await app.db.selectFrom('invites').select('id').execute()).toHaveLength(1);
  });
});
