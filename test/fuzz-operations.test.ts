import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import example from '../examples/markets/app.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { stripeSignature } from '../src/webhooks/inbound/signatures-fixture.js';
import { countFromEnv, seedFromEnv } from './support/fuzz/fuzz-settings.js';
import { operationRequest, operationsOf, undeclaredMethodRequest, type Caller, type FuzzRequest, type RequestContext } from './support/fuzz/operation-requests.js';
import { judge } from './support/fuzz/response-oracle.js';
import type { Schema } from './support/fuzz/schema-values.js';
import { LogCapture } from './support/log-capture.js';

/*
 * Fuzzes every operation the example app's own /openapi.json lists, as four callers
 * (anonymous, two users, an admin) and a forged token: values from each schema at its
 * bounds, wrong types, broken JSON, unknown fields, odd content types, bodies past the
 * limit, hostile strings. Every answer must be a status the document declares for the
 * operation (the rule is in support/fuzz/response-oracle.ts), never a 5xx, and every
 * error a Problem Details document. See docs/testing.md.
 *
 * RAMPART_FUZZ_RUNS sets the number of requests (5,000 in CI, 500 otherwise),
 * RAMPART_FUZZ_SEED replays a run.
 */

const runs = countFromEnv('RAMPART_FUZZ_RUNS', { ci: 5000, local: 500 });
const seed = seedFromEnv();
const stripeSecret = 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=';
const admin = { email: 'root@example.com', password: 'the admin has a long passphrase' };

let database: TestDatabaseUrl;
let app: RampartApp;
const tokens: Partial<Record<Caller, string>> = {};
// Ids of records that exist, by the collection path that serves them: path parameters
// and references drawn from these reach real rows.
const ids = new Map<string, string[]>();
// A field or parameter named like a collection (`market`, `customer`) takes its ids.
const idsFor = (name?: string) => {
  const named = name && [...ids].find(([collection]) => collection.endsWith(`/${name}s`));
  return named ? named[1] : [...ids.values()].flat();
};

const inject = (request: { method: string; url: string; headers?: Record<string, string>; payload?: string }) =>
  app.fastify.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });

async function call(caller: Caller, method: string, url: string, body?: unknown) {
  const res = await inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...(tokens[caller] ? { authorization: `Bearer ${tokens[caller]}` } : {}) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} as ${caller}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : (res.json() as { data: Record<string, unknown> & { id: string } });
}

