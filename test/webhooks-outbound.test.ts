import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../src/webhooks/standard-webhooks.js';
import {
  attemptDelivery,
  createDelivery,
  endpointsForEvent,
  findDelivery,
  webhookPayload,
} from '../src/webhooks/outbound/index.js';
import { startReceiver, type Receiver, type ReceiverHandler } from '../src/webhooks/outbound/receiver-fixture.js';
import { adminEmail, adminPassword, bearer, startAuthApp, type AuthApp } from './support/auth-app.js';

/*
 * The outbound webhook admin API and the delivery attempt, over HTTP and the real
 * database of the run (SQLite and PostgreSQL). Receivers are real HTTP servers on
 * 127.0.0.1, which OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=true lets the app reach.
 */

const endpointsUrl = '/api/v1/admin/webhook-endpoints';
let t: AuthApp;
let adminToken: string;
let userToken: string;

async function login(app: AuthApp): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: adminPassword } });
  return res.json().data.accessToken;
}

beforeAll(async () => {
  // No job worker: these tests make each delivery attempt themselves (the delivery job is
  // tested in test/webhooks-outbox.test.ts).
  t = await startAuthApp({ OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: 'true', JOBS_WORKER: 'false' });
  adminToken = await login(t);
  userToken = (await t.register('plain.user@example.com')).accessToken;
});
afterAll(async () => {
  await t.close();
});

const receivers: Receiver[] = [];
async function receiver(handler?: ReceiverHandler): Promise<Receiver> {
  const started = await startReceiver(handler);
  receivers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.inject({ method, url, headers: bearer(adminToken), ...(payload ? { payload } : {}) });

async function createEndpoint(payload: object): Promise<{ id: string; secret: string; url: string }> {
  const res = await asAdmin('POST', endpointsUrl, payload);
  if (res.statusCode !== 201) throw new Error(`create endpoint: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

let events = 0;
async function queueDelivery(endpointId: string, type = 'markets.created'): Promise<{ id: string; eventId: string; payload: string }> {
  const eventId = `evt_${++events}_${Date.now()}`;
  const payload = webhookPayload(type, { id: `m${events}`, name: 'Rain tomorrow' });
  const id = await createDelivery(t.app.database, { endpointId, eventId, eventType: type, payload });
  if (!id) throw new Error('delivery not created');
  return { id, eventId, payload };
}

const attempt = (id: string) => attemptDelivery(t.app.database, id, { allowPrivate: true });

describe('webhook endpoints API: access', () => {
  it('answers 401 to anonymous callers and 403 to non-admins, on every route', async () => {
    const id = '0190a8f0-0000-7000-8000-000000000000';
    const routes: Array<[string, string]> = [
      ['GET', endpointsUrl],
      ['POST', endpointsUrl],
      ['GET', `${endpointsUrl}/${id}`],
      ['PATCH', `${endpointsUrl}/${id}`],
      ['DELETE', `${endpointsUrl}/${id}`],
      ['POST', `${endpointsUrl}/${id}/rotate-secret`],
      ['GET', `${endpointsUrl}/${id}/deliveries`],
      ['GET', `/api/v1/admin/webhook-deliveries/${id}`],
      ['POST', `/api/v1/admin/webhook-deliveries/${id}/replay`],
    ];
    for (const [method, url] of routes) {
      const payload = method === 'POST' || method === 'PATCH' ? { url: 'https://hooks.example.com/', eventTypes: ['*'] } : undefined;
      const anonymous = await t.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      const user = await t.inject({ method: method as 'GET', url, headers: bearer(userToken), ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url} anonymous`).toBe(401);
      expect(user.statusCode, `${method} ${url} user`).toBe(403);
      expect(user.json().code).toBe('RAMPART_FORBIDDEN');
    }
  });
});

