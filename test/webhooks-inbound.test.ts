import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp, verify, webhook, type RampartApp } from 'rampart';
import { orders } from '../examples/markets/orders.js';
import { stripeWebhook } from '../examples/markets/webhooks.js';
import { generateWebhookSecret } from '../src/webhooks/standard-webhooks.js';
import { githubSignature, standardHeaders, stripeSignature } from '../src/webhooks/inbound/signatures-fixture.js';
import { webhookEventsTableName } from '../src/webhooks/inbound/webhook-events-table.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Inbound webhooks end to end, on the run's database: the markets example's Stripe
 * webhook marking orders paid, plus GitHub and Standard Webhooks endpoints. Handlers
 * count their calls, so "acted once" is observed, not inferred from the answer.
 */

const stripeSecret = 'whsec_test_0123456789abcdef';
const githubSecret = 'github-test-secret';
const standardSecret = generateWebhookSecret();

const calls = { stripe: 0, github: 0, standard: 0, flaky: 0 };
let failFlaky = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The example's webhook, counted, and slow enough that concurrent copies overlap.
const countedStripe = webhook('stripe', {
  ...stripeWebhook,
  handler: async (ctx) => {
    calls.stripe++;
    await sleep(30);
    await stripeWebhook.handler(ctx);
  },
});

const github = webhook('github', {
  verify: verify.github(githubSecret),
  events: { push: z.object({ ref: z.string() }) },
  handler: () => {
    calls.github++;
  },
});

const standard = webhook('billing', {
  verify: verify.standard({ env: 'BILLING_WEBHOOK_SECRET' }),
  events: { 'invoice.paid': z.object({ type: z.literal('invoice.paid'), data: z.object({ amount: z.int() }) }) },
  handler: ({ payload }) => {
    calls.standard++;
    expect(payload.data.amount).toBeTypeOf('number');
  },
});

// Writes through the transaction-bound record store, then fails when told to.
const flaky = webhook('flaky', {
  verify: verify.stripe('whsec_flaky'),
  events: { 'order.settled': z.object({ data: z.object({ orderId: z.uuid() }) }) },
  handler: async ({ payload, records }) => {
    calls.flaky++;
    await records(orders).update(payload.data.orderId, { status: 'paid' });
    if (failFlaky) throw new Error('downstream outage');
  },
});

let t: TestApp;
let app: RampartApp;
let customer: string;
let counter = 0;

beforeAll(async () => {
  t = await startTestApp(
    { resources: [orders], webhooks: [countedStripe, github, standard, flaky] },
    { STRIPE_WEBHOOK_SECRET: stripeSecret, BILLING_WEBHOOK_SECRET: standardSecret },
  );
  app = t.app;
  customer = (await app.users.createUser({ email: 'customer@example.com', password: 'customer pass phrase' })).id;
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  failFlaky = false;
  for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
});

async function newOrder(): Promise<string> {
  counter++;
  const order = await app.records(orders).create({ reference: `order-${counter}`, amountTotal: '19.99' }, { owner: customer });
  return String(order.id);
}

const orderStatus = async (id: string) => (await app.records(orders).get(id)).status;

const eventRows = (eventId: string) =>
  app.database.db.selectFrom(webhookEventsTableName).selectAll().where('event_id', '=', eventId).execute();

