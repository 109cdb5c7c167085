import type { FastifyBaseLogger } from 'fastify';
import { Cron } from 'croner';
import type { z } from 'zod';
import type { AuthService } from '../auth/auth-service.js';
import type { AppDb } from '../db/transactions.js';
import type { RecordStoreFactory } from '../resources/record-store.js';
import type { BackoffOptions } from './backoff.js';
import type { JobQueue } from './job-queue.js';

/** The job a handler is running. */
export interface JobInfo {
  id: string;
  name: string;
  key: string | null;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
}

/** What a job handler receives beside its payload. */
export interface JobContext {
  job: JobInfo;
  /** Aborted when the job's `timeout` passes or the app shuts down: stop, the job will be retried. */
  signal: AbortSignal;
  db: AppDb;
  records: RecordStoreFactory;
  jobs: JobQueue;
  /** Users and sessions, as routes get them (`ctx.auth.register`, `setPassword`, `revokeSessions`). */
  auth: AuthService;
  log: FastifyBaseLogger;
}

/** The declaration of a job, as passed to {@link JobRegistry.define}. */
export interface JobOptions<P> {
  /** Checked when the job is enqueued and again before it runs. */
  payload: z.ZodType<P>;
  /**
   * Does the work. A job may run more than once (a worker that dies mid-run, a lease
   * lost): make the effect idempotent, for instance keyed by `ctx.job.id` or the job's key.
   */
  handler(payload: P, ctx: JobContext): unknown;
  /** Retries after the first attempt fails (default 5); then the job is dead. */
  retries?: number;
  backoff?: BackoffOptions;
  /** An attempt running longer fails (ms; default 60000). */
  timeout?: number;
  /** Jobs of this name one instance runs at the same time (default 1). */
  concurrency?: number;
  /**
   * Called once the job is dead, whatever killed it (its last attempt failed or timed
   * out, its worker died during the last attempt, its payload no longer parses), with the
   * stored payload and the last error: the place to mark what the job was for as failed.
   */
  onDead?(payload: unknown, error: string): unknown;
  /**
   * Runs the job on a schedule (a cron expression in UTC, e.g. `0 * * * *`), once per
   * scheduled time across all instances, with `schedulePayload` as its payload.
   */
  schedule?: string;
  schedulePayload?: P;
}

/** A job definition with its defaults filled in. */
export interface DefinedJob {
  name: string;
  payload: z.ZodType<unknown>;
  handler(payload: unknown, ctx: JobContext): unknown;
  maxAttempts: number;
  backoff: BackoffOptions;
  timeoutMs: number;
  concurrency: number;
  onDead?(payload: unknown, error: string): unknown;
  schedule?: { cron: Cron; payload: unknown };
}

const namePattern = /^[a-z][a-z0-9]*([-.:][a-z0-9]+)*$/;

function positiveInteger(value: number | undefined, fallback: number, what: string, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new TypeError(`${what} must be a whole number of at least ${min}`);
  return v;
}

/**
 * The jobs an app can run, declared once at module level and given to `defineApp({ jobs })`.
 * Enqueue through `ctx.jobs` in routes, hooks and webhooks, or `app.jobs` in scripts.
 *
 * @example
 * export const jobs = createJobs();
 * jobs.define('index-market', {
 *   payload: z.object({ id: z.uuid() }),
 *   retries: 3,
 *   handler: async ({ id }, { records }) => { ... },
 * });
 */
export class JobRegistry {
  private readonly jobs = new Map<string, DefinedJob>();

  /** Declares a job; names are lower-case words joined by `-`, `.` or `:`. */
  define<P>(name: string, options: JobOptions<P>): this {
    if (!namePattern.test(name)) throw new TypeError(`job name "${name}" must be lower-case words joined by "-", "." or ":"`);
    if (this.jobs.has(name)) throw new TypeError(`job "${name}" is defined twice`);
    const retries = positiveInteger(options.retries, 5, `job "${name}": retries`, 0);
    let schedule: DefinedJob['schedule'];
    if (options.schedule !== undefined) {
      const parsed = options.payload.safeParse(options.schedulePayload ?? {});
      if (!parsed.success) throw new TypeError(`job "${name}": schedulePayload does not match the payload schema`);
      try {
        schedule = { cron: new Cron(options.schedule, { paused: true, timezone: 'UTC' }), payload: parsed.data };
      } catch (error) {
        throw new TypeError(`job "${name}": invalid schedule "${options.schedule}": ${(error as Error).message}`);
      }
    }
    this.jobs.set(name, {
      name,
      payload: options.payload as z.ZodType<unknown>,
      handler: options.handler as DefinedJob['handler'],
      maxAttempts: retries + 1,
      backoff: options.backoff ?? {},
      timeoutMs: positiveInteger(options.timeout, 60_000, `job "${name}": timeout`),
      concurrency: positiveInteger(options.concurrency, 1, `job "${name}": concurrency`),
      onDead: options.onDead,
      schedule,
    });
    return this;
  }

  /** Adds every job of `other` (an app's own jobs beside Rampart's internal ones). */
  include(other: JobRegistry): this {
    for (const job of other.all()) {
      if (this.jobs.has(job.name)) throw new TypeError(`job "${job.name}" is defined twice`);
      this.jobs.set(job.name, job);
    }
    return this;
  }

  get(name: string): DefinedJob | undefined {
    return this.jobs.get(name);
  }

  all(): DefinedJob[] {
    return [...this.jobs.values()];
  }
}

/** Makes an empty {@link JobRegistry}. */
export function createJobs(): JobRegistry {
  return new JobRegistry();
}