describe('webhook endpoints API: CRUD', () => {
  it('creates an endpoint, shows its generated secret once and never again', async () => {
    const res = await asAdmin('POST', endpointsUrl, { url: 'https://hooks.example.com/rampart', description: 'CRM', eventTypes: ['markets.created', 'posts.*'] });
    expect(res.statusCode).toBe(201);
    const created = res.json().data;
    expect(res.headers.location).toBe(`${endpointsUrl}/${created.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(created).toMatchObject({ url: 'https://hooks.example.com/rampart', description: 'CRM', eventTypes: ['markets.created', 'posts.*'], enabled: true, disabledReason: null });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);

    const one = await asAdmin('GET', `${endpointsUrl}/${created.id}`);
    const list = await asAdmin('GET', `${endpointsUrl}?limit=100`);
    expect(one.statusCode).toBe(200);
    expect(one.json().data).toEqual({ ...created, secret: undefined });
    expect(one.json().data).not.toHaveProperty('secret');
    expect(list.json().data.find((e: { id: string }) => e.id === created.id)).not.toHaveProperty('secret');
    for (const body of [one.body, list.body]) expect(body).not.toContain(created.secret.slice(6, 30));

    const other = await createEndpoint({ url: 'https://hooks.example.com/other', eventTypes: ['*'] });
    expect(other.secret).not.toBe(created.secret);
  });

  it('keeps a secret given at creation', async () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const created = await createEndpoint({ url: 'https://hooks.example.com/given', eventTypes: ['*'], secret });
    expect(created.secret).toBe(secret);
  });

  it.each([
    [{ url: 'ftp://hooks.example.com/', eventTypes: ['*'] }, 'body.url', 'must be an http: or https: URL'],
    [{ url: 'file:///etc/passwd', eventTypes: ['*'] }, 'body.url', 'must be an http: or https: URL'],
    [{ url: 'not a url', eventTypes: ['*'] }, 'body.url', 'must be an absolute http: or https: URL'],
    [{ url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['*'] }, 'body.url', 'targets a linkLocal address; outbound webhooks only reach public addresses'],
    [{ url: 'https://u:p@hooks.example.com/', eventTypes: ['*'] }, 'body.url', 'must not contain credentials'],
    [{ url: 'https://hooks.example.com/', eventTypes: [] }, 'body.eventTypes', undefined],
    [{ url: 'https://hooks.example.com/', eventTypes: ['markets created'] }, 'body.eventTypes.0', 'must be an event type such as markets.created, markets.* or *'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['*'], secret: 'whsec_c2hvcnQ=' }, 'body.secret', 'must encode 24 to 64 random bytes'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['*'], secret: 'whsec_not base64!' }, 'body.secret', 'must be whsec_ followed by base64'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['*'], id: '0190a8f0-0000-7000-8000-000000000000' }, 'body.id', 'unknown field'],
  ])('refuses a bad create body (%j) with 400 naming %s', async (payload, path, message) => {
    const res = await asAdmin('POST', endpointsUrl, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_VALIDATION');
    const issue = res.json().errors.find((e: { path: string }) => e.path === path);
    expect(issue, JSON.stringify(res.json().errors)).toBeDefined();
    if (message) expect(issue.message).toBe(message);
  });

  it('updates url, event types and enabled; disabling records a reason that enabling clears', async () => {
    const created = await createEndpoint({ url: 'https://hooks.example.com/a', eventTypes: ['markets.created'] });
    const path = `${endpointsUrl}/${created.id}`;
    const changed = await asAdmin('PATCH', path, { url: 'https://hooks.example.com/b', eventTypes: ['markets.*', 'markets.*'], description: 'moved' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data).toMatchObject({ url: 'https://hooks.example.com/b', eventTypes: ['markets.*'], description: 'moved', enabled: true });
    expect(changed.json().data).not.toHaveProperty('secret');

    const disabled = await asAdmin('PATCH', path, { enabled: false });
    expect(disabled.json().data).toMatchObject({ enabled: false, disabledReason: 'disabled by an admin' });
    const enabled = await asAdmin('PATCH', path, { enabled: true });
    expect(enabled.json().data).toMatchObject({ enabled: true, disabledReason: null });

    const bad = await asAdmin('PATCH', path, { url: 'gopher://hooks.example.com/' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'body.url', message: 'must be an http: or https: URL' }]);
    expect((await asAdmin('GET', path)).json().data.url).toBe('https://hooks.example.com/b');
  });

  it('rotates the secret, showing the new one once', async () => {
    const created = await createEndpoint({ url: 'https://hooks.example.com/rotate', eventTypes: ['*'] });
    const res = await asAdmin('POST', `${endpointsUrl}/${created.id}/rotate-secret`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.secret).toMatch(/^whsec_/);
    expect(res.json().data.secret).not.toBe(created.secret);
    const [endpoint] = (await endpointsForEvent(t.app.database, 'anything')).filter((e) => e.id === created.id);
    expect(endpoint?.secret).toBe(res.json().data.secret);
  });

  it('deletes an endpoint with its deliveries', async () => {
    const created = await createEndpoint({ url: 'https://hooks.example.com/gone', eventTypes: ['*'] });
    const delivery = await queueDelivery(created.id);
    expect((await asAdmin('DELETE', `${endpointsUrl}/${created.id}`)).statusCode).toBe(204);
    expect((await asAdmin('GET', `${endpointsUrl}/${created.id}`)).statusCode).toBe(404);
    expect((await asAdmin('DELETE', `${endpointsUrl}/${created.id}`)).statusCode).toBe(404);
    expect(await findDelivery(t.app.database, delivery.id)).toBeUndefined();
    expect((await asAdmin('GET', `/api/v1/admin/webhook-deliveries/${delivery.id}`)).statusCode).toBe(404);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const missing = '0190a8f0-0000-7000-8000-000000000000';
    expect((await asAdmin('GET', `${endpointsUrl}/${missing}`)).json().code).toBe('RAMPART_NOT_FOUND');
    expect((await asAdmin('PATCH', `${endpointsUrl}/${missing}`, { enabled: true })).statusCode).toBe(404);
    expect((await asAdmin('GET', `${endpointsUrl}/${missing}/deliveries`)).statusCode).toBe(404);
    expect((await asAdmin('POST', `/api/v1/admin/webhook-deliveries/${missing}/replay`)).statusCode).toBe(404);
    expect((await asAdmin('GET', `${endpointsUrl}/not-a-uuid`)).statusCode).toBe(400);
  });

  it('pages the endpoint list with limit and cursor', async () => {
    for (let i = 0; i < 3; i++) await createEndpoint({ url: `https://hooks.example.com/page/${i}`, eventTypes: ['*'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await asAdmin('GET', `${endpointsUrl}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      expect(body.data.length).toBeLessThanOrEqual(2);
      expect(body.pagination.limit).toBe(2);
      seen.push(...body.data.map((e: { id: string }) => e.id));
      cursor = body.pagination.nextCursor;
    } while (cursor);
    const all = (await asAdmin('GET', `${endpointsUrl}?limit=100`)).json().data.map((e: { id: string }) => e.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await asAdmin('GET', `${endpointsUrl}?limit=101`)).statusCode).toBe(400);
  });
});

