import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { exited, freePort, startServer } from './support/processes.js';
import { needRedis, redisUrl, uniquePrefix } from './support/redis.js';

/*
 * The scale path end to end (the postgres project only): real app processes of the
 * markets example sharing one PostgreSQL schema and one Redis, as instances behind a
 * load balancer would. PostgreSQL faults come from a TCP relay of the test's own, which
 * can be cut and restored without touching the server other tests share.
 */

const hasRedis = await needRedis('the multi-instance tests need it');
const secret = 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ';
// The example's Stripe webhook needs its secret in production.
const stripeSecret = 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=';

interface Instance {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function stop(instance: Instance): Promise<void> {
  instance.child.kill('SIGTERM');
  await exited(instance.child);
}

async function call(port: number, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A TCP relay to PostgreSQL that can be cut (refusing and dropping connections) and restored. */
async function postgresRelay(): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(5432, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  await listen();
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    restore: listen,
  };
}

describe.runIf(hasRedis)('two instances on PostgreSQL and Redis', () => {
  let database: TestDatabaseUrl;
  let a: Instance;
  let b: Instance;
  const env = () => ({
    NODE_ENV: 'production',
    JWT_SECRET: secret,
    STRIPE_WEBHOOK_SECRET: stripeSecret,
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: uniquePrefix('scale'),
    RATE_LIMIT_IP_PER_MINUTE: '60',
  });

  beforeAll(async () => {
    database = await createTestDatabaseUrl('postgres');
    const shared = env();
    // Both at the same moment, on an empty schema.
    [a, b] = await Promise.all([
      startServer('examples/markets/app.ts', shared),
      startServer('examples/markets/app.ts', shared),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stop));
    await database.drop();
  });

  it('applied the migrations exactly once and both serve', async () => {
    const applied = [a, b].filter((i) => /applied migration \d{14}_/.test(i.output()));
    expect(applied).toHaveLength(1);
    const check = openDatabase(database.url);
    try {
      const rows = await check.db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
      // Each of the example's migration files, once.
      const files = readdirSync('examples/markets/migrations').map((f) => f.replace(/\.json$/, '')).sort();
      expect(rows.map((r) => r.name)).toEqual(files);
    } finally {
      await check.close();
    }
    expect((await call(a.port, 'GET', '/health/ready')).status).toBe(200);
    expect((await call(b.port, 'GET', '/health/ready')).body).toMatchObject({ checks: { database: 'ok', redis: 'ok' } });
  });

  it('sees a write through one instance in the next read through the other', async () => {
    const session = await call(a.port, 'POST', '/api/v1/auth/register', {
      body: { email: 'maker@example.com', password: 'a long enough passphrase' },
    });
    expect(session.status).toBe(201);
    const token = session.body.data.accessToken as string;
    const created = await call(a.port, 'POST', '/api/v1/markets', { token, body: { name: 'Rain in Paris' } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    // Read twice through b, so a cache there holds the item and the list.
    for (let i = 0; i < 2; i++) {
      expect((await call(b.port, 'GET', `/api/v1/markets/${id}`)).body.data.name).toBe('Rain in Paris');
      expect((await call(b.port, 'GET', '/api/v1/markets?q=paris')).body.data).toHaveLength(1);
    }
    expect((await call(a.port, 'PATCH', `/api/v1/markets/${id}`, { token, body: { name: 'Snow in Oslo' } })).status).toBe(200);
    expect((await call(b.port, 'GET', `/api/v1/markets/${id}`)).body.data.name).toBe('Snow in Oslo');
    expect((await call(b.port, 'GET', '/api/v1/markets?q=paris')).body.data).toHaveLength(0);
    expect((await call(b.port, 'GET', '/api/v1/markets?q=oslo')).body.data).toHaveLength(1);
  });

  it('counts one per-address budget across both instances', async () => {
    // The budget is 60 a minute for 127.0.0.1, already partly spent above; 80 more requests
    // split over both must meet 429s, which two separate budgets of 60 would never give.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await call(a.port, 'GET', '/api/v1/markets')).status);
      statuses.push((await call(b.port, 'GET', '/api/v1/markets')).status);
    }
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeLessThanOrEqual(60);
    expect(statuses.filter((s) => s === 429).length).toBe(80 - ok);
    const limited = await call(b.port, 'GET', '/api/v1/markets');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('PostgreSQL unreachable', () => {
  let database: TestDatabaseUrl;
  let relay: Awaited<ReturnType<typeof postgresRelay>>;
  let app: Instance;

  beforeAll(async () => {
    database = await createTestDatabaseUrl('postgres');
    relay = await postgresRelay();
    const url = new URL(database.url);
    url.port = String(relay.port);
    app = await startServer('examples/markets/app.ts', {
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      STRIPE_WEBHOOK_SECRET: stripeSecret,
      DATABASE_URL: url.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await stop(app);
    await relay.cut();
    await database.drop();
  });

  it('answers 503 problems at once while the database is gone, and recovers without a restart', async () => {
    expect((await call(app.port, 'GET', '/api/v1/markets')).status).toBe(200);
    await relay.cut();

    const ready = await call(app.port, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'RAMPART_UNAVAILABLE' });
    // Markets are cached (examples/markets/resources.ts) and a cached answer is still
    // served; posts are not, so this read reaches the database.
    const list = await call(app.port, 'GET', '/api/v1/posts');
    expect(list.status).toBe(503);
    expect(list.headers.get('content-type')).toContain('application/problem+json');
    expect(list.body).toMatchObject({ code: 'RAMPART_UNAVAILABLE', status: 503 });
    expect(list.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(list.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|pg/);

    await relay.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call(app.port, 'GET', '/api/v1/posts')).status;
    }
    expect(status).toBe(200);
    expect((await call(app.port, 'GET', '/health/ready')).status).toBe(200);
  });
});
