import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp, createJobs, type RampartApp } from 'rampart';
import { openDatabase, type Database } from '../src/db/database.js';
import { adminQuery, createTestDatabaseUrl, testDialect, testPostgresUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { JobStore } from '../src/jobs/job-store.js';
import { stripeSignature } from '../src/webhooks/inbound/signatures-fixture.js';
import { startReceiver, type Receiver } from '../src/webhooks/outbound/receiver-fixture.js';
import { LogCapture } from './support/log-capture.js';
import { killNow, startServer } from './support/processes.js';
import { until } from './support/until.js';

/*
 * Webhook guarantees through real processes on the run's database (SQLite file or
 * PostgreSQL schema): one Stripe event sent at once to two instances of the example acts
 * once; outbound deliveries saved while private targets were allowed are refused, after
 * DNS, by an instance where they are not, without a single connection; and on PostgreSQL
 * a job enqueued by a web-only instance wakes a worker elsewhere through NOTIFY, not by
 * polling.
 *
 * Not here: a receiver answering 302 to a loopback URL. Reaching that receiver at all
 * needs OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=true (it runs on loopback), and then loopback is
 * allowed anyway, so a process-level test could not tell "redirect not followed" from
 * "redirect followed to an allowed address". The redirect rule is tested at unit level
 * (src/webhooks/outbound/safe-request.test.ts, "does not follow a redirect to loopback":
 * a 3xx is a failed attempt and its Location is never requested).
 */

const example = 'examples/markets/app.ts';
const stripeSecret = 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=';
const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ',
  STRIPE_WEBHOOK_SECRET: stripeSecret,
  LOG_LEVEL: 'info',
};
const admin = { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'correct horse battery staple' };

const children: ChildProcess[] = [];
const apps: RampartApp[] = [];
let shared: TestDatabaseUrl | undefined;
let database: Database | undefined;
let receiver: Receiver | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) await killNow(child);
  for (const app of apps.splice(0)) await app.close();
  await database?.close();
  database = undefined;
  await receiver?.close();
  receiver = undefined;
  await shared?.drop();
  shared = undefined;
  await dropDatabase?.();
  dropDatabase = undefined;
});


