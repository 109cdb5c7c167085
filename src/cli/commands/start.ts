import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../core/create-app.js';
import { loggerOptions } from '../../core/logger.js';
import { StartupError } from '../../errors/app-error.js';
import { loadAppModule } from '../load-app.js';
import { superviseWorkers } from '../workers/supervise-workers.js';
import { resolveWorkerCount } from '../workers/worker-count.js';

/** Options of {@link start}. */
export interface StartOptions {
  /** `--workers`: a count or `auto`; see workers/worker-count.ts. */
  workers?: string;
}

/**
 * `rampart start [app] [--workers N|auto]`: builds the app and serves it until SIGTERM
 * or SIGINT, then shuts down gracefully (see core/lifecycle.ts): exit 0, or 1 when
 * in-flight work outlives SHUTDOWN_TIMEOUT_MS. A failure to listen (port taken, bad
 * host) closes the app and fails the command. With more than one worker this process
 * becomes the primary of a cluster (workers/supervise-workers.ts) and each worker runs
 * this same command; resolves with the exit code once the primary is done.
 */
export async function start(appPath: string | undefined, options: StartOptions = {}): Promise<number> {
  if (cluster.isWorker) {
    // The IPC channel to the primary would keep a worker that failed to start alive;
    // disconnecting lets it exit with the code run() sets.
    await serve(appPath, true).catch((error: unknown) => {
      cluster.worker?.disconnect();
      throw error;
    });
    return 0;
  }
  const count = resolveWorkerCount(options.workers, process.env);
  if (count === 1) {
    await serve(appPath, false);
    return 0;
  }
  // Checked here, once, so a bad module or variable stops the command before any fork.
  const app = await loadAppModule(appPath);
  const config = loadConfig(app.env ?? process.env);
  if (config.databaseUrl === 'sqlite::memory:') {
    throw new StartupError(
      'RAMPART_CONFIG_INVALID',
      `DATABASE_URL: sqlite::memory: would give each of the ${count} workers a database of its own; use a file (sqlite:data/app.db) or PostgreSQL, or one worker`,
    );
  }
  const log = pino(loggerOptions(config));
  if (!config.redisUrl) {
    log.warn(
      { workers: count },
      'REDIS_URL is not set: each worker keeps its own rate limits, login attempt counts and cache, so clients get up to that many times the budgets; set REDIS_URL to share them',
    );
  }
  return superviseWorkers({ count, log, shutdownTimeoutMs: config.shutdownTimeoutMs });
}

/** Runs one server process: the whole app when alone, or one worker of a cluster. */
async function serve(appPath: string | undefined, isWorker: boolean): Promise<void> {
  const app = await createApp(await loadAppModule(appPath));
  try {
    await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  const log = app.fastify.log;
  // A worker leaves SIGINT to the primary: Ctrl-C signals the whole process group, and
  // close-with-grace treats a second signal as "exit now", which the primary's SIGTERM
  // would be.
  if (isWorker) process.on('SIGINT', () => undefined);
  closeWithGrace(
    { delay: app.config.shutdownTimeoutMs, logger: { error: (message: unknown) => log.error(message) }, ...(isWorker ? { skip: ['SIGINT'] } : {}) },
    async ({ signal, err }) => {
      if (err) log.error({ err }, 'fatal error, shutting down');
      else log.info({ signal }, 'shutting down');
      await app.close();
    },
  );
}
