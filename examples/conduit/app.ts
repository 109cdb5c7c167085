import { fileURLToPath } from 'node:url';
import { defineApp, envelope, errorFormat, errorsByField, z } from 'rampart';
import { articles, comments, favorites, follows, users } from './resources.js';
import { favorite, follow, unfavorite, unfollow } from './relations.js';
import { currentUser, login, register, updateUser } from './users.js';

/**
 * RealWorld's errors: 422 `{ "errors": { "<field>": ["message"] } }` for anything the
 * client sent wrong, messages without a field under `body`; other statuses keep theirs.
 */
const unprocessable = new Set(['RAMPART_VALIDATION', 'RAMPART_INVALID_QUERY', 'RAMPART_UNIQUE_VIOLATION', 'RAMPART_CONFLICT']);
const conduitErrors = errorFormat({
  status: (e) => (unprocessable.has(e.code) ? 422 : e.status),
  schema: z.object({ errors: z.record(z.string(), z.array(z.string())) }),
  name: 'GenericErrorModel',
  // `body.article.title` → `title`; an array element names its array.
  body: (e) => ({ errors: errorsByField(e, { key: (issue) => issue.path.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) }) }),
});

/** The RealWorld ("Conduit") backend: `npm run example:conduit` serves it under /api. */
export default defineApp({
  api: { basePath: '/api', envelope: envelope.named(), builtIn: { admin: false } },
  authSchemes: ['Token'],
  auth: { accessTokenTtl: 3600 },
  errors: conduitErrors,
  users,
  resources: [follows, articles, favorites, comments],
  routes: [register, login, currentUser, updateUser, favorite, unfavorite, follow, unfollow],
  migrations: { dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  info: { title: 'Conduit API (Rampart example)', version: '1.0.0', description: 'The RealWorld backend, declared on Rampart.' },
});
