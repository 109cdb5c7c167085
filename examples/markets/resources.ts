import { AppError, allow, field, resource } from 'rampart';

/** Fields of a prediction market. Exported so tests can build variants with other rules. */
export const marketFields = {
  name: field.string({ min: 1, max: 200 }).searchable(),
  description: field.string({ max: 5000 }).optional().searchable(),
  status: field.enum(['active', 'closed', 'resolved']).default('active').filterable(),
  volume: field.decimal({ min: '0' }).default('0').filterable().sortable(),
  endsAt: field.timestamp().optional().filterable(),
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

/**
 * Only active markets take positions. Checked on the market as the increment returns it,
 * which holds the market's row locked until the commit: a market closed concurrently
 * either closes before (and the position is refused) or after (and it counted).
 */
function requireActive(market: Record<string, unknown>): void {
  if (market.status !== 'active') {
    throw new AppError('RAMPART_CONFLICT', `Market ${String(market.id)} is ${String(market.status)}; only active markets take positions.`);
  }
}

/** Positions are private: only their owner sees or touches them. */
export const positions = resource('positions', {
  fields: positionFields,
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
  description: "A stake on one side of a market, visible to its owner only. A market's volume is the sum of its positions' amounts.",
  // A market's volume moves with its positions, in the same transaction: a position is
  // never written without its volume change, whichever route or script writes it.
  hooks: {
    afterCreate: async ({ record, records }) => {
      requireActive(await records(markets).increment(String(record.market), { volume: String(record.amount) }));
    },
    afterUpdate: async ({ previous, record, records }) => {
      if (previous.market === record.market && previous.amount === record.amount) return;
      await records(markets).increment(String(previous.market), { volume: negate(String(previous.amount)) });
      const market = await records(markets).increment(String(record.market), { volume: String(record.amount) });
      if (previous.market !== record.market) requireActive(market);
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
    status: field.enum(['active', 'closed', 'resolved']).filterable(),
  },
  operations: ['list', 'read'],
  access: { list: allow.public, read: allow.public },
  description: 'Search entries of markets, refreshed by a background job after each change.',
});
