import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp, createJobs, type RampartApp } from 'rampart';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { JobScheduler } from '../src/jobs/job-scheduler.js';
import { JobStore } from '../src/jobs/job-store.js';
import { LogCapture } from './support/log-capture.js';
import { publicResources } from './support/test-app.js';

/*
 * Background jobs on a real database (SQLite file or PostgreSQL schema), through real
 * apps: enqueue inside and outside transactions, retries and dead jobs, admin retry,
 * lease recovery, keys, timeouts, concurrency, schedules, metrics, shutdown, and two
 * instances sharing one queue.
 */

const fast = { leaseMs: 400, pollMs: 40 };
const opened: { app: RampartApp }[] = [];
const databases: TestDatabaseUrl[] = [];

async function start(jobs: ReturnType<typeof createJobs>, shared?: TestDatabaseUrl, env: Record<string, string> = {}) {
  const database = shared ?? (await createTestDatabaseUrl());
  if (!shared) databases.push(database);
  const logs = new LogCapture();
  const r = publicResources();
  const app = await createApp({
    resources: [r.markets, r.positions, r.posts],
    migrations: { dir: false },
    logStream: logs,
    jobs,
    jobOptions: fast,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'correct horse battery staple', JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef', ...env },
  });
  opened.push({ app });
  return { app, logs, database, markets: r.markets };
}

afterEach(async () => {
  for (const { app } of opened.splice(0)) await app.close();
  for (const database of databases.splice(0)) await database.drop();
});

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function jobRows(app: RampartApp) {
  return app.db.selectFrom('rampart_jobs').selectAll().orderBy('id').execute();
}

async function adminToken(app: RampartApp): Promise<string> {
  const res = await app.fastify.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'root@example.com', password: 'correct horse battery staple' },
    remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  });
  return (res.json() as { data: { accessToken: string } }).data.accessToken;
}

