import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, bearer, startAuthApp, type AuthApp } from './support/auth-app.js';

let t: AuthApp;
beforeAll(async () => {
  t = await startAuthApp();
});
afterAll(async () => t.close());

const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

describe('register, login, refresh, logout', () => {
  it('registers with a normalized email and answers a session without secrets', async () => {
    const res = await post('/api/v1/auth/register', { email: '  Ada@Example.COM ', password: 'a long enough passphrase', name: 'Ada' });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(data).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'ada@example.com', name: 'Ada', role: 'user' } });
    expect(Object.keys(data.user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role', 'updatedAt']);
    expect(data.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/argon2|password/i);
  });

  it('refuses a second account with the same email in another case', async () => {
    const res = await post('/api/v1/auth/register', { email: 'ADA@example.com', password: 'another long passphrase' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].path).toBe('body.email');
  });

  it('logs in, refreshes with rotation, and logs out the whole family', async () => {
    const login = await post('/api/v1/auth/login', { email: 'ada@example.com', password: 'a long enough passphrase' });
    expect(login.statusCode).toBe(200);
    const first = login.json().data.refreshToken;
    const refreshed = await post('/api/v1/auth/refresh', { refreshToken: first });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json().data.refreshToken;
    expect(second).not.toBe(first);
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(refreshed.json().data.accessToken) });
    expect(me.json().data.email).toBe('ada@example.com');
    expect((await post('/api/v1/auth/logout', { refreshToken: second })).statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', { refreshToken: second })).statusCode).toBe(401);
  });

  it('changes the password, ending other sessions but keeping the current one', async () => {
    const password = 'first passphrase of bob';
    const bob = await t.register('bob@example.com', password);
    const other = (await post('/api/v1/auth/login', { email: 'bob@example.com', password })).json().data;
    const wrong = await post('/api/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'second passphrase of bob' }, bearer(bob.accessToken));
    expect(wrong.statusCode).toBe(400);
    const res = await post(
      '/api/v1/auth/password',
      { currentPassword: password, newPassword: 'second passphrase of bob', refreshToken: bob.refreshToken },
      bearer(bob.accessToken),
    );
    expect(res.statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refreshToken: bob.refreshToken })).statusCode).toBe(200);
    expect((await post('/api/v1/auth/login', { email: 'bob@example.com', password })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { email: 'bob@example.com', password: 'second passphrase of bob' })).statusCode).toBe(200);
  });
});

describe('passwords', () => {
  it.each([
    ['11 characters', 'a'.repeat(5) + ' ' + 'b'.repeat(5), 400],
    ['12 characters', 'abcdef ghijk', 201],
    ['128 characters', 'x'.repeat(120) + ' yzyzyzy', 201],
    ['129 characters', 'x'.repeat(129), 400],
    ['12 emoji', '🦊🐙🦉🐝🦄🐢🦀🐳🦋🐌🦔🐠', 201],
    ['a common password', 'password1234', 400],
    ['lone surrogates', '\ud800'.repeat(12), 400],
  ])('%s -> %s', async (_name, password, status) => {
    const res = await post('/api/v1/auth/register', { email: `pw${Math.random().toString(36).slice(2)}@example.com`, password });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 400) expect(res.json().errors[0].path).toBe('body.password');
  });

  it('never truncates: the first 72 bytes of a 100-byte password do not log in', async () => {
    const password = 'k'.repeat(100);
    await t.register('long@example.com', password);
    expect((await post('/api/v1/auth/login', { email: 'long@example.com', password: password.slice(0, 72) })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { email: 'long@example.com', password })).statusCode).toBe(200);
  });

  it('refuses a role in the register body', async () => {
    const res = await post('/api/v1/auth/register', { email: 'sneaky@example.com', password: 'a long enough passphrase', role: 'admin' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.role');
  });

  it('refuses an oversized body before any work', async () => {
    const res = await post('/api/v1/auth/login', { email: 'x@example.com', password: 'p'.repeat(20_000) });
    expect(res.statusCode).toBe(413);
  });
});

describe('login answers', () => {
  it('answers unknown email and wrong password identically', async () => {
    await t.register('carol@example.com', 'carol has a passphrase');
    const unknown = await post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'carol has a passphrase' });
    const wrong = await post('/api/v1/auth/login', { email: 'carol@example.com', password: 'not carols passphrase' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });
});

describe('the first admin', () => {
  it('is created from ADMIN_EMAIL and may list users; a user may not; nobody anonymous', async () => {
    const admin = (await post('/api/v1/auth/login', { email: adminEmail, password: adminPassword })).json().data;
    expect(admin.user.role).toBe('admin');
    const list = await t.inject({ method: 'GET', url: '/api/v1/admin/users?limit=100', headers: bearer(admin.accessToken) });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((u: { email: string }) => u.email)).toContain('ada@example.com');
    expect(list.body).not.toMatch(/password|argon2/i);
    const user = await t.register('plain@example.com');
    expect((await t.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(user.accessToken) })).statusCode).toBe(403);
    const anonymous = await t.inject({ method: 'GET', url: '/api/v1/admin/users' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('cookie mode', () => {
  const cookieMode = { 'x-refresh-token-transport': 'cookie' };

  it('keeps the refresh token in an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    await t.register('dora@example.com', 'dora has a passphrase');
    const login = await post('/api/v1/auth/login', { email: 'dora@example.com', password: 'dora has a passphrase' }, cookieMode);
    expect(login.statusCode).toBe(200);
    expect(login.json().data.refreshToken).toBeUndefined();
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^rampart_refresh=[A-Za-z0-9_-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Strict');
    const token = /rampart_refresh=([^;]+)/.exec(setCookie)?.[1] ?? '';
    const cookie = `rampart_refresh=${token}`;

    // Without the custom header (a cross-site form could send the cookie, not the header): refused.
    expect((await post('/api/v1/auth/refresh', undefined, { cookie })).statusCode).toBe(401);
    // From a foreign origin: refused.
    expect((await post('/api/v1/auth/refresh', undefined, { cookie, ...cookieMode, origin: 'https://evil.example' })).statusCode).toBe(403);
    const ok = await post('/api/v1/auth/refresh', undefined, { cookie, ...cookieMode });
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^rampart_refresh=/);
  });
});

describe('rate limits', () => {
  it('counts wrong current passwords against the account, not only the address', async () => {
    const frank = await t.register('frank@example.com', 'frank has a passphrase');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await post('/api/v1/auth/password', { currentPassword: `guess ${i} for frank`, newPassword: 'a new passphrase for frank' }, bearer(frank.accessToken));
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('bounds failed logins per account whatever the source address', async () => {
    await t.register('erin@example.com', 'erin has a passphrase');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: `10.9.${i}.1`,
        payload: { email: 'erin@example.com', password: `guess number ${i} here` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json().code).toBe('RAMPART_RATE_LIMITED');
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password waits out the window: the budget is spent.
    const right = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.99.1',
      payload: { email: 'erin@example.com', password: 'erin has a passphrase' },
    });
    expect(right.statusCode).toBe(429);
  });

  it('limits auth requests per address with 429, Retry-After and RateLimit headers', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 12; i++) {
      last = await t.app.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.8.0.1',
        payload: { email: `someone${i}@example.com`, password: 'whatever passphrase' },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBe(2);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.headers['ratelimit-limit']).toBe('10');
    expect(last?.json().code).toBe('RAMPART_RATE_LIMITED');
  });
});