function checkoutEvent(orderId: string, overrides: { id?: string; type?: string; session?: Record<string, unknown> } = {}) {
  counter++;
  return JSON.stringify({
    id: overrides.id ?? `evt_${counter}_${Date.now()}`,
    object: 'event',
    type: overrides.type ?? 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${counter}`,
        object: 'checkout.session',
        client_reference_id: orderId,
        payment_status: 'paid',
        amount_total: 1999, // the test orders' 19.99
        ...overrides.session,
      },
    },
  });
}

function post(path: string, body: string, headers: Record<string, string>) {
  return app.fastify.inject({ method: 'POST', url: `/api/v1/webhooks/${path}`, payload: body, headers: { 'content-type': 'application/json', ...headers } });
}

const postStripe = (body: string, signature = stripeSignature(stripeSecret, body)) => post('stripe', body, { 'stripe-signature': signature });

function expectSignatureProblem(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 400, code: 'RAMPART_WEBHOOK_SIGNATURE' });
}

describe('Stripe: the markets example', () => {
  it('marks the order paid once, and answers a redelivery 200 without acting again', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId);
    const first = await postStripe(body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true });
    const order = await app.records(orders).get(orderId);
    expect(order).toMatchObject({ status: 'paid', checkoutSessionId: JSON.parse(body).data.object.id });

    // The order is reset by hand: a second run of the handler would pay it again.
    await app.records(orders).update(orderId, { status: 'pending' });
    // A redelivery is freshly signed (a new timestamp), like Stripe's.
    const again = await postStripe(body, stripeSignature(stripeSecret, body, { timestamp: Math.floor(Date.now() / 1000) + 1 }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(await orderStatus(orderId)).toBe('pending');
    expect(calls.stripe).toBe(1);
    const rows = await eventRows(JSON.parse(body).id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ webhook: 'stripe', type: 'checkout.session.completed' });
  });

  it('acts once on concurrent deliveries of one event', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postStripe(body)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const bodies = answers.map((r) => r.json());
    expect(bodies.filter((b) => b.duplicate === undefined)).toHaveLength(1);
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(4);
    expect(calls.stripe).toBe(1);
    expect(await orderStatus(orderId)).toBe('paid');
    expect(await eventRows(JSON.parse(body).id)).toHaveLength(1);
  });

  it('accepts a header with several v1 signatures when one is valid', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId);
    const res = await postStripe(body, stripeSignature(stripeSecret, body, { extra: ['f'.repeat(64)] }));
    expect(res.statusCode).toBe(200);
    expect(calls.stripe).toBe(1);
  });

  it.each([
    ['a bad signature', (body: string) => stripeSignature(stripeSecret, body).replace(/v1=.{6}/, 'v1=000000')],
    ['a stale timestamp', (body: string) => stripeSignature(stripeSecret, body, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
    ['a timestamp from the future', (body: string) => stripeSignature(stripeSecret, body, { timestamp: Math.floor(Date.now() / 1000) + 400 })],
    ['another secret', (body: string) => stripeSignature('whsec_someone_else', body)],
    ['a signature of another body', (body: string) => stripeSignature(stripeSecret, body.replace('"paid"', '"unpaid"'))],
    ['a malformed header', () => 'garbage'],
  ])('refuses %s with 400 and leaves the order unpaid', async (_name, sign) => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId);
    t.logs.clear();
    const res = await postStripe(body, sign(body));
    expectSignatureProblem(res);
    expect(calls.stripe).toBe(0);
    expect(await orderStatus(orderId)).toBe('pending');
    expect(await eventRows(JSON.parse(body).id)).toHaveLength(0);
    const warning = t.logs.entries.find((e) => e.msg === 'webhook signature refused');
    expect(warning).toMatchObject({ level: 40, webhook: 'stripe', reason: expect.any(String) });
    // Neither the secret nor any signature reaches the log.
    expect(t.logs.lines.join('\n')).not.toMatch(new RegExp(`${stripeSecret}|v1=`));
  });

  it('refuses a delivery without Stripe-Signature', async () => {
    const orderId = await newOrder();
    const res = await post('stripe', checkoutEvent(orderId), {});
    expectSignatureProblem(res);
    expect(calls.stripe).toBe(0);
  });

  it('refuses a tampered body signed for the original', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId);
    const other = await newOrder();
    const res = await postStripe(body.replace(orderId, other), stripeSignature(stripeSecret, body));
    expectSignatureProblem(res);
    expect(await orderStatus(orderId)).toBe('pending');
    expect(await orderStatus(other)).toBe('pending');
  });

  it('acknowledges an event type it does not declare, without acting or recording it', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId, { type: 'customer.created' });
    const res = await postStripe(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, ignored: true });
    expect(calls.stripe).toBe(0);
    expect(await orderStatus(orderId)).toBe('pending');
    expect(await eventRows(JSON.parse(body).id)).toHaveLength(0);
  });

  it('refuses a declared event whose payload breaks its schema with a validation problem', async () => {
    const orderId = await newOrder();
    const body = checkoutEvent(orderId, { session: { id: undefined, payment_status: 'settled' } });
    const res = await postStripe(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'RAMPART_VALIDATION' });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.data.object.id', 'body.data.object.payment_status']),
    );
    expect(calls.stripe).toBe(0);
    expect(await eventRows(JSON.parse(body).id)).toHaveLength(0);
  });

  it('refuses a signed body that is not JSON, and a body that is not sent as JSON', async () => {
    const notJson = await postStripe('{"id": "evt_x",');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('RAMPART_INVALID_JSON');
    const text = await app.fastify.inject({ method: 'POST', url: '/api/v1/webhooks/stripe', payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(calls.stripe).toBe(0);
  });

  it('leaves an unpaid completed session pending, and pays it on async_payment_succeeded', async () => {
    const orderId = await newOrder();
    const completed = await postStripe(checkoutEvent(orderId, { session: { payment_status: 'unpaid' } }));
    expect(completed.statusCode).toBe(200);
    expect(await orderStatus(orderId)).toBe('pending');
    const succeeded = await postStripe(checkoutEvent(orderId, { type: 'checkout.session.async_payment_succeeded' }));
    expect(succeeded.statusCode).toBe(200);
    expect(await orderStatus(orderId)).toBe('paid');
  });

  it('does not pay an order from a session of another amount (a cheap session naming an expensive order)', async () => {
    const orderId = await newOrder();
    const cheap = await postStripe(checkoutEvent(orderId, { session: { amount_total: 100 } }));
    expect(cheap.statusCode).toBe(200);
    expect(await orderStatus(orderId)).toBe('pending');
    const exact = await postStripe(checkoutEvent(orderId));
    expect(exact.statusCode).toBe(200);
    expect(await orderStatus(orderId)).toBe('paid');
  });

  it('acknowledges a session naming no existing order', async () => {
    const res = await postStripe(checkoutEvent('0190a000-0000-7000-8000-000000000000'));
    expect(res.statusCode).toBe(200);
    const unknown = await postStripe(checkoutEvent('', { session: { client_reference_id: null, metadata: { orderId: 'not-a-uuid' } } }));
    expect(unknown.statusCode).toBe(200);
    expect(calls.stripe).toBe(2);
  });

  it('finds the order through metadata.orderId too', async () => {
    const orderId = await newOrder();
    const res = await postStripe(checkoutEvent('', { session: { client_reference_id: null, metadata: { orderId } } }));
    expect(res.statusCode).toBe(200);
    expect(await orderStatus(orderId)).toBe('paid');
  });

  it('keeps the global rate limit on webhook routes', async () => {
    const res = await postStripe(checkoutEvent(await newOrder()));
    expect(res.headers['ratelimit-limit']).toBe('1000');
  });
});

describe('a failing handler', () => {
  it('rolls back its writes and the event record, answers 500, and a redelivery processes it', async () => {
    const orderId = await newOrder();
    const body = JSON.stringify({ id: `evt_flaky_${orderId}`, type: 'order.settled', data: { orderId } });
    const send = () => post('flaky', body, { 'stripe-signature': stripeSignature('whsec_flaky', body) });
    failFlaky = true;
    const failed = await send();
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ code: 'RAMPART_INTERNAL' });
    expect(failed.body).not.toContain('downstream outage');
    expect(await orderStatus(orderId)).toBe('pending');
    expect(await eventRows(`evt_flaky_${orderId}`)).toHaveLength(0);

    failFlaky = false;
    const retried = await send();
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ received: true });
    expect(await orderStatus(orderId)).toBe('paid');
    expect(calls.flaky).toBe(2);
    expect((await send()).json()).toEqual({ received: true, duplicate: true });
    expect(calls.flaky).toBe(2);
  });
});

describe('GitHub', () => {
  const push = JSON.stringify({ ref: 'refs/heads/main' });
  const headers = (delivery: string, body = push, event = 'push') => ({
    'x-hub-signature-256': githubSignature(githubSecret, body),
    'x-github-delivery': delivery,
    'x-github-event': event,
  });

  it('processes a signed delivery once per X-GitHub-Delivery', async () => {
    const delivery = `gh-${Date.now()}`;
    expect((await post('github', push, headers(delivery))).json()).toEqual({ received: true });
    expect((await post('github', push, headers(delivery))).json()).toEqual({ received: true, duplicate: true });
    expect((await post('github', push, headers(`${delivery}-2`))).json()).toEqual({ received: true });
    expect(calls.github).toBe(2);
  });

  it('refuses a bad or missing signature', async () => {
    expectSignatureProblem(await post('github', push, { ...headers('gh-bad'), 'x-hub-signature-256': githubSignature('wrong', push) }));
    expectSignatureProblem(await post('github', '{"ref":"refs/heads/evil"}', headers('gh-tampered')));
    const { 'x-hub-signature-256': _dropped, ...unsigned } = headers('gh-unsigned');
    expectSignatureProblem(await post('github', push, unsigned));
    expect(calls.github).toBe(0);
  });

  it('ignores events it does not declare, and refuses a delivery without an id', async () => {
    expect((await post('github', push, headers('gh-issue', push, 'issues'))).json()).toEqual({ received: true, ignored: true });
    const { 'x-github-delivery': _dropped, ...anonymous } = headers('x');
    const res = await post('github', push, anonymous);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RAMPART_VALIDATION');
    expect(calls.github).toBe(0);
  });
});

describe('Standard Webhooks', () => {
  const invoice = JSON.stringify({ type: 'invoice.paid', data: { amount: 1250 } });

  it('processes a signed message once per webhook-id', async () => {
    const id = `msg_${Date.now()}`;
    expect((await post('billing', invoice, standardHeaders(standardSecret, id, invoice))).json()).toEqual({ received: true });
    expect((await post('billing', invoice, standardHeaders(standardSecret, id, invoice))).json()).toEqual({ received: true, duplicate: true });
    expect(calls.standard).toBe(1);
  });

  it('refuses a bad, stale or missing signature', async () => {
    const other = generateWebhookSecret();
    expectSignatureProblem(await post('billing', invoice, standardHeaders(other, 'msg_bad', invoice)));
    const stale = standardHeaders(standardSecret, 'msg_stale', invoice, Math.floor(Date.now() / 1000) - 301);
    expectSignatureProblem(await post('billing', invoice, stale));
    const { 'webhook-signature': _dropped, ...unsigned } = standardHeaders(standardSecret, 'msg_unsigned', invoice);
    expectSignatureProblem(await post('billing', invoice, unsigned));
    expect(calls.standard).toBe(0);
  });

  it('validates the payload of a declared type', async () => {
    const bad = JSON.stringify({ type: 'invoice.paid', data: { amount: 'lots' } });
    const res = await post('billing', bad, standardHeaders(standardSecret, 'msg_invalid', bad));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.data.amount' })]);
    expect(calls.standard).toBe(0);
  });
});

describe('the orders resource', () => {
  it('starts a customer-created order unpaid, whatever the client sends', async () => {
    const register = await app.fastify.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `buyer-${Date.now()}@example.com`, password: 'buyer pass phrase 123' },
    });
    const token = register.json().data.accessToken;
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${token}` },
      payload: { reference: `self-paid-${Date.now()}`, amountTotal: '5.00', status: 'paid', checkoutSessionId: 'cs_forged' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ status: 'pending', checkoutSessionId: null });
  });
});

