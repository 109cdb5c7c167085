import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { executorFor, scopeOf } from '../db/transactions.js';
import type { AnyRoute } from '../routes/route.js';
import { jobAdminRoutes } from './admin-routes.js';
import type { JobContext, JobRegistry } from './job-definition.js';
import { registerJobMetrics } from './job-metrics.js';
import type { EnqueueOptions, EnqueuedJob, JobQueue } from './job-queue.js';
import { JobRunner, type JobRunnerOptions } from './job-runner.js';
import { JobScheduler } from './job-scheduler.js';
import { JobStore } from './job-store.js';

// Every app in one PostgreSQL database shares the channel; a stray wake-up costs one query.
const channel = 'rampart_jobs';
const upkeepMs = 3_600_000;
const keepDoneMs = 7 * 24 * 3_600_000;

/** Options of {@link createAppJobs}. */
export interface AppJobsOptions extends JobRunnerOptions {
  registry: JobRegistry;
  database: Database;
  log: FastifyBaseLogger;
  metrics: Registry;
  /** What handlers get beside the job itself and its signal. */
  environment: () => Omit<JobContext, 'job' | 'signal' | 'log' | 'jobs'>;
}

/** An app's job queue, with the worker that runs it in this process. */
export interface AppJobs extends JobQueue {
  readonly store: JobStore;
  readonly runner: JobRunner;
  /** The admin routes (list, inspect, retry). */
  readonly routes: AnyRoute[];
  /** Starts running jobs here: claiming, scheduled jobs, the hourly purge of old done jobs. */
  start(): Promise<void>;
  /** Stops claiming, waits up to `timeoutMs` for running jobs, releases the rest. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Builds an app's job queue from its registry. Enqueueing works in every instance; the
 * runner runs only where `start()` is called (`JOBS_WORKER`, on by default).
 */
export function createAppJobs(options: AppJobsOptions): AppJobs {
  const { registry, database, log } = options;
  const store = new JobStore(database);
  const onAttempt = registerJobMetrics(options.metrics, store);
  const queue: JobQueue = { enqueue: (name, payload, enqueueOptions) => enqueue(name, payload, enqueueOptions) };
  const context = (job: { id: string; name: string; key: string | null; attempts: number; maxAttempts: number }, signal: AbortSignal) => ({
    ...options.environment(),
    job: { id: job.id, name: job.name, key: job.key, attempt: job.attempts, maxAttempts: job.maxAttempts },
    signal,
    jobs: queue,
    log,
  });
  const runner = new JobRunner(registry, store, context, log, onAttempt, options);
  const scheduler = new JobScheduler(registry, store, log, () => runner.wake());
  let unlisten: (() => Promise<void>) | undefined;
  let upkeep: NodeJS.Timeout | undefined;

  async function enqueue(name: string, payload: unknown, enqueueOptions: EnqueueOptions = {}): Promise<EnqueuedJob> {
    const definition = registry.get(name);
    if (!definition) throw new TypeError(`no job named "${name}" is defined (jobs.define)`);
    const checked = definition.payload.safeParse(payload);
    if (!checked.success) throw new TypeError(`job "${name}": invalid payload\n${z.prettifyError(checked.error)}`);
    // Without `trx`, inside a transaction of this async context, the job joins it.
    const executor = enqueueOptions.trx ?? executorFor(database.db);
    const job = await store.insert(
      { name, payload, key: enqueueOptions.key, runAt: enqueueOptions.runAt, maxAttempts: definition.maxAttempts },
      executor,
    );
    // Inside a transaction PostgreSQL delivers the notification at commit, never before.
    if (job.created && database.dialect === 'postgres') await sql`SELECT pg_notify(${channel}, ${name})`.execute(executor);
    const scope = scopeOf(executor);
    if (scope) scope.afterCommit(() => runner.wake());
    else runner.wake();
    return job;
  }
  return {
    enqueue,
    store,
    runner,
    routes: jobAdminRoutes(store),
    async start() {
      if (registry.all().length === 0) return;
      runner.start();
      scheduler.start();
      if (database.listen) unlisten = await database.listen(channel, () => runner.wake());
      upkeep = setInterval(() => {
        store.purgeDone(keepDoneMs).catch((error: unknown) => log.warn({ err: error }, 'jobs: purging old done jobs failed'));
      }, upkeepMs);
      upkeep.unref();
    },
    async stop(timeoutMs) {
      clearInterval(upkeep);
      scheduler.stop();
      await unlisten?.();
      await runner.stop(timeoutMs);
    },
  };
}
