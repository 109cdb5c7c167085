import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { startReceiver, type Receiver } from '../src/webhooks/outbound/receiver-fixture.js';
import { killNow, post, startServer } from './support/processes.js';
import { until } from './support/until.js';

/*
 * Crash tests with real processes killed by SIGKILL, on the run's database (SQLite file
 * or PostgreSQL schema): committed work survives the kill and is finished after a
 * restart, a job killed mid-run runs again and completes once, and two instances share
 * a thousand jobs without running one twice or losing one.
 */

const fixture = 'test/fixtures/jobs-app.ts';
const children: ChildProcess[] = [];
let shared: TestDatabaseUrl | undefined;
let database: Database | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) await killNow(child);
  await database?.close();
  database = undefined;
  await receiver?.close();
  receiver = undefined;
  await shared?.drop();
  shared = undefined;
});

async function boot(env: Record<string, string> = {}) {
  shared ??= await createTestDatabaseUrl();
  const server = await startServer(fixture, { DATABASE_URL: shared.url, LOG_LEVEL: 'warn', ...env });
  children.push(server.child);
  database ??= openDatabase(shared.url);
  return server;
}


async function runs(phase: 'start' | 'done') {
  return database!.db.selectFrom('job_runs').select(['n', 'pid']).where('phase', '=', phase).execute();
}

async function jobs() {
  return database!.db.selectFrom('rampart_jobs').select(['status', 'attempts']).execute();
}


describe('crash recovery (SIGKILL)', () => {
  it("a committed write's jobs run after the process is killed and another starts", async () => {
    // A web-only instance: the jobs are committed, nobody runs them before the kill.
    const web = await boot({ JOBS_WORKER: 'false' });
    const res = await post(web.port, '/api/v1/work', { from: 0, count: 5 });
    expect(res.status).toBe(201);
    await killNow(web.child);
    expect((await jobs()).map((j) => j.status)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
    await boot();
    await until(async () => (await runs('done')).length === 5);
    expect((await runs('done')).map((r) => r.n).sort()).toEqual([0, 1, 2, 3, 4]);
    await until(async () => (await jobs()).every((j) => j.status === 'done'));
  }, 60_000);

  it('a job whose worker is killed mid-run is taken over after its lease and completes once', async () => {
    const first = await boot({ JOBS_LEASE_MS: '1000' });
    await post(first.port, '/api/v1/work', { from: 7, count: 1, sleepMs: 60_000 });
    await until(async () => (await runs('start')).length === 1);
    await killNow(first.child);
    const second = await boot({ JOBS_LEASE_MS: '1000' });
    await until(async () => (await runs('done')).length === 1);
    const starts = await runs('start');
    const dones = await runs('done');
    expect(starts.map((r) => r.pid)).toEqual([first.child.pid, second.child.pid]);
    expect(dones).toEqual([{ n: 7, pid: second.child.pid }]);
    await until(async () => (await jobs())[0]?.status === 'done');
    expect(await jobs()).toEqual([{ status: 'done', attempts: 2 }]);
  }, 60_000);

  it('two instances process 1,000 jobs: each runs exactly once, none is lost', async () => {
    const one = await boot();
    const two = await boot();
    const answers = await Promise.all([
      post(one.port, '/api/v1/work', { from: 0, count: 500 }),
      post(two.port, '/api/v1/work', { from: 500, count: 500 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    await until(async () => (await runs('done')).length >= 1000, 120_000);
    const dones = await runs('done');
    const starts = await runs('start');
    expect(dones).toHaveLength(1000);
    expect(starts).toHaveLength(1000);
    expect(new Set(dones.map((r) => r.n)).size).toBe(1000);
    // Both instances took part.
    expect(new Set(dones.map((r) => r.pid))).toEqual(new Set([one.child.pid, two.child.pid]));
    await until(async () => (await jobs()).every((j) => j.status === 'done'));
    expect((await jobs()).every((j) => j.attempts === 1)).toBe(true);
  }, 150_000);

  it('an outbox event committed but not delivered when the process is killed is delivered after restart, with the same webhook-id', async () => {
    receiver = await startReceiver();
    const admin = { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'correct horse battery staple', OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: 'true' };
    const web = await boot({ ...admin, JOBS_WORKER: 'false' });
    const login = await fetch(`http://127.0.0.1:${web.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD }),
    });
    const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
    const endpoint = await fetch(`http://127.0.0.1:${web.port}/api/v1/admin/webhook-endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['notes.created'] }),
    });
    expect(endpoint.status).toBe(201);
    expect((await post(web.port, '/api/v1/notes', { title: 'committed, then the process died' })).status).toBe(201);
    await killNow(web.child);
    const [pending] = await database!.db.selectFrom('rampart_webhook_deliveries').select(['event_id', 'status']).execute();
    expect(pending).toMatchObject({ status: 'pending' });
    expect(receiver.requests).toHaveLength(0);

    await boot(admin);
    await until(async () => receiver!.requests.length === 1);
    expect(receiver.requests[0]!.headers['webhook-id']).toBe(pending!.event_id);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'notes.created', data: { title: 'committed, then the process died' } });
  }, 60_000);

  it("the example killed during a burst of position creations keeps every committed position's volume change and job", async () => {
    shared = await createTestDatabaseUrl();
    const env = { DATABASE_URL: shared.url, LOG_LEVEL: 'warn', RATE_LIMIT_USER_PER_MINUTE: '100000' };
    const first = await startServer('examples/markets/app.ts', env);
    children.push(first.child);
    database = openDatabase(shared.url);
    const base = `http://127.0.0.1:${first.port}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${base}/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'burst@example.com', password: 'a long enough passphrase' }) });
    const auth = { ...json, authorization: `Bearer ${((await registered.json()) as { data: { accessToken: string } }).data.accessToken}` };
    const market = ((await (await fetch(`${base}/markets`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Burst' }) })).json()) as { data: { id: string } }).data;

    const answered: string[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/markets/${market.id}/positions`, { method: 'POST', headers: auth, body: JSON.stringify({ side: 'yes', amount: '1.25' }) });
          if (res.status === 201) answered.push(((await res.json()) as { data: { id: string } }).data.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, () => client());
    await until(async () => answered.length >= 60);
    await killNow(first.child);
    stop = true;
    await Promise.all(clients);

    const second = await startServer('examples/markets/app.ts', env);
    children.push(second.child);
    const positions = await database!.db.selectFrom('positions').select('id').execute();
    const stored = new Set(positions.map((p) => String(p.id)));
    // Every answered creation committed; a few more may have committed unanswered.
    expect(answered.every((id) => stored.has(id))).toBe(true);
    const volume = ((await (await fetch(`http://127.0.0.1:${second.port}/api/v1/markets/${market.id}`)).json()) as { data: { volume: string } }).data.volume;
    expect(volume).toBe((positions.length * 1.25).toFixed(2));
    // One index-market job for the market's creation, one per volume change; all run after the restart.
    await until(async () => {
      const rows = await database!.db.selectFrom('rampart_jobs').select('status').where('name', '=', 'index-market').execute();
      return rows.length === positions.length + 1 && rows.every((r) => r.status === 'done');
    }, 60_000);
  }, 120_000);
});
