import { allow, field, resource } from 'rampart';

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
  fields: marketFields,
  owner: 'creator',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: ownerOrAdmin, delete: ownerOrAdmin },
  indexes: [['status', 'volume']],
  // Public reads, read far more often than written: answers are cached for 30 s, and
  // every write drops them at once.
  cache: { ttl: 30 },
  description: 'Prediction markets: a question that resolves yes or no.',
});

/** Positions are private: only their owner sees or touches them. */
export const positions = resource('positions', {
  fields: positionFields,
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
  description: 'A stake on one side of a market, visible to its owner only.',
});

/** Posts: anyone reads; signed-in users write (as author); authors and admins change. */
export const posts = resource('posts', {
  fields: postFields,
  owner: 'author',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: ownerOrAdmin, delete: ownerOrAdmin },
  description: 'Discussion posts.',
});
