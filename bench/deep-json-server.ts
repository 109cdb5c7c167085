/*
 * The server side of bench/deep-json.ts: a markets resource (creating a market needs a
 * signed-in user) and one public route taking a JSON body, on an
 * in-memory database, listening on 127.0.0.1:$PORT. Rate limits are raised out of the
 * way: the attack modelled comes from many addresses, which one address's budget
 * would not stop.
 */
import { z } from 'zod';
import { allow, createApp, field, resource, route } from '../src/index.js';

// Imported from src, not from 'rampart' (dist), so the script runs without a build.
const markets = resource('markets', {
  fields: { name: field.string({ min: 1, max: 200 }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.authenticated, delete: allow.authenticated },
});

const echo = route({
  method: 'POST',
  path: '/api/v1/echo',
  access: allow.public,
  body: z.strictObject({ text: z.string().max(100) }),
  handler: ({ body }) => ({ data: body }),
});

const app = await createApp({
  resources: [markets],
  routes: [echo],
  migrations: { dir: false },
  env: {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'sqlite::memory:',
    HOST: '127.0.0.1',
    PORT: process.env.PORT ?? '0',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    JOBS_WORKER: 'false',
  },
});
await app.listen();
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
