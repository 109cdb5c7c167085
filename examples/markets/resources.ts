import { AppError, allow, field, resource, type HookContext } from 'rampart';

/** Fields of a prediction market. Exported so tests can build variants with other rules. */
export const marketFields = {
  name: field.string({ min: 1, max: 200 }).searchable(),
  description: field.string({ max: 5000 }).optional().searchable(),
  status: field.enum(['active', 'closed', 'resolved']).default('active').filterable(),
  volume: field.decimal({ min: '0' }).default('0').filterable().sortable(),
  endsAt: field.timestamp().optional().filterable().index(),
};

/** Fields of a position taken on a market. */
export const positionFields = {
  market: field.reference('markets', { onDelete: 'cascade' }).filterable(),
  side: field.enum(['yes', 'no']).filterable(),
  amount: field.decimal({ min: '0', exclusiveMin: true }).filterable().sortable(),
};

/** Fields of a discussion post. */
export const postFields = {
  title: field.string({ min: 1, max: 200 }).searchable(),
  body: field.string({ max: 20_000 }).searchable(),
};

const ownerOrAdmin = allow.any(allow.owner, allow.role('admin'));

/** Markets: anyone reads; signed-in users create (and own); owners and admins change. */
export const markets = resource('markets', {
  // The volume is the sum of the market's positions, kept by the positions' hooks:
  // clients read it but never write it.
  fields: { ...marketFields, volume: marketFields.volume.readOnly() },
  owner: 'creator',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: ownerOrAdmin, delete: ownerOrAdmin },
  indexes: [['status', 'volume']],
  // Public reads, read far more often than written: answers are cached for 30 s, and
  // every write drops them at once.
  cache: { ttl: 30 },
  description: 'Prediction markets: a question that resolves yes or no.',
  hooks: {
    // The search entry is refreshed by a job, committed with the market itself.
    afterCreate: ({ record, jobs }) => jobs.enqueue('index-market', { id: record.id }),
    afterUpdate: ({ record, jobs }) => jobs.enqueue('index-market', { id: record.id }),
  },
});

const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

/*
 * Only active markets take positions, and a position on a market that is no longer
 * active (closed: no more trading; resolved: the outcome is known) is frozen: it cannot
 * be changed, moved or deleted, since that would move the volume, or the stake, of a
 * market whose trading is over. Each check reads the market with its row locked until
 * the commit, so a market closed concurrently closes either before the write (which is
 * refused) or after it (which counted).
 */
function conflict(id: unknown, status: unknown, rule: string): AppError {
  return new AppError('RAMPART_CONFLICT', `Market ${String(id)} is ${String(status ?? 'gone')}; ${rule}.`);
}
const takesPositions = 'only active markets take positions';
const frozen = 'its positions are frozen: they cannot be changed, moved or deleted';

/**
 * The markets' statuses, their rows locked until the commit, one at a time in id order
 * (two moves in opposite directions then queue rather than deadlock). A no-op UPDATE is
 * the one row lock SQLite and PostgreSQL take alike (SQLite has no FOR UPDATE; its
 * writers queue anyway), and unlike a write through `records` it bumps no `updatedAt`,
 * runs no market hook and announces no change to webhook subscribers.
 */
async function lockMarkets(trx: HookContext['trx'], ids: string[]): Promise<Map<string, unknown>> {
  const statuses = new Map<string, unknown>();
  for (const id of [...new Set(ids)].sort()) {
    const row = await trx
      .updateTable(markets.table)
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', id)
      .returning('status')
      .executeTakeFirst();
    statuses.set(id, row?.status);
  }
  return statuses;
}

/** Positions are private: only their owner sees or touches them. */
export const positions = resource('positions', {
  fields: positionFields,
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
  audit: { waive: { RA010: "every list is the caller's own (allow.owner): the owner index narrows the rows before market or side filters them" } },
  description:
    "A stake on one side of a market, visible to its owner only. A market's volume is the sum of its positions' amounts. " +
    'Positions are taken on active markets only, and frozen once their market is closed or resolved: changing, moving or deleting one then answers 409.',
  // A market's volume moves with its positions, in the same transaction: a position is
  // never written without its volume change, whichever route or script writes it.
  hooks: {
    afterCreate: async ({ record, records }) => {
      // The increment returns the market with its row locked.
      const market = await records(markets).increment(String(record.market), { volume: String(record.amount) });
      if (market.status !== 'active') throw conflict(market.id, market.status, takesPositions);
    },
    beforeUpdate: async ({ previous, data, trx }) => {
      const from = String(previous.market);
      const to = String(data.market ?? previous.market);
      const statuses = await lockMarkets(trx, [from, to]);
      if (statuses.get(from) !== 'active') throw conflict(from, statuses.get(from), frozen);
      if (statuses.get(to) !== 'active') throw conflict(to, statuses.get(to), takesPositions);
    },
    afterUpdate: async ({ previous, record, records }) => {
      if (previous.market === record.market && previous.amount === record.amount) return;
      await records(markets).increment(String(previous.market), { volume: negate(String(previous.amount)) });
      await records(markets).increment(String(record.market), { volume: String(record.amount) });
    },
    beforeDelete: async ({ record, trx }) => {
      const market = String(record.market);
      const status = (await lockMarkets(trx, [market])).get(market);
      if (status !== 'active') throw conflict(market, status, frozen);
    },
    afterDelete: async ({ record, records }) => {
      await records(markets).increment(String(record.market), { volume: negate(String(record.amount)) });
    },
  },
});

/** Posts: anyone reads; signed-in users write (as author); authors and admins change. */
export const posts = resource('posts', {
  fields: postFields,
  owner: 'author',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: ownerOrAdmin, delete: ownerOrAdmin },
  description: 'Discussion posts.',
});

/**
 * The markets' search entries: one per market, written by the `index-market` job (see
 * jobs.ts) after each change, read-only over HTTP (`GET /api/v1/search-entries?q=rain`).
 */
export const searchEntries = resource('search-entries', {
  fields: {
    market: field.reference('markets', { onDelete: 'cascade' }).unique().filterable(),
    text: field.string({ max: 6000 }).searchable(),
    status: field.enum(['active', 'closed', 'resolved']).filterable().index(),
  },
  operations: ['list', 'read'],
  access: { list: allow.public, read: allow.public },
  description: 'Search entries of markets, refreshed by a background job after each change.',
});
