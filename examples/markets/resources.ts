import { allow, field, resource, type Access, type Operation } from 'rampart';

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

type Rules = Record<Operation, Access>;

// Until authentication lands, nobody may write through the API: owners and write rules
// need a signed-in user. The seed script writes server-side.
const readOnly: Rules = {
  list: allow.public,
  read: allow.public,
  create: allow.nobody,
  update: allow.nobody,
  delete: allow.nobody,
};
const closed: Rules = { ...readOnly, list: allow.nobody, read: allow.nobody };

/** Builds the example's resources with the given rules (tests pass public writes). */
export function marketResources(rules: { markets: Rules; positions: Rules; posts: Rules }) {
  return {
    markets: resource('markets', {
      fields: marketFields,
      access: rules.markets,
      indexes: [['status', 'volume']],
      description: 'Prediction markets: a question that resolves yes or no.',
    }),
    positions: resource('positions', {
      fields: positionFields,
      access: rules.positions,
      description: 'A stake on one side of a market.',
    }),
    posts: resource('posts', { fields: postFields, access: rules.posts, description: 'Discussion posts.' }),
  };
}

export const { markets, positions, posts } = marketResources({ markets: readOnly, positions: closed, posts: readOnly });
