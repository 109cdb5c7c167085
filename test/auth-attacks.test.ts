import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, jwtSecret, startAuthApp, type AuthApp } from './support/auth-app.js';

let t: AuthApp;
let alice: Awaited<ReturnType<AuthApp['register']>>;
let bob: Awaited<ReturnType<AuthApp['register']>>;
let market: { id: string };

beforeAll(async () => {
  t = await startAuthApp();
  alice = await t.register('alice@example.com', 'alice has a passphrase');
  bob = await t.register('bob@example.com', 'bob has a passphrase too');
  market = (await t.inject({ method: 'POST', url: '/api/v1/markets', headers: bearer(alice.accessToken), payload: { name: 'Rain?' } })).json()
    .data;
});
afterAll(async () => t.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

/** Re-signs a header and payload with the app's real secret: a forgery that only the checks can stop. */
function sign(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', jwtSecret).update(body).digest('base64url')}`;
}

const me = (token: string) => t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });

describe('forged and misused access tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const forgeries: [string, () => string][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${parts(alice.accessToken)[1]}.`],
    ['a tampered payload', () => {
      const [h, , s] = parts(alice.accessToken);
      return `${h}.${b64({ ...decode(parts(alice.accessToken)[1]), role: 'admin' })}.${s}`;
    }],
    ['a tampered signature', () => {
      const [h, p, s] = parts(alice.accessToken);
      return `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    }],
    ['an expired token', () => {
      const header = decode(parts(alice.accessToken)[0]);
      return sign(header, { ...decode(parts(alice.accessToken)[1]), iat: now() - 3600, nbf: now() - 3600, exp: now() - 1800 });
    }],
    ['a wrong audience', () => {
      const header = decode(parts(alice.accessToken)[0]);
      return sign(header, { ...decode(parts(alice.accessToken)[1]), aud: 'another-api' });
    }],
    ['an HS512 header', () => {
      const header = { ...decode(parts(alice.accessToken)[0]), alg: 'HS512' };
      return sign(header, decode(parts(alice.accessToken)[1]));
    }],
    ['a plain JWT without the access type', () => {
      const { typ: _typ, ...header } = decode(parts(alice.accessToken)[0]);
      return sign(header, decode(parts(alice.accessToken)[1]));
    }],
    ['a refresh token', () => alice.refreshToken],
    ['a token in the URL instead of the header', () => ''],
  ];

  it.each(forgeries)('refuses %s with 401', async (name, forge) => {
    const res =
      name === 'a token in the URL instead of the header'
        ? await t.inject({ method: 'GET', url: `/api/v1/auth/me?access_token=${alice.accessToken}` })
        : await me(forge());
    expect(res.statusCode).toBe(401);
    expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer/);
  });

  it('accepts the genuine token (the forgeries differ only where the checks look)', async () => {
    expect((await me(alice.accessToken)).statusCode).toBe(200);
  });
});

describe('the Authorization header', () => {
  const call = (authorization: string) => t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });

  // RFC 9110 §11.1: the scheme is case-insensitive; §11.4: 1*SP before the credentials.
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('takes the scheme spelled %s', async (scheme) => {
    expect((await call(`${scheme} ${alice.accessToken}`)).statusCode).toBe(200);
  });

  it('takes more than one space between the scheme and the token', async () => {
    expect((await call(`Bearer   ${alice.accessToken}`)).statusCode).toBe(200);
    expect((await call(`bearer  ${alice.accessToken}`)).json().data.email).toBe('alice@example.com');
  });

  const malformed: [string, () => string][] = [
    ['no space', () => `Bearer${alice.accessToken}`],
    ['a tab instead of spaces', () => `Bearer\t${alice.accessToken}`],
    ['another scheme', () => `Basic ${alice.accessToken}`],
    ['a scheme that only starts like Bearer', () => `Bearerx ${alice.accessToken}`],
    ['two tokens', () => `Bearer ${alice.accessToken} ${alice.accessToken}`],
    ['a second credential after a comma', () => `Bearer ${alice.accessToken}, Basic Zm9vOmJhcg==`],
    ['the scheme alone', () => 'Bearer'],
  ];

  it.each(malformed)('refuses %s with 401', async (_name, header) => {
    const res = await call(header());
    expect(res.statusCode).toBe(401);
    expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer/);
  });

  it('never reads a token from the query string or the body, whatever its name or case', async () => {
    for (const name of ['access_token', 'ACCESS_TOKEN', 'token', 'authorization']) {
      expect((await t.inject({ method: 'GET', url: `/api/v1/auth/me?${name}=${alice.accessToken}` })).statusCode).toBe(401);
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { [name]: alice.accessToken, currentPassword: 'alice has a passphrase', newPassword: 'a brand new passphrase' },
      });
      expect(res.statusCode).toBe(401);
    }
    expect((await t.inject({ method: 'GET', url: `/api/v1/auth/me?authorization=${encodeURIComponent(`Bearer ${alice.accessToken}`)}` })).statusCode).toBe(401);
  });
});

describe('refresh token replay', () => {
  afterAll(() => vi.useRealTimers());

  it('revokes the whole family when a rotated token comes back after the grace window', async () => {
    const session = await t.register('replay@example.com', 'replay has a passphrase');
    const refresh = (token: string) => t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
    const first = session.refreshToken;
    const second = (await refresh(first)).json().data.refreshToken;
    const third = (await refresh(second)).json().data.refreshToken;
    const fourth = (await refresh(third)).json().data.refreshToken;
    expect(new Set([first, second, third, fourth]).size).toBe(4);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11_000);
    expect((await refresh(first)).statusCode).toBe(401);
    // The thief's replay burned the family: the legitimate latest token is dead too.
    expect((await refresh(fourth)).statusCode).toBe(401);
    vi.useRealTimers();
  });

  it('gives a client that lost the response the same successor within the grace window', async () => {
    const session = await t.register('retry@example.com', 'retry has a passphrase');
    const refresh = (token: string) => t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
    const successor = (await refresh(session.refreshToken)).json().data.refreshToken;
    const again = await refresh(session.refreshToken);
    expect(again.statusCode).toBe(200);
    expect(again.json().data.refreshToken).toBe(successor);
  });

  it('never mints two successors for concurrent refreshes of one token', async () => {
    const session = await t.register('race@example.com', 'race has a passphrase');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })),
    );
    const tokens = new Set(answers.filter((a) => a.statusCode === 200).map((a) => a.json().data.refreshToken));
    expect(tokens.size).toBe(1);
  });
});

describe("someone else's records", () => {
  let position: { id: string };
  beforeAll(async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/positions',
      headers: bearer(alice.accessToken),
      payload: { market: market.id, side: 'yes', amount: '10' },
    });
    expect(res.statusCode).toBe(201);
    position = res.json().data;
    expect(res.json().data.owner).toBe(alice.user.id);
  });

  it.each([
    ['GET', undefined],
    ['PUT', { market: 'x', side: 'no', amount: '1' }],
    ['PATCH', { side: 'no' }],
    ['DELETE', undefined],
  ])("answers B's %s on A's position with 404, exactly like a missing one", async (method, payload) => {
    const body = payload && ('market' in payload ? { ...payload, market: market.id } : payload);
    const res = await t.inject({ method: method as 'GET', url: `/api/v1/positions/${position.id}`, headers: bearer(bob.accessToken), ...(body ? { payload: body } : {}) });
    expect(res.statusCode).toBe(404);
    const missing = await t.inject({ method: method as 'GET', url: '/api/v1/positions/0190a0d0-0000-7000-8000-000000000000', headers: bearer(bob.accessToken), ...(body ? { payload: body } : {}) });
    expect({ ...res.json(), requestId: 0, detail: 0 }).toEqual({ ...missing.json(), requestId: 0, detail: 0 });
    const still = await t.inject({ method: 'GET', url: `/api/v1/positions/${position.id}`, headers: bearer(alice.accessToken) });
    expect(still.json().data.side).toBe('yes');
  });

  it("never lists A's positions to B, and pages and counts only B's", async () => {
    for (let i = 0; i < 3; i++) {
      await t.inject({ method: 'POST', url: '/api/v1/positions', headers: bearer(bob.accessToken), payload: { market: market.id, side: 'no', amount: `${i + 1}` } });
    }
    const page = await t.inject({ method: 'GET', url: '/api/v1/positions?limit=2&total=true', headers: bearer(bob.accessToken) });
    expect(page.json().pagination.total).toBe(3);
    const all = [...page.json().data];
    const next = await t.inject({ method: 'GET', url: `/api/v1/positions?limit=2&cursor=${page.json().pagination.nextCursor}`, headers: bearer(bob.accessToken) });
    all.push(...next.json().data);
    expect(all).toHaveLength(3);
    expect(all.every((p: { owner: string }) => p.owner === bob.user.id)).toBe(true);
    const filtered = await t.inject({ method: 'GET', url: `/api/v1/positions?owner=${alice.user.id}`, headers: bearer(bob.accessToken) });
    expect(filtered.json().data).toEqual([]);
  });

  it('lets an admin change any market but not a stranger', async () => {
    const stranger = await t.inject({ method: 'PATCH', url: `/api/v1/markets/${market.id}`, headers: bearer(bob.accessToken), payload: { status: 'closed' } });
    expect(stranger.statusCode).toBe(404);
    const admin = (await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@example.com', password: 'correct horse battery staple' } })).json().data;
    const res = await t.inject({ method: 'PATCH', url: `/api/v1/markets/${market.id}`, headers: bearer(admin.accessToken), payload: { status: 'closed' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.creator).toBe(alice.user.id);
  });
});

describe('mass assignment', () => {
  it.each(['id', 'creator', 'role', 'createdAt'])('refuses %s in a create body with 400', async (key) => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/markets',
      headers: bearer(alice.accessToken),
      payload: { name: 'Mass assignment', [key]: key === 'createdAt' ? '2020-01-01T00:00:00Z' : bob.user.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(`body.${key}`);
  });

  it('refuses a change of owner in a PATCH', async () => {
    const res = await t.inject({ method: 'PATCH', url: `/api/v1/markets/${market.id}`, headers: bearer(alice.accessToken), payload: { creator: bob.user.id } });
    expect(res.statusCode).toBe(400);
  });
});

describe('logs', () => {
  it('never contain a password, a token or an Authorization header value', () => {
    const text = t.logs.lines.join('\n');
    expect(t.logs.lines.length).toBeGreaterThan(20);
    for (const secret of [
      'alice has a passphrase',
      'bob has a passphrase too',
      'correct horse battery staple',
      alice.accessToken,
      alice.refreshToken,
      bob.accessToken,
      bob.refreshToken,
      jwtSecret,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/Bearer ey/);
  });
});