describe('webhook endpoint URLs without OUTBOUND_WEBHOOKS_ALLOW_PRIVATE', () => {
  let strict: AuthApp;
  let token: string;
  beforeAll(async () => {
    strict = await startAuthApp();
    token = await login(strict);
  });
  afterAll(async () => {
    await strict.close();
  });

  it.each(['http://127.0.0.1:8080/hook', 'http://10.0.0.1/hook', 'http://192.168.1.20/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/', 'http://localhost:3000/hook'])(
    'refuses %s at create and update',
    async (url) => {
      const created = await strict.inject({ method: 'POST', url: endpointsUrl, headers: bearer(token), payload: { url, eventTypes: ['*'] } });
      expect(created.statusCode).toBe(400);
      expect(created.json().errors[0]).toMatchObject({ path: 'body.url' });
      expect(created.json().errors[0].message).toMatch(/^targets a (loopback|private) (address|name)/);
    },
  );

  // Every IPv6 form that carries an IPv4 address is judged by that address; the other
  // ranges outside global unicast, and IPv4 in the URL parser's other notations, too.
  const refusedHosts: Array<[string, string]> = [
    ['[::127.0.0.1]', 'a loopback address (it carries 127.0.0.1)'],
    ['[::7f00:1]', 'a loopback address (it carries 127.0.0.1)'],
    ['[::ffff:7f00:1]', 'a loopback address (it carries 127.0.0.1)'],
    ['[0:0:0:0:0:ffff:7f00:1]', 'a loopback address (it carries 127.0.0.1)'],
    ['[::ffff:0:127.0.0.1]', 'a loopback address (it carries 127.0.0.1)'],
    ['[64:ff9b::a9fe:a9fe]', 'a linkLocal address (it carries 169.254.169.254)'],
    ['[64:ff9b:1::a00:1]', 'a private address (it carries 10.0.0.1)'],
    ['[2002:a9fe:a9fe::1]', 'a linkLocal address (it carries 169.254.169.254)'],
    ['[2001:0:4136:e378:8000:63bf:80ff:fffe]', 'a loopback address (it carries 127.0.0.1)'],
    ['[::8.8.8.8]', 'an ipv4Compatible address'],
    ['[fe80::1]', 'a linkLocal address'],
    ['[fd00::1]', 'a uniqueLocal address'],
    ['[ff02::1]', 'a multicast address'],
    ['[2001:db8::1]', 'a reserved address'],
    ['[2001:2::1]', 'a benchmarking address'],
    ['[4000::1]', 'a reserved address'],
    ['224.0.0.1', 'a multicast address'],
    ['192.0.2.1', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['2130706433', 'a loopback address'],
    ['0177.0.0.1', 'a loopback address'],
    ['0x7f.1', 'a loopback address'],
    ['127.0.0.1.', 'a loopback address'],
    ['localhost.', 'a loopback name'],
  ];
  it.each(refusedHosts)('refuses http://%s/ at create and update: targets %s', async (host, what) => {
    const url = `http://${host}:8080/hook`;
    const detail = `targets ${what}; outbound webhooks only reach public addresses`;
    const created = await strict.inject({ method: 'POST', url: endpointsUrl, headers: bearer(token), payload: { url, eventTypes: ['*'] } });
    expect(created.statusCode).toBe(400);
    expect(created.json()).toMatchObject({ code: 'RAMPART_VALIDATION', errors: [{ path: 'body.url', message: detail }] });
    const existing = await strict.inject({ method: 'POST', url: endpointsUrl, headers: bearer(token), payload: { url: 'https://hooks.example.com/', eventTypes: ['*'] } });
    const changed = await strict.inject({ method: 'PATCH', url: `${endpointsUrl}/${existing.json().data.id}`, headers: bearer(token), payload: { url } });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().errors).toEqual([{ path: 'body.url', message: detail }]);
  });

  it('refuses private targets in an update too, and accepts public names', async () => {
    const created = await strict.inject({ method: 'POST', url: endpointsUrl, headers: bearer(token), payload: { url: 'https://hooks.example.com/', eventTypes: ['*'] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id;
    const changed = await strict.inject({ method: 'PATCH', url: `${endpointsUrl}/${id}`, headers: bearer(token), payload: { url: 'http://10.1.2.3/' } });
    expect(changed.statusCode).toBe(400);
  });

  // A name passes when saved; what it resolves to is judged at every delivery. The
  // injected resolver answers each form for the receiver's port on 127.0.0.1.
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address (it carries 127.0.0.1)'],
    ['::ffff:7f00:1', 'a loopback address (it carries 127.0.0.1)'],
    ['::7f00:1', 'a loopback address (it carries 127.0.0.1)'],
    ['::ffff:0:7f00:1', 'a loopback address (it carries 127.0.0.1)'],
    ['64:ff9b::7f00:1', 'a loopback address (it carries 127.0.0.1)'],
    ['64:ff9b:1::7f00:1', 'a loopback address (it carries 127.0.0.1)'],
    ['2002:7f00:1::1', 'a loopback address (it carries 127.0.0.1)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'a loopback address (it carries 127.0.0.1)'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'a linkLocal address (it carries 169.254.169.254)'],
    ['fe80::1%lo', 'a linkLocal address'],
    ['0177.0.0.1', 'a loopback address'],
    ['2130706433', 'a loopback address'],
    ['0x7f.1', 'a loopback address'],
    ['169.254.169.254', 'a linkLocal address'],
    ['fd00::1', 'a uniqueLocal address'],
    ['ff02::1', 'a multicast address'],
  ])('refuses at delivery a name that resolves to %s, without connecting', async (address, what) => {
    const target = await receiver();
    const created = await strict.inject({
      method: 'POST',
      url: endpointsUrl,
      headers: bearer(token),
      payload: { url: `http://resolves.example.test:${target.port}/hook`, eventTypes: ['*'] },
    });
    const endpointId = created.json().data.id;
    const id = await createDelivery(strict.app.database, { endpointId, eventId: `evt_${address}`, eventType: 'markets.created', payload: '{}' });
    const result = await attemptDelivery(strict.app.database, id!, {
      allowPrivate: strict.app.config.outboundWebhooksAllowPrivate,
      lookup: async () => [{ address, family: address.includes(':') ? 6 : 4 }],
      timeouts: { connectMs: 500 },
    });
    expect(result).toMatchObject({ outcome: 'retry', attempts: 1 });
    expect(result.error).toBe(`${address} (resolved from resolves.example.test) is ${what}; outbound webhooks only reach public addresses`);
    expect(target.connections()).toBe(0);
  });

  it('refuses at delivery a name that resolves to loopback, without connecting', async () => {
    const target = await receiver();
    const created = await strict.inject({
      method: 'POST',
      url: endpointsUrl,
      headers: bearer(token),
      payload: { url: `http://rebound.example.test:${target.port}/hook`, eventTypes: ['*'] },
    });
    const endpointId = created.json().data.id;
    const id = await createDelivery(strict.app.database, { endpointId, eventId: 'evt_ssrf', eventType: 'markets.created', payload: '{}' });
    const result = await attemptDelivery(strict.app.database, id!, {
      allowPrivate: strict.app.config.outboundWebhooksAllowPrivate,
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect(result).toMatchObject({ outcome: 'retry', attempts: 1 });
    expect(result.error).toContain('127.0.0.1 (resolved from rebound.example.test) is a loopback address');
    expect(target.connections()).toBe(0);
    expect(await findDelivery(strict.app.database, id!)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: result.error });
  });
});

describe('attemptDelivery', () => {
  it('delivers a signed request that the Standard Webhooks verifier accepts, and logs it', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('ok'));
    const endpoint = await createEndpoint({ url: `${target.url}/hooks/rampart`, eventTypes: ['markets.*'] });
    const delivery = await queueDelivery(endpoint.id);

    const result = await attempt(delivery.id);
    expect(result).toEqual({ outcome: 'delivered', statusCode: 200, attempts: 1 });
    expect(target.requests).toHaveLength(1);
    const [received] = target.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/hooks/rampart', body: delivery.payload });
    expect(received?.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Rampart-Webhooks/1', 'webhook-id': delivery.eventId });
    const check = verifyStandardWebhook({
      secret: endpoint.secret,
      id: received?.headers['webhook-id'] as string,
      timestamp: received?.headers['webhook-timestamp'] as string,
      signature: received?.headers['webhook-signature'] as string,
      body: received?.body ?? '',
    });
    expect(check).toEqual({ ok: true });
    expect(Math.abs(Number(received?.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);

    const log = await asAdmin('GET', `${endpointsUrl}/${endpoint.id}/deliveries`);
    expect(log.statusCode).toBe(200);
    expect(log.json().data).toEqual([
      expect.objectContaining({ id: delivery.id, eventId: delivery.eventId, eventType: 'markets.created', status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null }),
    ]);
    expect(log.json().data[0].deliveredAt).toEqual(expect.any(String));
    expect(log.json().data[0]).not.toHaveProperty('payload');
    const one = await asAdmin('GET', `/api/v1/admin/webhook-deliveries/${delivery.id}`);
    expect(one.json().data).toMatchObject({ id: delivery.id, payload: delivery.payload, status: 'delivered' });

    // Delivered is final: a second call (a duplicate job run) sends nothing.
    expect(await attempt(delivery.id)).toMatchObject({ outcome: 'skipped', error: 'delivery is delivered' });
    expect(target.requests).toHaveLength(1);
  });

  it('asks for a retry after a 5xx, keeping the webhook-id on the next attempt', async () => {
    let answers = 0;
    const target = await receiver((_req, res) => (++answers === 1 ? res.writeHead(500).end('database down') : res.writeHead(202).end()));
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const delivery = await queueDelivery(endpoint.id);

    const first = await attempt(delivery.id);
    expect(first).toEqual({ outcome: 'retry', statusCode: 500, error: 'HTTP 500: database down', attempts: 1 });
    expect(await findDelivery(t.app.database, delivery.id)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: database down' });

    const second = await attempt(delivery.id);
    expect(second).toEqual({ outcome: 'delivered', statusCode: 202, attempts: 2 });
    expect(await findDelivery(t.app.database, delivery.id)).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 202, lastError: null });
    expect(target.requests.map((r) => r.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);
  });

  it("returns the receiver's Retry-After with the retry", async () => {
    const target = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '30' }).end());
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const delivery = await queueDelivery(endpoint.id);
    expect(await attempt(delivery.id)).toMatchObject({ outcome: 'retry', statusCode: 429, retryAfterMs: 30_000 });
  });

  it('asks for a retry when the receiver is unreachable', async () => {
    const target = await receiver();
    await target.close();
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const delivery = await queueDelivery(endpoint.id);
    const result = await attempt(delivery.id);
    expect(result.outcome).toBe('retry');
    expect(result.error).toContain('ECONNREFUSED');
    expect(result.statusCode).toBeUndefined();
  });

  it('records a redirect as a failed attempt without following it', async () => {
    const elsewhere = await receiver();
    const target = await receiver((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/` }).end());
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const delivery = await queueDelivery(endpoint.id);
    expect(await attempt(delivery.id)).toMatchObject({ outcome: 'retry', statusCode: 302 });
    expect(elsewhere.connections()).toBe(0);
    expect((await findDelivery(t.app.database, delivery.id))?.lastError).toContain('redirects are not followed');
  });

  it('on 410 disables the endpoint, fails the delivery, skips the rest, and refuses replays until re-enabled', async () => {
    let gone = true;
    const target = await receiver((_req, res) => (gone ? res.writeHead(410).end() : res.writeHead(200).end()));
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const first = await queueDelivery(endpoint.id);
    const second = await queueDelivery(endpoint.id);

    expect(await attempt(first.id)).toMatchObject({ outcome: 'gone', statusCode: 410, attempts: 1 });
    const shown = (await asAdmin('GET', `${endpointsUrl}/${endpoint.id}`)).json().data;
    expect(shown.enabled).toBe(false);
    expect(shown.disabledReason).toMatch(/^the endpoint answered 410 Gone at /);
    expect(await findDelivery(t.app.database, first.id)).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410 });
    expect(await endpointsForEvent(t.app.database, 'markets.created')).not.toContainEqual(expect.objectContaining({ id: endpoint.id }));

    expect(await attempt(second.id)).toMatchObject({ outcome: 'skipped', attempts: 0 });
    expect(await findDelivery(t.app.database, second.id)).toMatchObject({ status: 'failed', attempts: 0 });
    expect(target.requests).toHaveLength(1);

    const refused = await asAdmin('POST', `/api/v1/admin/webhook-deliveries/${first.id}/replay`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('RAMPART_WEBHOOK_ENDPOINT_DISABLED');

    gone = false;
    await asAdmin('PATCH', `${endpointsUrl}/${endpoint.id}`, { enabled: true });
    const replayed = await asAdmin('POST', `/api/v1/admin/webhook-deliveries/${first.id}/replay`);
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json().data).toMatchObject({ id: first.id, status: 'pending', attempts: 0, lastStatusCode: 410, deliveredAt: null });
    expect(await attempt(first.id)).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(target.requests.map((r) => r.headers['webhook-id'])).toEqual([first.eventId, first.eventId]);
  });

  it('replay resends a delivered event with the same webhook-id and a fresh signature', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint({ url: target.url, eventTypes: ['*'] });
    const delivery = await queueDelivery(endpoint.id);
    expect((await attempt(delivery.id)).outcome).toBe('delivered');

    const replayed = await asAdmin('POST', `/api/v1/admin/webhook-deliveries/${delivery.id}/replay`);
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json().data).toMatchObject({ status: 'pending', attempts: 0, deliveredAt: null });
    expect(Date.parse(replayed.json().data.nextAttemptAt)).toBeLessThanOrEqual(Date.now());
    // Pending again: a second replay would send it twice.
    const again = await asAdmin('POST', `/api/v1/admin/webhook-deliveries/${delivery.id}/replay`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('RAMPART_CONFLICT');
    expect(await attempt(delivery.id)).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(target.requests).toHaveLength(2);
    expect(target.requests[1]?.headers['webhook-id']).toBe(delivery.eventId);
    expect(target.requests[1]?.body).toBe(delivery.payload);
    for (const received of target.requests) {
      const check = verifyStandardWebhook({
        secret: endpoint.secret,
        id: received.headers['webhook-id'] as string,
        timestamp: received.headers['webhook-timestamp'] as string,
        signature: received.headers['webhook-signature'] as string,
        body: received.body,
      });
      expect(check.ok).toBe(true);
    }
  });

  it('skips a delivery that does not exist', async () => {
    expect(await attempt('0190a8f0-0000-7000-8000-000000000000')).toEqual({ outcome: 'skipped', error: 'no such delivery', attempts: 0 });
  });
});

describe('deliveries: fan-out and log', () => {
  it('records one delivery per endpoint and event, however often the fan-out runs', async () => {
    const endpoint = await createEndpoint({ url: 'https://hooks.example.com/once', eventTypes: ['*'] });
    const input = { endpointId: endpoint.id, eventId: 'evt_once', eventType: 'markets.created', payload: '{}' };
    expect(await createDelivery(t.app.database, input)).toEqual(expect.any(String));
    expect(await createDelivery(t.app.database, input)).toBeUndefined();
    const log = (await asAdmin('GET', `${endpointsUrl}/${endpoint.id}/deliveries`)).json().data;
    expect(log).toHaveLength(1);
  });

  it('finds the enabled endpoints subscribed to an event type', async () => {
    const exact = await createEndpoint({ url: 'https://hooks.example.com/exact', eventTypes: ['positions.created'] });
    const wildcard = await createEndpoint({ url: 'https://hooks.example.com/wild', eventTypes: ['positions.*'] });
    const other = await createEndpoint({ url: 'https://hooks.example.com/other', eventTypes: ['posts.created'] });
    const off = await createEndpoint({ url: 'https://hooks.example.com/off', eventTypes: ['positions.created'], enabled: false });
    const ids = (await endpointsForEvent(t.app.database, 'positions.created')).map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining([exact.id, wildcard.id]));
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(off.id);
  });

  it('pages the delivery log newest first and filters it by status', async () => {
    const endpoint = await createEndpoint({ url: 'https://hooks.example.com/log', eventTypes: ['*'] });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await queueDelivery(endpoint.id)).id);
    const path = `${endpointsUrl}/${endpoint.id}/deliveries`;
    const first = (await asAdmin('GET', `${path}?limit=3`)).json();
    expect(first.data.map((d: { id: string }) => d.id)).toEqual(created.slice(2).reverse());
    expect(first.pagination).toEqual({ limit: 3, nextCursor: created[2] });
    const second = (await asAdmin('GET', `${path}?limit=3&cursor=${first.pagination.nextCursor}`)).json();
    expect(second.data.map((d: { id: string }) => d.id)).toEqual(created.slice(0, 2).reverse());
    expect(second.pagination.nextCursor).toBeNull();
    expect((await asAdmin('GET', `${path}?status=delivered`)).json().data).toEqual([]);
    expect((await asAdmin('GET', `${path}?status=pending&limit=100`)).json().data).toHaveLength(5);
    expect((await asAdmin('GET', `${path}?status=lost`)).statusCode).toBe(400);
  });
});
