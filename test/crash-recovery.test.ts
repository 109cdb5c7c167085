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
 * a thousand jobs without running one twice or losing one. The example app killed
 * during concurrent writes, round after round, is test/crash-loop.test.ts.
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
});
