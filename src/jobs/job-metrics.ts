import { Counter, Gauge, type Registry } from 'prom-client';
import type { AttemptOutcome } from './job-runner.js';
import { jobStatuses, type JobStore } from './job-store.js';

/**
 * Job metrics: `rampart_jobs{status}` counts the jobs in each state across all
 * instances (read from the table at scrape time), and
 * `rampart_job_attempts_total{name,outcome}` this instance's finished attempts.
 */
export function registerJobMetrics(registry: Registry, store: JobStore): (name: string, outcome: AttemptOutcome) => void {
  new Gauge({
    name: 'rampart_jobs',
    help: 'Jobs in each status (queued, running, done, failed: waiting for a retry, dead), across all instances.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      // A database that is down must not take /metrics with it: the last counts stay.
      const counts = await store.counts().catch(() => undefined);
      if (counts) for (const status of jobStatuses) this.set({ status }, counts[status]);
    },
  });
  const attempts = new Counter({
    name: 'rampart_job_attempts_total',
    help: 'Job attempts finished by this instance, by job name and outcome (done, retry, dead).',
    labelNames: ['name', 'outcome'],
    registers: [registry],
  });
  return (name, outcome) => attempts.inc({ name, outcome });
}