/** Keeps the ids an answer names, under the collection they belong to. */
function remember(url: string, answer: { body: string; headers: Record<string, unknown> }): void {
  const location = answer.headers.location;
  // A created record names its own collection; a list's items belong to the listed path,
  // but for an endpoint's deliveries, which are served under their own.
  const collection =
    typeof location === 'string'
      ? location.replace(/\/[^/]+$/, '')
      : url.split('?')[0]!.replace(/\/webhook-endpoints\/[^/]+\/deliveries$/, '/webhook-deliveries');
  try {
    const data = (JSON.parse(answer.body) as { data?: unknown }).data;
    // One record read or changed at its own URL: already known under its collection.
    if (!Array.isArray(data) && typeof location !== 'string') return;
    const list = ids.get(collection) ?? ids.set(collection, []).get(collection)!;
    for (const item of Array.isArray(data) ? data : [data]) {
      const id = (item as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && !list.includes(id)) list.push(id);
    }
    if (list.length > 100) list.splice(0, list.length - 100);
  } catch {
    // not JSON: nothing to remember
  }
}

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  app = await createApp({
    ...example,
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      STRIPE_WEBHOOK_SECRET: stripeSecret,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // The budgets are tested elsewhere; here they would turn most answers into 429s.
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      // Low, so that bodies past it cost little to send.
      BODY_LIMIT: '65536',
      // No deliveries to the fuzzed endpoints' URLs, no jobs changing rows under the fuzzer.
      JOBS_WORKER: 'false',
    },
  });
  for (const [caller, email] of [['user', 'user@example.com'], ['other', 'other@example.com']] as const) {
    const registered = await call('anonymous', 'POST', '/api/v1/auth/register', { email, password: `${caller} has a long passphrase` });
    tokens[caller] = registered!.data.accessToken as string;
  }
  tokens.admin = (await call('anonymous', 'POST', '/api/v1/auth/login', admin))!.data.accessToken as string;
  await call('admin', 'POST', '/api/v1/admin/webhook-endpoints', { url: 'https://hooks.example.com/in', eventTypes: ['*'] });
  for (const caller of ['user', 'other', 'admin'] as const) {
    for (let i = 0; i < 2; i++) {
      const market = await call(caller, 'POST', '/api/v1/markets', { name: `${caller} market ${i}`, endsAt: '2030-01-01T00:00:00Z' });
      await call(caller, 'POST', `/api/v1/markets/${market!.data.id}/positions`, { side: 'yes', amount: '2.50' });
      await call(caller, 'POST', '/api/v1/posts', { title: `${caller} post ${i}`, body: 'text' });
      await call(caller, 'POST', '/api/v1/orders', { reference: `${caller}-order-${i}`, amountTotal: '12.50' });
    }
  }
  // Every kind of record: resources, users, jobs, endpoints and their deliveries.
  for (const url of ['/api/v1/markets', '/api/v1/posts', '/api/v1/admin/users', '/api/v1/admin/jobs', '/api/v1/admin/webhook-endpoints']) {
    remember(url, await inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.admin}` } }));
  }
  for (const caller of ['user', 'other'] as const) {
    for (const url of ['/api/v1/positions', '/api/v1/orders']) {
      remember(url, await inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[caller]}` } }));
    }
  }
  const endpoints = (await call('admin', 'GET', '/api/v1/admin/webhook-endpoints')) as unknown as { data: { id: string }[] };
  for (const e of endpoints.data) {
    const url = `/api/v1/admin/webhook-endpoints/${e.id}/deliveries`;
    remember(url, await inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.admin}` } }));
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

/** A Stripe event for the example's handler, signed (mostly) with the app's secret. */
function stripeEvents(context: RequestContext) {
  const event = fc.record({
    id: fc.oneof(fc.constantFrom('evt_1', 'evt_2'), fc.string({ maxLength: 30 })),
    type: fc.constantFrom('checkout.session.completed', 'checkout.session.async_payment_succeeded', 'charge.refunded', ''),
    data: fc.record({
      object: fc.record({
        id: fc.string({ maxLength: 300 }),
        client_reference_id: fc.oneof(fc.constant(null), fc.constant(undefined), fc.constant(null).chain(() => fc.constantFrom(...context.idsUnder('/api/v1/orders'))), fc.string()),
        payment_status: fc.constantFrom('paid', 'unpaid', 'no_payment_required', 'refunded'),
        amount_total: fc.oneof(fc.constantFrom(1250, 0, -1, 1.5, null), fc.integer()),
      }),
    }),
  });
  return fc.tuple(event, fc.boolean()).map(([value, good]) => {
    const payload = JSON.stringify(value);
    const signature = good ? stripeSignature(stripeSecret, payload) : stripeSignature('whsec_wrong', payload);
    return { payload, headers: { 'stripe-signature': signature } };
  });
}

/*
 * Answers the fuzzer found that the document does not declare, reported for a fix in
 * src/ and left out here, each by its exact operation, status and code, so that
 * anything else still fails the suite. Remove an entry once its fix lands.
 */
const knownGaps: { operations: string[]; status: number; code: string; why: string }[] = [];

function knownGap(request: FuzzRequest, answer: { statusCode: number; body: string }): boolean {
  if (!request.operation) return false;
  const operation = `${request.method} ${request.operation.path}`;
  let code: string | undefined;
  try {
    code = (JSON.parse(answer.body) as { code?: string }).code;
  } catch {
    return false;
  }
  return knownGaps.some((gap) => gap.status === answer.statusCode && gap.code === code && gap.operations.includes(operation));
}

interface Finding {
  problem: string;
  request: FuzzRequest;
  status: number;
  requestId: unknown;
  body: string;
  run: number;
  count: number;
}

describe(`fuzzing every operation of the example's OpenAPI document (${runs} requests, seed ${seed})`, () => {
  it('answers every request with a declared status, never a 5xx, and every error as Problem Details', async () => {
    const document = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const { operations, undeclared } = operationsOf(document);
    const context: RequestContext = {
      components: document.components.schemas as Record<string, Schema>,
      ids: idsFor,
      idsUnder: (collection) => ids.get(collection) ?? [],
      tokens,
    };
    context.bodies = { 'post /api/v1/webhooks/stripe': stripeEvents(context) };
    const requests = fc.oneof(
      {
        // Health and metrics less often: they take no input, and /metrics costs a full collection.
        arbitrary: fc.oneof(...operations.map((op) => ({ arbitrary: operationRequest(op, context), weight: op.path.startsWith('/api/') ? 3 : 1 }))),
        weight: 30,
      },
      { arbitrary: fc.oneof(...undeclared.map((target) => undeclaredMethodRequest(target, context))), weight: 1 },
    );

    const findings = new Map<string, Finding>();
    const seen = new Map<string, Map<number, number>>();
    let run = 0;
    const time = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        run++;
        const started = performance.now();
        const answer = await inject(request);
        const key = request.operation ? `${request.method} ${request.operation.path}` : `${request.method} (undeclared)`;
        time.set(key, (time.get(key) ?? 0) + performance.now() - started);
        const statuses = seen.get(key) ?? seen.set(key, new Map()).get(key)!;
        statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
        if (answer.statusCode < 300) remember(request.url, answer);
        const problem = judge(request, answer);
        if (!problem || knownGap(request, answer)) return;
        const found = findings.get(`${key}: ${problem}`);
        if (found) found.count++;
        else findings.set(`${key}: ${problem}`, { problem, request, status: answer.statusCode, requestId: answer.headers['x-request-id'], body: answer.body.slice(0, 300), run, count: 1 });
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );

    // Every operation was reached, and most answered something other than a refusal.
    expect(run).toBe(runs);
    if (runs >= 2000) expect([...seen.keys()].filter((k) => !k.includes('undeclared'))).toHaveLength(operations.length);
    const report = [...findings.entries()].map(
      ([key, f]) =>
        `${key} (x${f.count}, first at run ${f.run}, as ${f.request.caller})\n  ${f.request.method} ${f.request.url.slice(0, 300)}\n` +
        `  headers ${JSON.stringify(f.request.headers).slice(0, 300)}\n  body ${JSON.stringify(f.request.payload?.slice(0, 300))}\n  -> ${f.status} (X-Request-ID ${String(f.requestId)}) ${f.body}`,
    );
    if (process.env.RAMPART_FUZZ_VERBOSE) console.log(`answering: ${[...time.values()].reduce((a, b) => a + b, 0).toFixed(0)} ms in all`);
    if (process.env.RAMPART_FUZZ_VERBOSE) console.log([...time].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join('\n'));
    if (process.env.RAMPART_FUZZ_VERBOSE) console.log([...seen].map(([k, s]) => `${k}: ${[...s].sort().map(([c, n]) => `${c}x${n}`).join(' ')}`).sort().join('\n'));
    expect(report, `fuzz findings (replay with RAMPART_FUZZ_SEED=${seed} RAMPART_FUZZ_RUNS=${runs})`).toEqual([]);
  }, 240_000);
});
