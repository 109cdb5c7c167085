/**
 * Test support for this folder (imported by tests only): a small app declaration with
 * every shape the generator has to document.
 */
import { z } from 'zod';
import { allow } from '../policies/rule.js';
import { field } from '../resources/fields/index.js';
import { resource, type AnyResource } from '../resources/resource.js';
import { route, type AnyRoute } from '../routes/route.js';

/** String, enum, decimal, timestamp and searchable fields; all five operations. */
export const markets = resource('markets', {
  fields: {
    name: field.string({ min: 1, max: 200 }).searchable().describe('The question the market resolves.'),
    status: field.enum(['active', 'closed', 'resolved']).default('active').filterable(),
    volume: field.decimal({ min: '0' }).default('0').filterable().sortable(),
    closesAt: field.timestamp().optional().filterable(),
    fee: field.decimal({ scale: 4 }).optional(),
  },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
  description: 'Prediction markets.',
}) as unknown as AnyResource;

/** A reference to markets (restrict on delete), a unique field, a non-public rule. */
export const positions = resource('positions', {
  fields: {
    market: field.reference('markets').filterable(),
    side: field.enum(['yes', 'no']).filterable(),
    amount: field.decimal({ min: '0', exclusiveMin: true }).filterable().sortable(),
    ticket: field.string({ max: 40 }).unique(),
    total: field.integer().default(0).filterable(),
  },
  access: {
    list: allow.public,
    read: allow.public,
    create: allow.custom('signedIn', (ctx) => ctx.user !== null),
    update: allow.public,
    delete: allow.nobody,
  },
}) as unknown as AnyResource;

/** Only list and read; nothing searchable, nothing referenced. */
export const categories = resource('categories', {
  fields: { label: field.string({ max: 100 }).filterable().sortable() },
  access: { list: allow.public, read: allow.public },
  operations: ['list', 'read'],
}) as unknown as AnyResource;

/** A custom route with params, query, body and response. */
export const resolveMarket = route({
  method: 'POST',
  path: '/api/v1/markets/:id/resolve',
  access: allow.public,
  summary: 'Resolve a market',
  description: 'Settles every position of the market.',
  params: z.strictObject({ id: z.uuid() }),
  query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional().describe('Only report what would change.') }),
  body: z.strictObject({ outcome: z.enum(['yes', 'no']), at: z.date().optional() }),
  response: z.object({ data: z.object({ settled: z.int(), resolvedAt: z.date() }) }),
  handler: () => ({ data: { settled: 0, resolvedAt: new Date() } }),
}) as AnyRoute;

type Node = { name: string; children: Node[] };
const node: z.ZodType<Node> = z.object({
  name: z.string(),
  get children() {
    return z.array(node);
  },
});

/** A recursive response, a tag, a 204 and a custom access function. */
export const routes: AnyRoute[] = [
  resolveMarket,
  route({
    method: 'GET',
    path: '/api/v1/tree/:depth(^\\d+)',
    access: function staff() {
      return false;
    },
    tags: ['tree'],
    errors: ['RAMPART_CONFLICT', 'RAMPART_IDEMPOTENCY_KEY_REUSED'],
    params: z.strictObject({ depth: z.coerce.number().int() }),
    response: z.object({ data: node }),
    handler: () => ({ data: { name: 'root', children: [] } }),
  }) as AnyRoute,
  route({
    method: 'DELETE',
    path: '/api/v1/cache/:scope',
    access: allow.public,
    status: 204,
    handler: () => undefined,
  }) as AnyRoute,
  route({
    method: 'POST',
    path: '/api/v1/internal/reindex',
    access: allow.nobody,
    handler: () => undefined,
  }) as AnyRoute,
];

/** The resources above, in declaration order. */
export const resources: AnyResource[] = [markets, positions, categories];
