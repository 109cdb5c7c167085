import { fileURLToPath } from 'node:url';
import { defineApp } from 'rampart';
import { markets, positions, posts, searchEntries } from './resources.js';
import { orders } from './orders.js';
import { stripeWebhook } from './webhooks.js';
import { jobs } from './jobs.js';
import { openPosition } from './routes.js';

/** The prediction-market example: `npm start` serves it, `npm run seed` fills it. */
export default defineApp({
  resources: [markets, positions, posts, orders, searchEntries],
  routes: [openPosition],
  jobs,
  webhooks: [stripeWebhook],
  migrations: { dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  info: {
    title: 'Markets API (Rampart example)',
    version: '1.0.0',
    description: 'Prediction markets, positions and posts, served by Rampart.',
  },
});
