/**
 * | method | path                             | access                  | success |
 * |--------|----------------------------------|-------------------------|---------|
 * | GET    | <admin>/jobs                     | permission `jobs:manage` | 200 `{ data: jobs, pagination }` (newest first; `?status=dead`, `?name=`, `?before=<id>`) |
 * | GET    | <admin>/jobs/:id                 | permission `jobs:manage` | 200 `{ data: job }` |
 * | POST   | <admin>/jobs/:id/retry           | permission `jobs:manage` | 200 `{ data: job }`: a failed or dead job queued again, attempts reset; 409 otherwise |
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { allow } from '../policies/allow.js';
import { route, type AnyRoute } from '../routes/route.js';
import { jobStatuses, type JobRow, type JobStore } from './job-store.js';

const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string().nullable(),
  payload: z.unknown(),
  status: z.enum(jobStatuses as [string, ...string[]]),
  attempts: z.int(),
  maxAttempts: z.int(),
  runAt: z.string(),
  lockedBy: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const idParams = z.strictObject({ id: z.uuid({ error: 'expected a UUID' }) });
const access = allow.permission('jobs:manage');

function notFound(id: string): AppError {
  return new AppError('RAMPART_NOT_FOUND', `No job with id ${id}.`);
}

/** The admin routes of the job queue: see the table above. */
export function jobAdminRoutes(store: JobStore): AnyRoute[] {
  return [
    route({
      method: 'GET',
      group: 'admin',
      path: '/jobs',
      access,
      summary: 'List jobs (admin)',
      tags: ['admin'],
      query: z.strictObject({
        status: z.enum(jobStatuses as [string, ...string[]]).optional(),
        name: z.string().max(200).optional(),
        before: z.uuid().optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: z.object({ data: z.array(jobSchema), pagination: z.object({ limit: z.int(), next: z.string().nullable() }) }),
      handler: async ({ query }) => {
        const jobs: JobRow[] = await store.list({ ...query, status: query.status as JobRow['status'] | undefined });
        const next = jobs.length === query.limit ? (jobs.at(-1)?.id ?? null) : null;
        return { data: jobs, pagination: { limit: query.limit, next } };
      },
    }),
    route({
      method: 'GET',
      group: 'admin',
      path: '/jobs/:id',
      access,
      summary: 'One job (admin)',
      tags: ['admin'],
      params: idParams,
      response: z.object({ data: jobSchema }),
      handler: async ({ params }) => {
        const job = await store.get(params.id);
        if (!job) throw notFound(params.id);
        return { data: job };
      },
    }),
    route({
      method: 'POST',
      group: 'admin',
      path: '/jobs/:id/retry',
      access,
      summary: 'Retry a failed or dead job (admin)',
      tags: ['admin'],
      params: idParams,
      response: z.object({ data: jobSchema }),
      handler: async ({ params }) => {
        const job = await store.retry(params.id);
        if (job) return { data: job };
        if (!(await store.get(params.id))) throw notFound(params.id);
        throw new AppError('RAMPART_JOB_NOT_RETRYABLE', `Job ${params.id} is not failed or dead; only those can be retried.`);
      },
    }),
  ];
}
