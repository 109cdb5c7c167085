import { AppError, createJobs } from 'rampart';
import { z } from 'zod';
import { markets, searchEntries } from './resources.js';

/**
 * The example's background jobs. `index-market` is enqueued by the markets' hooks in the
 * transaction that creates or changes a market, so it exists exactly when the change
 * commits; it may run more than once (a retry, a worker killed mid-run), and writing the
 * entry from the market's current state makes a second run harmless.
 */
export const jobs = createJobs().define('index-market', {
  payload: z.object({ id: z.uuid() }),
  retries: 5,
  backoff: { baseMs: 1000, maxMs: 60_000 },
  concurrency: 4,
  handler: async ({ id }, { db, records }) => {
    await db.transaction(async (trx) => {
      const market = await records(markets, trx)
        .get(id)
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'RAMPART_NOT_FOUND') return null;
          throw error; // a database error: the job fails and is retried
        });
      // Deleted since: its entry went with it (the reference cascades).
      if (!market) return;
      const entry = { text: [market.name, market.description].filter(Boolean).join('\n'), status: market.status };
      const existing = await records(searchEntries, trx).list({ market: id });
      const found = existing.records[0];
      if (found) await records(searchEntries, trx).update(String(found.id), entry);
      else await records(searchEntries, trx).create({ ...entry, market: id });
    });
  },
});
