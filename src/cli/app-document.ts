import { createApp } from '../core/create-app.js';
import { loadAppModule } from './load-app.js';

/** An OpenAPI document as JSON: what `GET /openapi.json` answers. */
export type OpenApiJson = Record<string, unknown>;

/**
 * The OpenAPI document an app serves, built without touching its database: the app is
 * created on an in-memory SQLite database with no migration files, asked for
 * `/openapi.json`, and closed. The environment is the app's `env` option, else the
 * process's (global rate limits come from it, so they show as the app would run), except
 * what could stop a document from being built: `NODE_ENV` is `test` (production insists
 * on secrets the document does not need), logs are off (the document may go to standard
 * output), no Redis, and no job worker.
 *
 * @example
 * const document = await appDocument('examples/markets/app.ts');
 */
export async function appDocument(appPath?: string): Promise<OpenApiJson> {
  const options = await loadAppModule(appPath);
  const app = await createApp({
    ...options,
    migrations: { dir: false },
    logStream: undefined,
    env: { ...(options.env ?? process.env), DATABASE_URL: 'sqlite::memory:', NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: undefined, JOBS_WORKER: 'false' },
  });
  try {
    const response = await app.fastify.inject('/openapi.json');
    if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}: the app serves no document`);
    return response.json<OpenApiJson>();
  } finally {
    await app.close();
  }
}
