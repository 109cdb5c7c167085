import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './processes.js';

/** The Redis the suite shares (CI and development machines run one here). */
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test (or parallel test file) uses, for REDIS_PREFIX. */
export function uniquePrefix(label = 'test'): string {
  return `rampart-test:${label}:${randomUUID()}:`;
}

/** Whether a Redis answers PING at `url` within a second. */
export async function redisAnswers(url = redisUrl): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Whether the shared Redis is there for a test file. Without it the file's tests skip,
 * with a line that says so; in CI, which starts Redis, its absence is a broken setup
 * and fails the file instead.
 */
export async function needRedis(what: string): Promise<boolean> {
  if (await redisAnswers()) return true;
  const message = `no Redis answers at ${redisUrl}; ${what}`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI must run Redis`);
  console.warn(`${message}: skipped (start one with: redis-server --port 6379 --save "" --appendonly no)`);
  return false;
}

/** Whether a `redis-server` binary is on the PATH; same skip-or-fail rule as {@link needRedis}. */
export function needRedisServerBinary(what: string): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  const message = `no redis-server binary on the PATH; ${what}`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI must install Redis`);
  console.warn(`${message}: skipped (apt-get install redis-server)`);
  return false;
}

/** A `redis-server` of the test's own, to stop and start again on the same port. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) and resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server at once (SIGKILL: no goodbye to clients) and waits for it to exit. */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as in a partition. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
}

/** Prepares a throwaway `redis-server` on a free port, without persistence. */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  return {
    port,
    url,
    async start() {
      const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      child = server;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${server.exitCode}`);
        if (await redisAnswers(url)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      server.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer within 10 s`);
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async kill() {
      const server = child;
      child = undefined;
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    },
  };
}
