import { createTestDatabaseUrl } from '../../src/db/test-database-url.js';
import { allow, createApp, resource, type Access, type AppOptions, type Operation, type RampartApp } from 'rampart';
import { marketFields, positionFields, postFields } from '../../examples/markets/resources.js';
import { LogCapture } from './log-capture.js';

/** Every operation public: for tests of the machinery rather than of access rules. */
export const everyone: Record<Operation, Access> = {
  list: allow.public,
  read: allow.public,
  create: allow.public,
  update: allow.public,
  delete: allow.public,
};

/**
 * The example's fields as resources without owners and with public rules, for tests
 * of the resource machinery itself (CRUD, queries, errors) without signing in.
 */
export function publicResources() {
  return {
    markets: resource('markets', { fields: marketFields, access: everyone, indexes: [['status', 'volume']] }),
    positions: resource('positions', { fields: positionFields, access: everyone }),
    posts: resource('posts', { fields: postFields, access: everyone }),
  };
}

export interface TestApp {
  app: RampartApp;
  logs: LogCapture;
  dir: string;
  close(): Promise<void>;
}

/**
 * Builds an app on a fresh database of the run's dialect (a SQLite file, or a
 * PostgreSQL schema; see src/db/test-database-url.ts). Every call gets its own, so tests
 * never see each other's rows.
 */
export async function startTestApp(options: AppOptions = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabaseUrl();
  const { dir } = database;
  const logs = new LogCapture();
  const r = publicResources();
  const app = await createApp({
    resources: [r.markets, r.positions, r.posts],
    migrations: { dir: false },
    logStream: logs,
    ...options,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, ...env },
  });
  return {
    app,
    logs,
    dir,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
