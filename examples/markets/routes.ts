import { allow, route } from 'rampart';
import { z } from 'zod';
import { markets, positions } from './resources.js';

const positionSchema = z.object({
  id: z.string(),
  market: z.string(),
  side: z.enum(['yes', 'no']),
  amount: z.string(),
  owner: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * | method | path                            | access        | body           | success |
 * |--------|---------------------------------|---------------|----------------|---------|
 * | POST   | /api/v1/markets/:id/positions   | authenticated | `{ side, amount }` | 201 `{ data: position }` + Location |
 *
 * Takes a position on a market: the position and the market's new volume (the
 * positions' `afterCreate` hook) commit together, or neither does. Only active markets
 * take positions (409 otherwise), and a closed or resolved market's positions are
 * frozen (see resources.ts); a missing market is a 404.
 */
export const openPosition = route({
  method: 'POST',
  path: '/api/v1/markets/:id/positions',
  access: allow.authenticated,
  summary: 'Take a position on a market',
  tags: ['markets'],
  status: 201,
  params: z.strictObject({ id: z.uuid() }),
  body: z.strictObject({ side: z.enum(['yes', 'no']), amount: z.string() }),
  response: z.object({ data: positionSchema }),
  handler: async ({ params, body, user, db, records, reply }) => {
    const position = await db.transaction(async (trx) => {
      // A missing market is this route's 404 (the generic route's is a 400 on `market`);
      // the positions' hooks add the amount to the market and refuse a closed one (409).
      await records(markets, trx).get(params.id);
      return records(positions, trx).create({ market: params.id, ...body }, { owner: user!.id });
    });
    reply.header('location', `/api/v1/positions/${String(position.id)}`);
    return { data: position as z.infer<typeof positionSchema> };
  },
});
