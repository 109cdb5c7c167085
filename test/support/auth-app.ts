import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp, type AppOptions, type RampartApp } from 'rampart';
import { markets, positions, posts, searchEntries } from '../../examples/markets/resources.js';
import { jobs } from '../../examples/markets/jobs.js';
import { createTestDatabaseUrl } from '../../src/db/test-database-url.js';
import { LogCapture } from './log-capture.js';

export const jwtSecret = 'test-secret-0123456789-0123456789-abcdef';
export const adminEmail = 'root@example.com';
export const adminPassword = 'correct horse battery staple';

export interface AuthApp {
  app: RampartApp;
  logs: LogCapture;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Registers a user and returns its session body's data. */
  register(email: string, password?: string): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  close(): Promise<void>;
}

let counter = 0;

/** The markets example with its real rules, on a fresh database of the run's dialect, with a first admin. */
export async function startAuthApp(env: Record<string, string> = {}, extra: AppOptions = {}): Promise<AuthApp> {
  const database = await createTestDatabaseUrl();
  const logs = new LogCapture();
  const app = await createApp({
    resources: [markets, positions, posts, searchEntries],
    jobs,
    ...extra,
    migrations: { dir: false },
    logStream: logs,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: database.url,
      JWT_SECRET: jwtSecret,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      ...env,
    },
  });
  // Every request comes from a new address, so per-IP budgets only bite in the tests
  // that pin an address on purpose.
  const inject = (options: InjectOptions) => {
    counter++;
    return app.fastify.inject({ remoteAddress: `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`, ...options });
  };
  return {
    app,
    logs,
    inject,
    async register(email, password = `pass phrase for ${email}`) {
      const res = await inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password } });
      if (res.statusCode !== 201) throw new Error(`register ${email}: ${res.statusCode} ${res.body}`);
      return res.json().data;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
