import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../core/create-app.js';
import { loggerOptions } from '../../core/logger.js';
import { StartupError } from '../../errors/app-error.js';
import { firstScreen } from '../dev/first-screen.js';
import { readDotEnv } from '../dotenv.js';
import { loadAppModule } from '../load-app.js';
import { stopSignals, stopWithLaunchers } from '../process/stop-with-launchers.js';
import { superviseWorkers } from '../workers/supervise-workers.js';
import { resolveWorkerCount } from '../workers/worker-count.js';

/** Options of {@link start}. */
export interface StartOptions {
  /** `--workers`: a count or `auto`; see workers/worker-count.ts. */
  workers?: string;
}

/**
 * `rampart start [app] [--workers N|auto]`: builds the app and serves it until SIGTERM,
 * SIGINT or SIGHUP, or until the process that launched it exits (npx, npm run: see
 * process/stop-with-launchers.ts), then shuts down gracefully (see core/lifecycle.ts): exit 0, or 1 when
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
  const supervised = superviseWorkers({ count, log, shutdownTimeoutMs: config.shutdownTimeoutMs });
  const unwatch = stopWithLaunchers({ onExit: (pid) => log.info({ launcher: pid }, launcherExited) });
  try {
    return await supervised;
  } finally {
    unwatch();
  }
}

const launcherExited = 'the process that started this one exited without passing a signal on; shutting down';

/** Runs one server process: the whole app when alone, or one worker of a cluster. */
async function serve(appPath: string | undefined, isWorker: boolean): Promise<void> {
  const options = await loadAppModule(appPath);
  const app = await createApp(options);
  let address: string;
  try {
    address = await app.listen();
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    // Say what to change, not only what the kernel said.
    if (code === 'EADDRINUSE') {
      throw new StartupError('RAMPART_CONFIG_INVALID', `PORT ${app.config.port} on ${app.config.host} is in use (EADDRINUSE): stop what listens there or set PORT to a free port`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new StartupError('RAMPART_CONFIG_INVALID', `cannot listen on ${app.config.host}:${app.config.port} (${code}): set HOST to an address of this machine and PORT to one you may use (above 1023)`);
    }
    throw error;
  }
  const log = app.fastify.log;
  let stopping = false;
  const closer = closeWithGrace(
    // A worker takes its stop signals itself (below); close-with-grace still handles
    // the other signals and crashes, and exits 1 past the timeout.
    { delay: app.config.shutdownTimeoutMs, logger: { error: (message: unknown) => log.error(message) }, ...(isWorker ? { skip: [...stopSignals] } : {}) },
    async ({ signal, err, manual }) => {
      stopping = true;
      if (err) log.error({ err }, 'fatal error, shutting down');
      // A worker's signal handler below has logged its own.
      else if (!manual) log.info({ signal }, 'shutting down');
      await app.close();
    },
  );
  // Workers need no watch: node:cluster ends them when the primary's channel closes.
  if (!isWorker) {
    stopWithLaunchers({ onExit: (pid) => log.info({ launcher: pid }, launcherExited) });
    // A person at a terminal (or under rampart dev) gets the first screen, once the stop
    // signals have their handlers; logs stay JSON lines for machines.
    const watching = process.env.RAMPART_DEV === '1';
    if (watching || (app.config.nodeEnv === 'development' && process.stdout.isTTY)) {
      const fromDotEnv = Object.entries(readDotEnv()).flatMap(([name, value]) => (process.env[name] === value ? [name] : []));
      // Shutting down already (a signal during boot): the screen would only get in the way.
      const screen = stopping ? undefined : await firstScreen({ app, options, appPath: appPath ?? 'app.ts', address, fromDotEnv, watching }).catch(() => undefined);
      if (screen) console.log(screen);
    }
    return;
  }
  // Alone, a second signal means "exit now" (close-with-grace's rule): the operator
  // insists. A worker cannot read a repeat that way: a signal to the whole process group
  // (Ctrl-C, systemd's default KillMode=control-group, Heroku, `kill -- -PGID`) reaches
  // it from outside and again from the primary, which passes every stop on. So a worker
  // drains on the first stop signal and ignores the rest, while the primary still
  // bounds the shutdown (its kill deadline, and SIGKILL on its own second signal).
  // Asking workers over IPC instead would not spare this: the group's signal arrives
  // anyway, and a worker should behave the same whoever signals it.
  const onStopSignal = (signal: NodeJS.Signals) => {
    if (stopping) return log.info({ signal }, 'already shutting down; signal ignored');
    stopping = true;
    log.info({ signal }, 'shutting down');
    closer.close();
  };
  for (const signal of stopSignals) process.on(signal, onStopSignal);
}
