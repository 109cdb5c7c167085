import type { FastifyBaseLogger } from 'fastify';
import type { JobRegistry } from './job-definition.js';
import type { JobStore } from './job-store.js';

// Checked at least this often, so a clock jump or a long pause is caught up soon.
const maxSleepMs = 30_000;

/**
 * Enqueues scheduled jobs. Every instance that runs jobs does this; each scheduled time
 * becomes a job keyed `schedule:<time>`, and the table's unique (name, key) lets only
 * the first instance's insert through, so the job runs once per time across instances.
 * Times that pass while no instance runs are skipped, not replayed.
 */
export class JobScheduler {
  private timer: NodeJS.Timeout | undefined;
  private checkedUntil = new Date();
  private stopped = true;

  constructor(
    private readonly registry: JobRegistry,
    private readonly store: JobStore,
    private readonly log: FastifyBaseLogger,
    private readonly wake: () => void,
  ) {}

  start(): void {
    if (!this.registry.all().some((d) => d.schedule)) return;
    this.stopped = false;
    this.checkedUntil = new Date();
    this.plan();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Enqueues every scheduled time in (checkedUntil, now]; resolves to how many were new. */
  async check(now = new Date()): Promise<number> {
    let created = 0;
    for (const definition of this.registry.all()) {
      const schedule = definition.schedule;
      if (!schedule) continue;
      let next = schedule.cron.nextRun(this.checkedUntil);
      while (next && next <= now) {
        const job = await this.store.insert({
          name: definition.name,
          payload: schedule.payload,
          key: `schedule:${next.toISOString()}`,
          runAt: next,
          maxAttempts: definition.maxAttempts,
        });
        if (job.created) created += 1;
        next = schedule.cron.nextRun(next);
      }
    }
    this.checkedUntil = now;
    if (created > 0) this.wake();
    return created;
  }

  private plan(): void {
    if (this.stopped) return;
    const soonest = Math.min(
      ...this.registry
        .all()
        .map((d) => d.schedule?.cron.nextRun(this.checkedUntil)?.getTime() ?? Infinity),
    );
    const delay = Math.max(0, Math.min(maxSleepMs, soonest - Date.now()));
    this.timer = setTimeout(() => {
      this.check()
        .catch((error: unknown) => this.log.warn({ err: error }, 'jobs: enqueueing scheduled jobs failed; retrying'))
        .finally(() => this.plan());
    }, delay + 5);
    this.timer.unref();
  }
}