describe('jobs', () => {
  it('runs an enqueued job once with its validated payload, and refuses an invalid payload or unknown name at enqueue', async () => {
    const seen: unknown[] = [];
    const jobs = createJobs().define('greet', {
      payload: z.object({ name: z.string().min(1) }),
      handler: async (payload, ctx) => {
        seen.push({ payload, attempt: ctx.job.attempt });
      },
    });
    const { app } = await start(jobs);
    const job = await app.jobs.enqueue('greet', { name: 'Ada' });
    expect(job.created).toBe(true);
    await until(() => jobRows(app), (rows) => rows[0]?.status === 'done');
    expect(seen).toEqual([{ payload: { name: 'Ada' }, attempt: 1 }]);
    await expect(app.jobs.enqueue('greet', { name: '' })).rejects.toThrow(/invalid payload/);
    await expect(app.jobs.enqueue('nope', {})).rejects.toThrow(/no job named "nope"/);
    expect(await jobRows(app)).toHaveLength(1);
  });

  it('a job enqueued in a transaction exists exactly when the transaction commits', async () => {
    const ran: string[] = [];
    const jobs = createJobs().define('note', { payload: z.object({ n: z.string() }), handler: ({ n }) => void ran.push(n) });
    const { app, markets } = await start(jobs);
    await expect(
      app.db.transaction(async (trx) => {
        await app.records(markets, trx).create({ name: 'rolled back' });
        await app.jobs.enqueue('note', { n: 'rolled back' }, { trx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await app.db.transaction(async (trx) => {
      await app.records(markets, trx).create({ name: 'kept' });
      await app.jobs.enqueue('note', { n: 'kept' }, { trx });
      // Not visible outside the transaction before the commit.
      if (app.database.dialect === 'postgres') expect(await jobRows(app)).toHaveLength(0);
    });
    await until(() => jobRows(app), (rows) => rows.length === 1 && rows[0]?.status === 'done');
    expect(ran).toEqual(['kept']);
    const names = (await app.records(markets).list()).records.map((m) => m.name);
    expect(names).toEqual(['kept']);
  });

  it('retries with backoff, then a dead job is listed for admins, who can retry it to success', async () => {
    let calls = 0;
    let heal = false;
    const buried: unknown[] = [];
    const jobs = createJobs().define('flaky', {
      payload: z.object({}),
      onDead: (payload, error) => void buried.push({ payload, error }),
      retries: 2,
      backoff: { baseMs: 30, maxMs: 60 },
      handler: () => {
        calls += 1;
        if (!heal) throw new Error(`failure ${calls}`);
      },
    });
    const { app } = await start(jobs);
    const { id } = await app.jobs.enqueue('flaky', {});
    const [dead] = await until(() => jobRows(app), (rows) => rows[0]?.status === 'dead' && buried.length === 1);
    expect(calls).toBe(3);
    expect(dead).toMatchObject({ attempts: 3, max_attempts: 3, last_error: 'failure 3' });
    expect(buried).toEqual([{ payload: {}, error: 'failure 3' }]);

    const token = await adminToken(app);
    const auth = { authorization: `Bearer ${token}` };
    const listed = await app.fastify.inject({ method: 'GET', url: '/api/v1/admin/jobs?status=dead', headers: auth });
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { data: { id: string }[] }).data.map((j) => j.id)).toEqual([id]);
    const anonymous = await app.fastify.inject({ method: 'GET', url: '/api/v1/admin/jobs' });
    expect(anonymous.statusCode).toBe(401);

    heal = true;
    const retried = await app.fastify.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth });
    expect(retried.statusCode).toBe(200);
    await until(() => jobRows(app), (rows) => rows[0]?.status === 'done');
    expect(calls).toBe(4);
    const again = await app.fastify.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RAMPART_JOB_NOT_RETRYABLE' });
  });

  it('recovers a job whose worker died once its lease has expired', async () => {
    const ran: number[] = [];
    const jobs = createJobs().define('orphan', { payload: z.object({}), handler: (_p, ctx) => void ran.push(ctx.job.attempt) });
    const { app } = await start(jobs, undefined, { JOBS_WORKER: 'false' });
    const { id } = await app.jobs.enqueue('orphan', {});
    // What a worker killed mid-run leaves behind: running, under a lease nobody renews.
    const lease = (until: number) =>
      app.db
        .updateTable('rampart_jobs')
        .set({ status: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: new Date(until).toISOString() })
        .where('id', '=', id)
        .execute();
    await lease(Date.now() + 60_000);
    const worker = await start(jobs, databases[0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A valid lease is respected...
    expect(ran).toEqual([]);
    // ...and an expired one is taken over.
    await lease(Date.now() - 1);
    const [row] = await until(() => jobRows(worker.app), (rows) => rows[0]?.status === 'done');
    expect(ran).toEqual([2]);
    expect(row).toMatchObject({ attempts: 2, locked_by: null });
  });

  it('a job whose worker died during its last attempt is dead when reclaimed, without running again, and onDead hears of it', async () => {
    const ran: number[] = [];
    const buried: string[] = [];
    const jobs = createJobs().define('last', {
      payload: z.object({}),
      retries: 0,
      onDead: (_payload, error) => void buried.push(error),
      handler: (_p, ctx) => void ran.push(ctx.job.attempt),
    });
    const { app } = await start(jobs, undefined, { JOBS_WORKER: 'false' });
    const { id } = await app.jobs.enqueue('last', {});
    await app.db
      .updateTable('rampart_jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: new Date(Date.now() - 1).toISOString() })
      .where('id', '=', id)
      .execute();
    const worker = await start(jobs, databases[0]);
    // onDead runs after the row is marked dead: wait for both, or a poll between them fails the test.
    const [row] = await until(() => jobRows(worker.app), (rows) => rows[0]?.status === 'dead' && buried.length === 1);
    expect(ran).toEqual([]);
    expect(row?.last_error).toMatch(/lease expired/);
    expect(buried).toHaveLength(1);
  });

  it('a key makes enqueueing idempotent', async () => {
    const jobs = createJobs().define('once', { payload: z.object({ v: z.int() }), handler: () => undefined });
    const { app } = await start(jobs, undefined, { JOBS_WORKER: 'false' });
    const first = await app.jobs.enqueue('once', { v: 1 }, { key: 'k1' });
    const second = await app.jobs.enqueue('once', { v: 2 }, { key: 'k1' });
    const other = await app.jobs.enqueue('once', { v: 3 }, { key: 'k2' });
    expect(second).toEqual({ id: first.id, created: false });
    expect(other.created).toBe(true);
    expect(await jobRows(app)).toHaveLength(2);
  });

  it('fails an attempt that runs past its timeout, and aborts its signal', async () => {
    let aborted = false;
    const jobs = createJobs().define('slow', {
      payload: z.object({}),
      retries: 0,
      timeout: 100,
      handler: (_p, ctx) =>
        new Promise(() => {
          ctx.signal.addEventListener('abort', () => (aborted = true));
        }),
    });
    const { app } = await start(jobs);
    await app.jobs.enqueue('slow', {});
    const [row] = await until(() => jobRows(app), (rows) => rows[0]?.status === 'dead');
    expect(row?.last_error).toBe('timed out after 100 ms');
    expect(aborted).toBe(true);
  });

  it('runs no more than `concurrency` jobs of a name at once in an instance', async () => {
    let running = 0;
    let peak = 0;
    const jobs = createJobs().define('parallel', {
      payload: z.object({ i: z.int() }),
      concurrency: 3,
      handler: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 60));
        running -= 1;
      },
    });
    const { app } = await start(jobs);
    for (let i = 0; i < 10; i++) await app.jobs.enqueue('parallel', { i });
    await until(() => jobRows(app), (rows) => rows.filter((r) => r.status === 'done').length === 10);
    expect(peak).toBe(3);
  });

  it('enqueues a scheduled time once across instances', async () => {
    const jobs = createJobs().define('tick', {
      payload: z.object({ source: z.string() }),
      schedule: '*/10 * * * *',
      schedulePayload: { source: 'cron' },
      handler: () => undefined,
    });
    const one = await start(jobs, undefined, { JOBS_WORKER: 'false' });
    const two = await start(jobs, databases[0], { JOBS_WORKER: 'false' });
    const noop = () => undefined;
    // The registry comes from 'rampart' (typed by the built package), the scheduler from src.
    const registry = jobs as unknown as ConstructorParameters<typeof JobScheduler>[0];
    const a = new JobScheduler(registry, new JobStore(one.app.database), one.app.fastify.log, noop);
    const b = new JobScheduler(registry, new JobStore(two.app.database), two.app.fastify.log, noop);
    const created = await Promise.all([a, b].map((s) => s.check(new Date(Date.now() + 3_600_000))));
    // Six ten-minute marks in the next hour, inserted once whichever instance got there first.
    expect(created[0]! + created[1]!).toBe(6);
    const rows = await jobRows(one.app);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.job_key)).size).toBe(6);
    expect(rows.every((r) => String(r.job_key).startsWith('schedule:') && JSON.parse(String(r.payload)).source === 'cron')).toBe(true);
  });

  it('counts jobs by status in /metrics', async () => {
    const jobs = createJobs()
      .define('ok', { payload: z.object({}), handler: () => undefined })
      .define('bad', { payload: z.object({}), retries: 0, handler: () => Promise.reject(new Error('no')) });
    const { app } = await start(jobs);
    await app.jobs.enqueue('ok', {});
    await app.jobs.enqueue('bad', {});
    await app.jobs.enqueue('ok', {}, { runAt: new Date(Date.now() + 3_600_000) });
    await until(() => jobRows(app), (rows) => rows.filter((r) => r.status === 'done' || r.status === 'dead').length === 2);
    const text = (await app.fastify.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('rampart_jobs{status="done"} 1');
    expect(text).toContain('rampart_jobs{status="dead"} 1');
    expect(text).toContain('rampart_jobs{status="queued"} 1');
    expect(text).toContain('rampart_job_attempts_total{name="bad",outcome="dead"} 1');
  });

  it('shutdown waits for a running job, and releases one that outlasts the bound without counting the attempt', async () => {
    let finished = false;
    const release = createJobs().define('short', {
      payload: z.object({}),
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished = true;
      },
    });
    const first = await start(release);
    await first.app.jobs.enqueue('short', {});
    await until(jobRows.bind(null, first.app), (rows) => rows[0]?.status === 'running');
    await first.app.close();
    opened.splice(opened.findIndex((o) => o.app === first.app), 1);
    expect(finished).toBe(true);

    const stuck = createJobs().define('long', { payload: z.object({}), handler: () => new Promise(() => undefined) });
    const second = await start(stuck, undefined, { SHUTDOWN_TIMEOUT_MS: '400' });
    const { id } = await second.app.jobs.enqueue('long', {});
    await until(jobRows.bind(null, second.app), (rows) => rows[0]?.status === 'running');
    const observer = await start(stuck, databases.at(-1), { JOBS_WORKER: 'false' });
    await second.app.close();
    opened.splice(opened.findIndex((o) => o.app === second.app), 1);
    const [row] = await jobRows(observer.app);
    expect(row).toMatchObject({ id, status: 'queued', attempts: 0, locked_by: null });
  });

  it('two instances share one queue: every job runs exactly once', async () => {
    const runs = new Map<number, number>();
    const instances = new Set<unknown>();
    const jobs = createJobs().define('count', {
      payload: z.object({ i: z.int() }),
      concurrency: 4,
      handler: async ({ i }, ctx) => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        instances.add(ctx.db);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    const one = await start(jobs);
    const two = await start(jobs, databases[0]);
    const total = 200;
    await Promise.all(Array.from({ length: total }, (_, i) => (i % 2 ? one : two).app.jobs.enqueue('count', { i })));
    await until(jobRows.bind(null, one.app), (rows) => rows.filter((r) => r.status === 'done').length === total, 20_000);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    // Both instances took part.
    expect(instances.size).toBe(2);
  });
});