describe('startup and documentation', () => {
  it('refuses to start in production without the Stripe secret, naming the variable', async () => {
    await expect(
      createApp({
        webhooks: [stripeWebhook],
        resources: [orders],
        migrations: { dir: false },
        env: { NODE_ENV: 'production', JWT_SECRET: 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ', DATABASE_URL: 'sqlite::memory:' },
      }),
    ).rejects.toThrow(/RAMPART_CONFIG_INVALID: webhook "stripe": STRIPE_WEBHOOK_SECRET is not set/);
  });

  it('outside production, a webhook without its secret is served but refuses every delivery with 503 naming the variable', async () => {
    const unconfigured = await createApp({ webhooks: [stripeWebhook], resources: [orders], migrations: { dir: false }, env: { NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef' } });
    try {
      const res = await unconfigured.fastify.inject({ method: 'POST', url: '/api/v1/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, payload: '{}' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'RAMPART_UNAVAILABLE' });
      expect(res.json().detail).toContain('STRIPE_WEBHOOK_SECRET');
    } finally {
      await unconfigured.close();
    }
  });

  it('documents each webhook route in a valid OpenAPI document', async () => {
    const doc = (await app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    const operation = doc.paths['/api/v1/webhooks/stripe'].post;
    expect(operation.tags).toEqual(['webhooks']);
    expect(operation['x-rampart-access']).toBe('public');
    expect(operation.description).toContain('stripe-signature');
    expect(operation.description).toContain('checkout.session.completed');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/webhooks/github', '/api/v1/webhooks/billing', '/api/v1/webhooks/flaky']));
  });
});
