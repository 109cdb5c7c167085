import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { stopSignals } from '../process/stop-with-launchers.js';
import { createRestartBackoff, type RestartBackoff } from './restart-backoff.js';

/** Options of {@link superviseWorkers}. */
export interface SuperviseWorkersOptions {
  /** How many workers to keep running. */
  count: number;
  /** The primary's own log (workers log for themselves). */
  log: Logger;
  /** How long a worker may drain; past it plus a margin, stragglers are killed. */
  shutdownTimeoutMs: number;
  backoff?: RestartBackoff;
}

// Time for a worker's own timeout (it exits 1 after SHUTDOWN_TIMEOUT_MS) to act first.
const killMarginMs = 5000;

const pidOf = (worker: Worker) => worker.process.pid;

/**
 * The primary of `rampart start --workers N`: forks workers that re-run the same
 * command (node:cluster shares the listening port between them) and resolves with the
 * exit code once they have all stopped.
 *
 * - One worker starts first and the others only once it listens, so migrations,
 *   the first admin and a generated development secret are made by one process, not
 *   raced by N. If that worker stops before listening (bad configuration, port taken),
 *   nothing else starts and the code is 1: a restart loop would not fix it.
 * - A worker that stops on its own later is replaced after a backoff (1 s, doubling
 *   with each crash in the last minute, at most 30 s).
 * - SIGTERM, SIGINT or SIGHUP: every worker gets SIGTERM and drains as a single process does
 *   (core/lifecycle.ts); the code is 0 when every worker exited 0. A second signal, or
 *   workers outliving their shutdown timeout, kills the rest with code 1. A worker
 *   drains on the first stop signal and ignores the rest (commands/start.ts), so a
 *   signal to the whole process group (Ctrl-C, systemd, Heroku), which reaches each
 *   worker directly and again through this SIGTERM, starts one drain, not an exit.
 *
 * @example
 * if (cluster.isPrimary) process.exitCode = await superviseWorkers({ count: 4, log, shutdownTimeoutMs: 10_000 });
 */
export function superviseWorkers(options: SuperviseWorkersOptions): Promise<number> {
  const { count, log, shutdownTimeoutMs, backoff = createRestartBackoff() } = options;
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let failures = 0;
  const restarts = new Set<NodeJS.Timeout>();
  let deadline: NodeJS.Timeout | undefined;
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  return new Promise((resolve) => {
    const finish = (code: number) => {
      clearTimeout(deadline);
      for (const timer of restarts) clearTimeout(timer);
      for (const signal of stopSignals) process.off(signal, stop);
      cluster.off('listening', onListening);
      cluster.off('exit', onExit);
      resolve(code);
    };

    function onListening(worker: Worker) {
      log.info({ worker: worker.id, workerPid: pidOf(worker) }, 'worker listening');
      if (phase !== 'starting') return;
      phase = 'running';
      for (let i = 1; i < count; i++) cluster.fork();
    }

    function onExit(worker: Worker, code: number | null, signal: string | null) {
      const exit = { worker: worker.id, workerPid: pidOf(worker), code, signal };
      if (phase === 'stopping') {
        if (code !== 0) failures++;
        log.info(exit, 'worker stopped');
        if (live().length === 0) {
          log.info({ failures }, 'all workers stopped');
          finish(failures > 0 ? 1 : 0);
        }
        return;
      }
      if (phase === 'starting') {
        log.error(exit, 'the first worker stopped before listening; not starting the others');
        finish(1);
        return;
      }
      const delayMs = backoff.next();
      log.error({ ...exit, delayMs }, 'worker stopped unexpectedly; starting a replacement');
      const timer = setTimeout(() => {
        restarts.delete(timer);
        cluster.fork();
      }, delayMs);
      restarts.add(timer);
    }

    function stop(signal: NodeJS.Signals) {
      if (phase === 'stopping') {
        log.error({ signal }, 'second signal: killing the workers');
        for (const worker of live()) worker.process.kill('SIGKILL');
        finish(1);
        return;
      }
      phase = 'stopping';
      for (const timer of restarts) clearTimeout(timer);
      const workers = live();
      log.info({ signal, workers: workers.length }, 'shutting down: every worker drains');
      if (workers.length === 0) return finish(0);
      for (const worker of workers) worker.process.kill('SIGTERM');
      deadline = setTimeout(() => {
        const stuck = live();
        log.error({ workerPids: stuck.map(pidOf) }, `workers still running ${shutdownTimeoutMs + killMarginMs} ms after the signal; killing them`);
        for (const worker of stuck) worker.process.kill('SIGKILL');
        finish(1);
      }, shutdownTimeoutMs + killMarginMs);
    }

    cluster.on('listening', onListening);
    cluster.on('exit', onExit);
    for (const signal of stopSignals) process.on(signal, stop);
    log.info({ workers: count }, 'starting workers, one first');
    cluster.fork();
  });
}
