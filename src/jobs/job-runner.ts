import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { retryDelay } from './backoff.js';
import type { DefinedJob, JobContext, JobRegistry } from './job-definition.js';
import type { JobRow, JobStore } from './job-store.js';
import { RetryLater } from './retry-later.js';

/** Options of a {@link JobRunner}. */
export interface JobRunnerOptions {
  /** How long a claim lasts without renewal (ms; default 30000): a dead worker's jobs wait this long. */
  leaseMs?: number;
  /** How often to look for due jobs when nothing wakes the runner (ms; default 1000). */
  pollMs?: number;
}

/** What the runner reports per finished attempt (metrics). */
export type AttemptOutcome = 'done' | 'retry' | 'dead';

interface Running {
  job: JobRow;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs due jobs in this process: claims them (at most each definition's `concurrency`
 * at a time), renews their leases while they run, records the outcome, and retries
 * with backoff until a job is dead. `wake()` looks for jobs at once (an enqueue, a
 * PostgreSQL notification); otherwise it polls.
 */
export class JobRunner {
  /** This process's name in `locked_by`: host, pid and a random part (pids repeat across restarts). */
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly registry: JobRegistry,
    private readonly store: JobStore,
    private readonly context: (job: JobRow, signal: AbortSignal) => JobContext,
    private readonly log: FastifyBaseLogger,
    private readonly onAttempt: (name: string, outcome: AttemptOutcome) => void = () => undefined,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
  }

  start(): void {
    if (!this.stopped || this.registry.all().length === 0) return;
    this.stopped = false;
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.wake();
  }

  /** Looks for due jobs now (coalesced with a look already under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.ticking = this.tick()
      .catch((error: unknown) => this.log.warn({ err: error }, 'jobs: looking for due jobs failed; retrying'))
      .finally(() => {
        this.ticking = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.wake());
        } else {
          // A little jitter, so instances started together do not poll in step.
          this.timer = setTimeout(() => this.wake(), this.pollMs * (0.8 + Math.random() * 0.4));
          this.timer.unref();
        }
      });
  }

  /** Jobs running in this process now. */
  get active(): number {
    return this.running.size;
  }

  /**
   * Stops claiming, waits up to `timeoutMs` for running jobs, then aborts the rest and
   * gives them back (queued again, the attempt not counted) for another instance.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
    clearInterval(this.heartbeat);
    const left = [...this.running.values()];
    if (left.length > 0) {
      this.log.warn({ jobs: left.map((r) => r.job.id) }, 'jobs: still running at shutdown; released for another instance');
      for (const r of left) r.controller.abort(new Error('the app is shutting down'));
      await this.store.release(left.map((r) => r.job.id), this.worker);
    }
  }

  private async tick(): Promise<void> {
    let claimedAny = false;
    for (const definition of this.registry.all()) {
      const busy = [...this.running.values()].filter((r) => r.job.name === definition.name).length;
      const free = definition.concurrency - busy;
      if (free <= 0 || this.stopped) continue;
      const jobs = await this.store.claim(definition.name, this.worker, free, this.leaseMs);
      for (const job of jobs) this.begin(definition, job);
      // A full batch means more may be due: look again at once instead of after a poll.
      if (jobs.length === free) claimedAny = true;
    }
    if (claimedAny) this.again = true;
  }

  private begin(definition: DefinedJob, job: JobRow): void {
    const controller = new AbortController();
    const done = this.attempt(definition, job, controller)
      // The database failed while recording the outcome: the lease expires and the job runs again.
      .catch((error: unknown) => this.log.error({ err: error, job: job.id }, 'jobs: recording a job outcome failed; it will run again after its lease'))
      .finally(() => {
        this.running.delete(job.id);
        // A slot is free: another due job of this name may be waiting.
        this.wake();
      });
    this.running.set(job.id, { job, controller, done });
  }

  private async attempt(definition: DefinedJob, job: JobRow, controller: AbortController): Promise<void> {
    const log = this.log.child({ job: job.id, jobName: job.name, attempt: job.attempts });
    if (job.attempts > job.maxAttempts) {
      // Claimed again after its worker died during the last allowed attempt.
      await this.finish(definition, job, log, new Error('the worker running the last attempt stopped (lease expired)'), false);
      return;
    }
    const payload = definition.payload.safeParse(job.payload);
    if (!payload.success) {
      await this.finish(definition, job, log, new Error(`payload no longer matches the job's schema: ${payload.error.message}`), false);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`timed out after ${definition.timeoutMs} ms`);
          controller.abort(error);
          reject(error);
        }, definition.timeoutMs);
      });
      const aborted = new Promise<never>((_resolve, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      });
      // Whichever loses the race still rejects later; unobserved, that would end the process.
      timedOut.catch(() => undefined);
      aborted.catch(() => undefined);
      const ctx = this.context(job, controller.signal);
      await Promise.race([Promise.resolve().then(() => definition.handler(payload.data, { ...ctx, log })), timedOut, aborted]);
      if (controller.signal.aborted) return;
      if (await this.store.complete(job.id, this.worker)) {
        this.onAttempt(job.name, 'done');
        log.info('job done');
      } else {
        log.warn('job finished after its lease was taken over; another worker owns it now');
      }
    } catch (error) {
      // Aborted by shutdown or a lost lease: someone else owns what happens next.
      if (controller.signal.aborted && !String((controller.signal.reason as Error)?.message).startsWith('timed out')) return;
      await this.finish(definition, job, log, error, true);
    } finally {
      clearTimeout(timer);
    }
  }

  private async finish(definition: DefinedJob, job: JobRow, log: FastifyBaseLogger, error: unknown, retryable: boolean): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const retry = retryable && job.attempts < job.maxAttempts;
    const chosen = error instanceof RetryLater ? error.at : new Date(Date.now() + retryDelay(job.attempts, definition.backoff));
    const retryAt = retry ? chosen : null;
    if (!(await this.store.fail(job.id, this.worker, message, retryAt))) return;
    this.onAttempt(job.name, retry ? 'retry' : 'dead');
    if (retryAt) {
      log.warn({ err: error, retryAt: retryAt.toISOString() }, 'job failed; will retry');
      return;
    }
    log.error({ err: error }, 'job failed for the last time; it is dead (an admin can retry it)');
    try {
      await definition.onDead?.(job.payload, message);
    } catch (failure) {
      log.error({ err: failure }, 'jobs: the onDead callback failed');
    }
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    try {
      const held = await this.store.renew(ids, this.worker, this.leaseMs);
      for (const id of ids) {
        const r = this.running.get(id);
        if (r && !held.has(id)) {
          this.log.warn({ job: id }, 'jobs: lease lost (another worker claimed the job); abandoning this attempt');
          r.controller.abort(new Error('lease lost'));
        }
      }
    } catch (error) {
      this.log.warn({ err: error }, 'jobs: renewing leases failed; retrying');
    }
  }
}
