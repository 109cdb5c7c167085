import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { subjectFromClaims } from '../src/auth/tokens/access-claims.js';
import { LogCapture } from './support/log-capture.js';

const secret = randomBytes(32).toString('base64url');
let database: TestDatabaseUrl;
const apps: RampartApp[] = [];
const start = async (auth?: { accessTokenTtl?: number; refreshTokenTtl?: number }) => {
  const app = await createApp({
    auth,
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: { NODE_ENV: 'test', DATABASE_URL: database.url, JWT_SECRET: secret, JOBS_WORKER: 'false' },
  });
  apps.push(app);
  return app;
};
const login = async (app: RampartApp) =>
  (await app.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ann@example.com', password: 'a long passphrase' } })).json().data;

beforeAll(async () => {
  database = await createTestDatabaseUrl();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database.drop();
});

describe('token lifetimes', () => {
  it('issues tokens for the lifetimes the app sets', async () => {
    const app = await start({ accessTokenTtl: 120, refreshTokenTtl: 7200 });
    const res = await app.fastify.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'ann@example.com', password: 'a long passphrase' } });
    expect(res.statusCode).toBe(201);
    const session = res.json().data;
    expect(session.expiresIn).toBe(120);
    const claims = JSON.parse(Buffer.from(String(session.accessToken).split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(120);
    const row = await app.database.db.selectFrom('rampart_refresh_tokens').select('family_expires_at').executeTakeFirstOrThrow();
    const expires = row.family_expires_at as string | Date;
    const lifetime = (expires instanceof Date ? expires : new Date(expires)).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(7100_000);
    expect(lifetime).toBeLessThanOrEqual(7200_000);
  });

  it('refuses a correctly signed token that lives longer than the app issues', async () => {
    const short = apps[0]!;
    const long = await start({ accessTokenTtl: 3600 });
    const longToken = (await login(long)).accessToken as string;
    const me = (app: RampartApp, token: string) =>
      app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me(long, longToken)).statusCode).toBe(200);
    expect((await me(short, longToken)).statusCode).toBe(401);
    expect((await me(short, (await login(short)).accessToken as string)).statusCode).toBe(200);
  });

  it('refuses lifetimes out of bounds at startup, naming each', async () => {
    await expect(start({ accessTokenTtl: 30, refreshTokenTtl: 100 * 86_400 })).rejects.toThrow(
      'auth.accessTokenTtl must be a whole number of seconds from 60 to 3600 (got 30); auth.refreshTokenTtl must be a whole number of seconds from 3600 to 7776000 (got 8640000)',
    );
  });

  it('checks the lifetime in the claims, with the clock tolerance', () => {
    const claims = (iat: number, exp: number) => ({ sub: 'u', role: 'user', jti: 'j', iat, nbf: iat, exp });
    const now = 1_000_000_000_000;
    const t = now / 1000;
    expect(subjectFromClaims(claims(t, t + 900), now, 5, 900)).not.toBeNull();
    expect(subjectFromClaims(claims(t, t + 905), now, 5, 900)).not.toBeNull();
    expect(subjectFromClaims(claims(t, t + 906), now, 5, 900)).toBeNull();
    expect(subjectFromClaims(claims(t, t + 86_400 * 365), now, 5, 900)).toBeNull();
  });
});
