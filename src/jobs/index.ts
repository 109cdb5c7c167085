export { createAppJobs, type AppJobs, type AppJobsOptions } from './app-jobs.js';
export { retryDelay, type BackoffOptions } from './backoff.js';
export { createJobs, JobRegistry, type JobContext, type JobInfo, type JobOptions } from './job-definition.js';
export type { EnqueueOptions, EnqueuedJob, JobQueue } from './job-queue.js';
export { JobStore, jobStatuses, type JobRow, type JobStatus } from './job-store.js';
export { jobsTable, jobsTableName } from './jobs-table.js';
export { RetryLater } from './retry-later.js';
