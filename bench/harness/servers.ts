import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { pinServer, type Pinning } from './pin.js';
import { freePort, startServer, type RunningServer } from './processes.js';
import { jwtAudience, jwtIssuer } from './fixtures.js';

/*
 * How each server under test is started. All run as child processes, pinned to the
 * server core once they answer (pin.ts), through tsx (the Rampart CLI loads TypeScript apps with it, so the baselines get
 * the same loader), with the same database, secret, issuer and audience.
 */

export const serverNames = ['rampart', 'fastify', 'express', 'node-http'] as const;
export type ServerName = (typeof serverNames)[number];

/** One secret per benchmark run; tokens are minted with it. */
export const jwtSecret = randomBytes(48).toString('base64url');

/** What every server of a run shares. */
export interface ServerContext {
  pinning: Pinning | null;
  /** `--cpu-prof`: where the servers write their profiles, if profiling. */
  profileDir?: string;
  /** Another checkout to start the server from (to compare two versions of Rampart). */
  cwd?: string;
}

/** Starts one server on `databaseUrl`; `extraEnv` adds or overrides Rampart's variables. */
export async function startNamed(
  name: ServerName,
  databaseUrl: string,
  context: ServerContext,
  extraEnv: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: jwtSecret,
    JWT_ISSUER: jwtIssuer,
    JWT_AUDIENCE: jwtAudience,
  };
  let argv: string[];
  const profiling = context.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${context.profileDir}`] : [];
  if (context.profileDir) mkdirSync(context.profileDir, { recursive: true });
  if (name === 'rampart') {
    Object.assign(env, {
      // Production, logging every request at info (to /dev/null: see processes.ts).
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      // The limiter still counts every request; the budget is raised only because the
      // whole benchmark comes from one address and a handful of users.
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      ...extraEnv,
    });
    argv = [process.execPath, ...profiling, 'bin/rampart.mjs', 'start', 'bench/rampart/app.ts'];
  } else {
    argv = [process.execPath, ...profiling, '--import', 'tsx', `bench/baselines/${name}.ts`];
  }
  const server = await startServer({ name, argv, env, port, readyPath: '/api/v1/hello', cwd: context.cwd });
  pinServer(context.pinning, server.pid);
  return server;
}
