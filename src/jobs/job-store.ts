import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database.js';
import { jobsTableName as table } from './jobs-table.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the jobs table is addressed by name */
type Executor = Kysely<any>;

/** A job's states: see jobs-table.ts. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'dead';

/** Every status, for metrics and admin filters. */
export const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'dead'];

/** A job as stored. */
export interface JobRow {
  id: string;
  name: string;
  key: string | null;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A job to insert. */
export interface NewJob {
  name: string;
  payload: unknown;
  key?: string;
  runAt?: Date;
  maxAttempts: number;
}

// PostgreSQL returns timestamptz as Date; SQLite stores ISO text.
const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

function toJob(row: Record<string, unknown>): JobRow {
  return {
    id: String(row.id),
    name: String(row.name),
    key: (row.job_key as string | null) ?? null,
    payload: JSON.parse(String(row.payload)),
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: iso(row.run_at) as string,
    lockedBy: (row.locked_by as string | null) ?? null,
    lockedUntil: iso(row.locked_until),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    finishedAt: iso(row.finished_at),
  };
}

const now = () => new Date().toISOString();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/**
 * The SQL of the job queue, the same on both databases except for claiming: SQLite runs
 * one writer at a time, so one UPDATE picking due rows claims them atomically across
 * processes; PostgreSQL adds `FOR UPDATE SKIP LOCKED`, so concurrent claimers each take
 * different rows without waiting on one another.
 */
export class JobStore {
  constructor(private readonly database: Database) {}

  /** Inserts a job, or returns the existing one of the same name and key. */
  async insert(job: NewJob, executor: Executor = this.database.db): Promise<{ id: string; created: boolean }> {
    const at = now();
    const id = uuidv7();
    const inserted = await executor
      .insertInto(table)
      .values({
        id,
        name: job.name,
        job_key: job.key ?? null,
        payload: JSON.stringify(job.payload),
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: (job.runAt ?? new Date()).toISOString(),
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(['name', 'job_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id, created: true };
    const existing = await executor
      .selectFrom(table)
      .select('id')
      .where('name', '=', job.name)
      .where('job_key', '=', job.key ?? null)
      .executeTakeFirstOrThrow();
    return { id: String(existing.id), created: false };
  }

  /**
   * Claims up to `limit` due jobs of `name` for `worker` with a lease of `leaseMs`: jobs
   * queued or failed whose time has come, and running jobs whose lease expired (their
   * worker died). Each claim counts as an attempt.
   */
  async claim(name: string, worker: string, limit: number, leaseMs: number): Promise<JobRow[]> {
    const at = now();
    const due = this.database.db
      .selectFrom(table)
      .select('id')
      .where('name', '=', name)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['queued', 'failed']), eb('run_at', '<=', at)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit);
    const picked = this.database.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    const rows = await this.database.db
      .updateTable(table)
      .set({
        status: 'running',
        locked_by: worker,
        locked_until: later(leaseMs),
        attempts: sql`attempts + 1`,
        updated_at: at,
      })
      .where('id', 'in', picked)
      .returningAll()
      .execute();
    return rows.map(toJob);
  }

  /** Extends the leases `worker` holds on `ids`; returns the ids it still holds. */
  async renew(ids: string[], worker: string, leaseMs: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db
      .updateTable(table)
      .set({ locked_until: later(leaseMs) })
      .where('id', 'in', ids)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .returning('id')
      .execute();
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Marks a job done, if `worker` still holds it (a worker whose lease was taken over does not). */
  async complete(id: string, worker: string): Promise<boolean> {
    const at = now();
    return this.finish(id, worker, { status: 'done', finished_at: at, last_error: null });
  }

  /** Records a failed attempt: retried at `retryAt`, or dead when `retryAt` is null. */
  async fail(id: string, worker: string, error: string, retryAt: Date | null): Promise<boolean> {
    const status: JobStatus = retryAt ? 'failed' : 'dead';
    return this.finish(id, worker, {
      status,
      last_error: error.slice(0, 2000),
      ...(retryAt ? { run_at: retryAt.toISOString() } : { finished_at: now() }),
    });
  }

  /**
   * Gives unfinished jobs back at shutdown: queued again, due now, and the interrupted
   * attempt not counted against the job's retries.
   */
  async release(ids: string[], worker: string): Promise<void> {
    if (ids.length === 0) return;
    await this.database.db
      .updateTable(table)
      .set({ status: 'queued', locked_by: null, locked_until: null, run_at: now(), updated_at: now(), attempts: sql`attempts - 1` })
      .where('id', 'in', ids)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .execute();
  }

  /** Queues a failed or dead job again with its attempts reset (an admin's retry). */
  async retry(id: string): Promise<JobRow | undefined> {
    const row = await this.database.db
      .updateTable(table)
      .set({ status: 'queued', attempts: 0, run_at: now(), updated_at: now(), finished_at: null, locked_by: null, locked_until: null })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'dead'])
      .returningAll()
      .executeTakeFirst();
    return row && toJob(row);
  }

  async get(id: string): Promise<JobRow | undefined> {
    const row = await this.database.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  /** Jobs newest first, optionally by status and name; `before` is the last id of the previous page. */
  async list(filter: { status?: JobStatus; name?: string; limit: number; before?: string }): Promise<JobRow[]> {
    let query = this.database.db.selectFrom(table).selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.name) query = query.where('name', '=', filter.name);
    if (filter.before) query = query.where('id', '<', filter.before);
    return (await query.execute()).map(toJob);
  }

  /** How many jobs are in each status. */
  async counts(): Promise<Record<JobStatus, number>> {
    const rows = await this.database.db
      .selectFrom(table)
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(jobStatuses.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const row of rows) counts[row.status as JobStatus] = Number(row.n);
    return counts;
  }

  /** Deletes finished (done) jobs older than `ageMs`; dead jobs stay for an admin to see. */
  async purgeDone(ageMs: number): Promise<number> {
    const result = await this.database.db
      .deleteFrom(table)
      .where('status', '=', 'done')
      .where('finished_at', '<', new Date(Date.now() - ageMs).toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async finish(id: string, worker: string, changes: Record<string, unknown>): Promise<boolean> {
    const result = await this.database.db
      .updateTable(table)
      .set({ ...changes, locked_by: null, locked_until: null, updated_at: now() })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
