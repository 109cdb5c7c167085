/*
 * The Rampart side of the benchmark: the markets example's resources, one trivial
 * custom route for S1 and S7's articles (articles.ts), built only on the public API (`rampart`) and served by
 * `rampart start bench/rampart/app.ts`, as an app in production would be.
 *
 * One deliberate difference from examples/markets: markets are declared without
 * `cache`. The baselines query SQLite on every request, and S3/S6 measure that query;
 * a cached Rampart answer would measure the cache instead.
 */
import { z } from 'zod';
import { allow, defineApp, resource, route } from 'rampart';
import { marketFields, positions, posts } from '../../examples/markets/resources.js';
import { articles, comments, favorites } from './articles.js';
export { articles, comments, favorites, positions, posts };

const ownerOrAdmin = allow.any(allow.owner, allow.role('admin'));

/** The example's markets, uncached (see above); same fields, owner, rules and index. */
export const markets = resource('markets', {
  fields: marketFields,
  owner: 'creator',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: ownerOrAdmin, delete: ownerOrAdmin },
  indexes: [['status', 'volume']],
});

/** S1: the smallest route there is, so what is measured is the default stack around it. */
export const hello = route({
  method: 'GET',
  path: '/api/v1/hello',
  access: allow.public,
  response: z.object({ data: z.object({ hello: z.string() }) }),
  handler: () => ({ data: { hello: 'world' } }),
});

export default defineApp({
  resources: [markets, positions, posts, articles, favorites, comments],
  routes: [hello],
  // The benchmark database is made by bench/harness/seed.ts, which boots this app once
  // (outside production) to create the schema; production then finds it up to date.
  migrations: { dir: false },
  info: { title: 'Rampart benchmark app', version: '1.0.0' },
});
