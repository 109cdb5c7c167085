import { column, type TableModel } from '../db/migrations/schema-model.js';

/*
 * One row per job. `status` moves queued -> running -> done, or -> failed (to be retried
 * at `run_at`) -> ... -> dead once retries are spent. A running job holds a lease
 * (`locked_by`, `locked_until`) that its worker renews while the handler runs; a worker
 * that dies stops renewing, and the job is claimed again once the lease has expired.
 * `(name, job_key)` is unique, which makes `enqueue(..., { key })` and scheduled runs
 * (keyed by their scheduled time) happen once across every instance.
 */


/** The table name of {@link jobsTable}. */
export const jobsTableName = 'rampart_jobs';

/** The jobs table, managed by the app's migrations like the resources' tables. */
export const jobsTable: TableModel = {
  name: jobsTableName,
  columns: [
    column('id', 'uuid', true, { primaryKey: true }),
    column('name', 'text', true),
    column('job_key', 'text', false),
    column('payload', 'text', true),
    column('status', 'text', true),
    column('attempts', 'integer', true, { default: '0' }),
    column('max_attempts', 'integer', true),
    column('run_at', 'timestamp', true),
    column('locked_by', 'text', false),
    column('locked_until', 'timestamp', false),
    column('last_error', 'text', false),
    column('created_at', 'timestamp', true),
    column('updated_at', 'timestamp', true),
    column('finished_at', 'timestamp', false),
  ],
  indexes: [
    { name: `${jobsTableName}_name_key_unique`, columns: ['name', 'job_key'], unique: true },
    // Claims look for due jobs by status and time; admins list by status.
    { name: `${jobsTableName}_status_run_at_idx`, columns: ['status', 'run_at'], unique: false },
  ],
};