async function boot(env: Record<string, string>) {
  shared ??= await createTestDatabaseUrl();
  const server = await startServer(example, { ...production, DATABASE_URL: shared.url, ...env });
  children.push(server.child);
  database ??= openDatabase(shared.url);
  return server;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function call(port: number, method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

async function session(port: number, path: 'register' | 'login', credentials: { email: string; password: string }): Promise<string> {
  const res = await call(port, 'POST', `/api/v1/auth/${path}`, { body: credentials });
  expect(res.status, JSON.stringify(res.body)).toBe(path === 'register' ? 201 : 200);
  return res.body.data.accessToken as string;
}

describe('inbound: one Stripe event sent to two instances', () => {
  async function newOrder(port: number, token: string, reference: string): Promise<string> {
    const res = await call(port, 'POST', '/api/v1/orders', { token, body: { reference, amountTotal: '25.00' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.status).toBe('pending');
    return res.body.data.id as string;
  }

  // As Stripe sends it: the order's id as client_reference_id, the amount in cents.
  function checkoutEvent(orderId: string): { id: string; body: string } {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const body = JSON.stringify({
      id,
      object: 'event',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_test_${randomBytes(12).toString('hex')}`,
          object: 'checkout.session',
          client_reference_id: orderId,
          payment_status: 'paid',
          amount_total: 2500,
          currency: 'usd',
        },
      },
    });
    return { id, body };
  }

  const postStripe = (port: number, body: string, signature: string) =>
    call(port, 'POST', '/api/v1/webhooks/stripe', { raw: body, headers: { 'stripe-signature': signature } });

  const eventRows = (eventId: string) => database!.db.selectFrom('rampart_webhook_events').selectAll().where('event_id', '=', eventId).execute();

  async function orderStatus(port: number, token: string, id: string): Promise<string> {
    const res = await call(port, 'GET', `/api/v1/orders/${id}`, { token });
    expect(res.status).toBe(200);
    return res.body.data.status as string;
  }

  it('acts once on concurrent copies across both instances and on a later redelivery; a badly signed or stale one gets 400', async () => {
    // One after the other, so the first applies the migrations and the second finds them.
    const one = await boot({});
    const two = await boot({});
    const token = await session(one.port, 'register', { email: 'buyer@example.com', password: 'a long enough passphrase' });
    const orderId = await newOrder(two.port, token, 'order-1');

    const event = checkoutEvent(orderId);
    const signature = stripeSignature(stripeSecret, event.body);
    const ports = [one.port, two.port, one.port, two.port, one.port, two.port];
    const answers = await Promise.all(ports.map((port) => postStripe(port, event.body, signature)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const bodies = answers.map((a) => a.body);
    expect(bodies.filter((b) => JSON.stringify(b) === JSON.stringify({ received: true }))).toHaveLength(1);
    expect(bodies.filter((b) => JSON.stringify(b) === JSON.stringify({ received: true, duplicate: true }))).toHaveLength(5);

    // Stripe signs each redelivery afresh: the event id, not the signature, says "seen".
    const later = await postStripe(two.port, event.body, stripeSignature(stripeSecret, event.body, { timestamp: Math.floor(Date.now() / 1000) + 1 }));
    expect(later).toMatchObject({ status: 200, body: { received: true, duplicate: true } });

    expect(await orderStatus(one.port, token, orderId)).toBe('paid');
    const rows = await eventRows(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ webhook: 'stripe', type: 'checkout.session.completed' });
    // The handler ran in exactly one of the two processes.
    const logged = (pattern: RegExp) => [one, two].reduce((n, s) => n + (s.output().match(pattern)?.length ?? 0), 0);
    // Log lines reach stdout in batches, each at the end of its event loop turn.
    await until(() => logged(/"msg":"webhook event already processed"/g) >= 6, 5000, 'six "already processed" lines');
    expect(logged(/"msg":"webhook event processed"/g)).toBe(1);
    expect(logged(/"msg":"webhook event already processed"/g)).toBe(6);

    // Badly signed (another secret) and stale (right secret, ten minutes old): refused, not recorded.
    const second = await newOrder(one.port, token, 'order-2');
    const unpaid = checkoutEvent(second);
    const forged = await postStripe(two.port, unpaid.body, stripeSignature('whsec_not-the-secret-0123456789', unpaid.body));
    const stale = await postStripe(one.port, unpaid.body, stripeSignature(stripeSecret, unpaid.body, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    for (const refused of [forged, stale]) {
      expect(refused.status).toBe(400);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'RAMPART_WEBHOOK_SIGNATURE' });
    }
    expect(await eventRows(unpaid.id)).toHaveLength(0);
    expect(await orderStatus(two.port, token, second)).toBe('pending');
    // The same event correctly signed is processed: the 400s were the signature's.
    expect(await postStripe(two.port, unpaid.body, stripeSignature(stripeSecret, unpaid.body))).toMatchObject({ status: 200, body: { received: true } });
    expect(await orderStatus(one.port, token, second)).toBe('paid');
  }, 90_000);
});

describe('outbound: SSRF through a real process', () => {
  it('refuses, after DNS and without connecting, endpoints on loopback and private addresses once private targets are no longer allowed', async () => {
    receiver = await startReceiver();
    // Saved while allowed (local development), by a web-only instance that sends nothing.
    const first = await boot({ ...admin, OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: 'true', JOBS_WORKER: 'false' });
    const token = await session(first.port, 'login', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD });
    const targets = {
      loopback: `http://127.0.0.1:${receiver.port}/hook`,
      // A name, not a literal: only the check after DNS resolution can refuse it.
      loopbackName: `http://localhost:${receiver.port}/hook`,
      private: 'http://10.0.0.1/hook',
    };
    const endpoints = new Map<string, keyof typeof targets>();
    for (const [name, url] of Object.entries(targets) as [keyof typeof targets, string][]) {
      const res = await call(first.port, 'POST', '/api/v1/admin/webhook-endpoints', { token, body: { url, eventTypes: ['markets.*'] } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      endpoints.set(res.body.data.id as string, name);
    }
    // The metadata service is link-local, refused even with private targets allowed.
    const metadata = await call(first.port, 'POST', '/api/v1/admin/webhook-endpoints', {
      token,
      body: { url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['markets.*'] },
    });
    expect(metadata.status).toBe(400);
    expect(JSON.stringify(metadata.body)).toContain('linkLocal');
    await killNow(first.child);

    // The default: private targets refused. This instance runs the delivery jobs.
    const second = await boot({ ...admin, JOBS_WORKER: 'true' });
    for (const url of Object.values(targets)) {
      const res = await call(second.port, 'POST', '/api/v1/admin/webhook-endpoints', { token, body: { url, eventTypes: ['markets.*'] } });
      expect(res.status, `${url} saved without OUTBOUND_WEBHOOKS_ALLOW_PRIVATE`).toBe(400);
    }
    const market = await call(second.port, 'POST', '/api/v1/markets', { token, body: { name: 'Will the guard hold?' } });
    expect(market.status).toBe(201);

    const deliveries = () => database!.db.selectFrom('rampart_webhook_deliveries').selectAll().execute();
    await until(async () => {
      const rows = await deliveries();
      return rows.length === endpoints.size && rows.every((r) => Number(r.attempts) >= 1);
    }, 30_000, 'a first attempt of every delivery');

    expect(receiver.connections()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    const expected: Record<keyof typeof targets, RegExp> = {
      loopback: /^127\.0\.0\.1 is a loopback address/,
      loopbackName: /\(resolved from localhost\) is a loopback address/,
      private: /^10\.0\.0\.1 is a private address/,
    };
    for (const row of await deliveries()) {
      const name = endpoints.get(String(row.endpoint_id))!;
      expect(row.event_type).toBe('markets.created');
      expect(row.status, name).not.toBe('delivered');
      expect(row.delivered_at, name).toBeNull();
      expect(row.last_status_code, name).toBeNull();
      expect(String(row.last_error), name).toMatch(expected[name]);
    }
  }, 90_000);
});

describe('jobs: LISTEN/NOTIFY between instances', () => {
  it.skipIf(testDialect() !== 'postgres')('a job enqueued by a web-only instance wakes a worker in another within ~2 s, which a 60 s poll cannot explain', async () => {
    // A database of its own: the notification channel is per database, and other test
    // files' instances (other schemas of the shared one) would wake the worker too.
    const name = `rampart_listen_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;

    const ran: { n: number; at: number }[] = [];
    const jobs = createJobs().define('ping', {
      payload: z.object({ n: z.int() }),
      handler: async ({ n }) => {
        ran.push({ n, at: Date.now() });
      },
    });
    const start = async (worker: boolean) => {
      const app = await createApp({
        migrations: { dir: false },
        jobs,
        jobOptions: { pollMs: 60_000 },
        logStream: new LogCapture(),
        env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: url.toString(), JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef', JOBS_WORKER: String(worker) },
      });
      apps.push(app);
      return app;
    };
    const web = await start(false);
    const worker = await start(true);
    // The worker looks for jobs once at start (and once its LISTEN is up); then it sleeps
    // for the poll interval.
    await sleep(500);

    // Control: a job inserted without a notification stays queued, so nothing but a
    // notification can wake this worker in the next seconds.
    await new JobStore(worker.database).insert({ name: 'ping', payload: { n: 0 }, maxAttempts: 1 });
    await sleep(1500);
    expect(ran).toEqual([]);

    const enqueuedAt = Date.now();
    await web.jobs.enqueue('ping', { n: 1 });
    await until(() => ran.length === 2, 2000, 'both jobs run after the notification');
    expect(ran.map((r) => r.n).sort()).toEqual([0, 1]);
    expect(Math.max(...ran.map((r) => r.at)) - enqueuedAt).toBeLessThan(2000);
    const rows = await worker.database.db.selectFrom('rampart_jobs').select(['status', 'attempts']).execute();
    expect(rows).toEqual([{ status: 'done', attempts: 1 }, { status: 'done', attempts: 1 }]);
  }, 30_000);
});
