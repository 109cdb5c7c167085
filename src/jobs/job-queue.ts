import type { Transaction } from 'kysely';

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /**
   * The transaction to enqueue in: the job then exists exactly when that transaction
   * commits (and wakes a worker only then). Without it the job is committed at once.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx?: Transaction<any>;
  /** Not before this time (default: now). */
  runAt?: Date;
  /**
   * A deduplication key: while a job of the same name and key exists (queued, running,
   * done or dead), enqueueing again returns that job instead of adding one.
   */
  key?: string;
}

/** What {@link JobQueue.enqueue} returns. */
export interface EnqueuedJob {
  id: string;
  /** False when `key` matched an existing job, which is returned instead. */
  created: boolean;
}

/**
 * Enqueues background jobs by name; handlers, routes and webhooks get one as `jobs`.
 *
 * @example
 * await ctx.db.transaction(async (trx) => {
 *   const market = await ctx.records(markets, trx).create(input, { owner: ctx.user!.id });
 *   await ctx.jobs.enqueue('index-market', { id: market.id }, { trx });
 * });
 */
export interface JobQueue {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueuedJob>;
}
