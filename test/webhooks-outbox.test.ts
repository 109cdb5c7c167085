import { afterEach, describe, expect, it } from 'vitest';
import { allow, route } from 'rampart';
import { markets } from '../examples/markets/resources.js';
import { verifyStandardWebhook } from '../src/webhooks/standard-webhooks.js';
import { startReceiver, type Receiver, type ReceiverHandler } from '../src/webhooks/outbound/receiver-fixture.js';
import { adminEmail, adminPassword, bearer, startAuthApp, type AuthApp } from './support/auth-app.js';
import { until } from './support/until.js';

/*
 * Outbound webhooks end to end, on both databases: a resource change goes to the outbox
 * in its own transaction and a job delivers it to a real receiver on loopback (allowed
 * with OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=true), signed per Standard Webhooks; failures are
 * retried with the same webhook-id, Retry-After is honoured, replays send it again, and a
 * rolled-back change sends nothing.
 */

let t: AuthApp | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

const failingWrite = route({
  method: 'POST',
  path: '/api/v1/failing-markets',
  access: allow.authenticated,
  handler: async ({ db, records, user }) => {
    await db.transaction(async (trx) => {
      await records(markets, trx).create({ name: 'never committed' }, { owner: user!.id });
      throw new Error('rolled back');
    });
  },
});

async function setUp(handler?: ReceiverHandler) {
  receiver = await startReceiver(handler);
  t = await startAuthApp({ OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: 'true' }, { routes: [failingWrite], jobOptions: { pollMs: 30 } });
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: adminPassword } });
  const admin = bearer(login.json().data.accessToken);
  const created = await t.inject({
    method: 'POST',
    url: '/api/v1/admin/webhook-endpoints',
    headers: admin,
    payload: { url: `${receiver.url}/hooks`, eventTypes: ['markets.*'] },
  });
  expect(created.statusCode).toBe(201);
  const endpoint = created.json().data as { id: string; secret: string };
  return { t, receiver, admin, endpoint };
}


describe('outbound webhooks from resource changes', () => {
  it('delivers markets.created, signed, with the record as data; a rolled-back change sends nothing', async () => {
    const { t, receiver, admin, endpoint } = await setUp();
    const res = await t.inject({ method: 'POST', url: '/api/v1/markets', headers: admin, payload: { name: 'Rain in Lisbon' } });
    const market = res.json().data as { id: string };
    await until(() => receiver.requests.length === 1);
    const [delivery] = receiver.requests;
    const body = JSON.parse(delivery!.body) as { type: string; sequence: number; data: { id: string; name: string } };
    expect(body.type).toBe('markets.created');
    // The record's first event; the signature below covers it.
    expect(body.sequence).toBe(1);
    expect(body.data).toMatchObject({ id: market.id, name: 'Rain in Lisbon' });
    const check = verifyStandardWebhook({
      secret: endpoint.secret,
      id: String(delivery!.headers['webhook-id']),
      timestamp: String(delivery!.headers['webhook-timestamp']),
      signature: String(delivery!.headers['webhook-signature']),
      body: delivery!.body,
    });
    expect(check).toEqual({ ok: true });

    // The receiver answers before the job records the answer: wait for the record.
    const deliveries = () => t.inject({ method: 'GET', url: `/api/v1/admin/webhook-endpoints/${endpoint.id}/deliveries`, headers: admin });
    await until(async () => (await deliveries()).json().data[0]?.status === 'delivered');
    const failed = await t.inject({ method: 'POST', url: '/api/v1/failing-markets', headers: admin });
    expect(failed.statusCode).toBe(500);
    const log = await deliveries();
    expect(log.json().data).toHaveLength(1);
    expect(log.json().data[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a failed delivery after Retry-After with the same webhook-id, and an admin replay sends it again', async () => {
    let calls = 0;
    const { t, receiver, admin, endpoint } = await setUp((_received, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(503, { 'retry-after': '6' }).end();
      else res.writeHead(200).end('ok');
    });
    const sent = Date.now();
    await t.inject({ method: 'POST', url: '/api/v1/markets', headers: admin, payload: { name: 'Snow in Oslo' } });
    await until(() => receiver.requests.length === 2, 25_000);
    const [first, second] = receiver.requests;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    // Retried no sooner than the receiver asked: 6 s, beyond the backoff's first step (2.5-5 s).
    expect(Date.now() - sent).toBeGreaterThanOrEqual(6000);
    // The receiver answers before the job records the answer: wait for the record.
    const deliveries = () => t.inject({ method: 'GET', url: `/api/v1/admin/webhook-endpoints/${endpoint.id}/deliveries`, headers: admin });
    await until(async () => (await deliveries()).json().data[0]?.status !== 'pending');
    const log = await deliveries();
    const delivery = log.json().data[0] as { id: string; status: string; attempts: number; lastStatusCode: number };
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });

    const replay = await t.inject({ method: 'POST', url: `/api/v1/admin/webhook-deliveries/${delivery.id}/replay`, headers: admin });
    expect(replay.statusCode).toBe(200);
    await until(() => receiver.requests.length === 3);
    expect(receiver.requests[2]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  }, 40_000);

  it('a 410 disables the endpoint: later changes are not sent to it', async () => {
    const { t, receiver, admin, endpoint } = await setUp((_received, res) => res.writeHead(410).end());
    await t.inject({ method: 'POST', url: '/api/v1/markets', headers: admin, payload: { name: 'Gone' } });
    await until(async () => {
      const got = await t.inject({ method: 'GET', url: `/api/v1/admin/webhook-endpoints/${endpoint.id}`, headers: admin });
      return got.json().data.enabled === false;
    });
    await t.inject({ method: 'POST', url: '/api/v1/markets', headers: admin, payload: { name: 'After' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
  });
});

