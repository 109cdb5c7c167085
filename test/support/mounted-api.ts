import { expect, it } from 'vitest';

/** One request to a mounted app: a path (with query) and fetch's init; answers a Fetch Response. */
export type Send = (path: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

const json = { 'content-type': 'application/json' };
let counter = 0;
const email = () => `mounted-${process.pid}-${Date.now()}-${++counter}@example.com`;
const password = 'a long pass phrase for mounting';

/** The headers every Rampart answer carries, whoever serves it. */
function expectRampartHeaders(res: Response): void {
  expect(res.headers.get('x-request-id')).toMatch(/^[\w.-]{1,128}$/);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  // Neither Rampart nor the host names the framework.
  expect(res.headers.get('x-powered-by')).toBeNull();
}

/**
 * The behaviours a mounted app must keep from `rampart start`, declared as tests: auth
 * (register, login with the refresh cookie, refresh with it), an authenticated create,
 * a validation problem naming the field, 401 and 404 problems, request ids. `send` is
 * read when each test runs (the server starts in beforeAll). The app serves the `notes`
 * resource of test/fixtures/next-app under the default base path `/api/v1`.
 */
export function mountedApiTests(sendOf: () => Send): void {
  const signIn = async () => {
    const send = sendOf();
    const res = await send('/api/v1/auth/register', { method: 'POST', headers: json, body: JSON.stringify({ email: email(), password }) });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
  };

  it('registers, logs in with the refresh token in an HttpOnly cookie, and refreshes with that cookie', async () => {
    const send = sendOf();
    const address = email();
    const registered = await send('/api/v1/auth/register', { method: 'POST', headers: json, body: JSON.stringify({ email: address, password }) });
    expect(registered.status).toBe(201);
    expectRampartHeaders(registered);
    expect(registered.headers.get('content-type')).toMatch(/^application\/json/);

    const cookieMode = { ...json, 'x-refresh-token-transport': 'cookie' };
    const login = await send('/api/v1/auth/login', { method: 'POST', headers: cookieMode, body: JSON.stringify({ email: address, password }) });
    expect(login.status, await login.clone().text()).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const body = (await login.json()) as { data: { accessToken: string; refreshToken?: string } };
    expect(body.data.accessToken).toEqual(expect.any(String));
    expect(body.data.refreshToken).toBeUndefined();
    const [cookie] = login.headers.getSetCookie();
    expect(cookie).toMatch(/^rampart_refresh=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);

    const refreshed = await send('/api/v1/auth/refresh', { method: 'POST', headers: { 'x-refresh-token-transport': 'cookie', cookie: cookie!.split(';')[0]! } });
    expect(refreshed.status, await refreshed.clone().text()).toBe(200);
    const [rotated] = refreshed.headers.getSetCookie();
    expect(rotated).toMatch(/^rampart_refresh=/);
    expect(rotated!.split(';')[0]).not.toBe(cookie!.split(';')[0]);
  });

  it('creates a record with the access token (201 with Location) and reads it back', async () => {
    const send = sendOf();
    const token = await signIn();
    const auth = { authorization: `Bearer ${token}` };
    const created = await send('/api/v1/notes', { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ title: 'mounted' }) });
    expect(created.status, await created.clone().text()).toBe(201);
    const note = ((await created.json()) as { data: { id: string; title: string } }).data;
    expect(note.title).toBe('mounted');
    expect(created.headers.get('location')).toBe(`/api/v1/notes/${note.id}`);
    const read = await send(`/api/v1/notes/${note.id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: { id: string } }).data.id).toBe(note.id);
    const list = await send('/api/v1/notes?limit=5&sort=-createdAt', { headers: auth });
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
    const deleted = await send(`/api/v1/notes/${note.id}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
  });

  it('answers invalid input with a 400 problem naming the field', async () => {
    const send = sendOf();
    const token = await signIn();
    const res = await send('/api/v1/notes', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ title: '' }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectRampartHeaders(res);
    const problem = (await res.json()) as { code: string; requestId: string; errors: { path: string }[] };
    expect(problem.code).toBe('RAMPART_VALIDATION');
    expect(problem.requestId).toBe(res.headers.get('x-request-id'));
    expect(problem.errors.map((e) => e.path)).toContain('body.title');
  });

  it('answers 401 without a token and 404 for an unknown path, as problems', async () => {
    const send = sendOf();
    const anonymous = await send('/api/v1/notes');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await anonymous.json()) as { code: string }).code).toBe('RAMPART_UNAUTHENTICATED');
    expectRampartHeaders(anonymous);

    const missing = await send('/api/v1/no-such-things');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await missing.json()) as { code: string }).code).toBe('RAMPART_ROUTE_NOT_FOUND');
  });

  it("keeps a sane X-Request-ID the client sends and makes one for an insane one", async () => {
    const send = sendOf();
    const kept = await send('/api/v1/notes', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await send('/api/v1/notes', { headers: { 'x-request-id': 'not <sane> at all' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('not <sane> at all');
  });
}
