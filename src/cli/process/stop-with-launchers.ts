import { launchers } from './launchers.js';

/** The signals `rampart start` stops on (drains, then exits). */
export const stopSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Options of {@link stopWithLaunchers}. */
export interface StopWithLaunchersOptions {
  /** Told which launcher exited, just before the process signals itself. */
  onExit: (pid: number) => void;
  /** How often the launchers are looked at (default 500 ms). */
  intervalMs?: number;
}

/**
 * Makes `rampart start` stop, as on SIGTERM, when a process that launched it exits (see
 * {@link launchers}). Wrappers do not all pass signals on: `npx` and `npm run` forward
 * SIGTERM and SIGINT only to the `sh -c` they start, which dies of them without passing
 * them to the server, and npm dies of SIGHUP, or of SIGKILL, without a word to anyone.
 * The server would then run on, orphaned, holding its port. Node has no parent-death
 * signal (Linux's PR_SET_PDEATHSIG), so the chain is looked at twice a second: a
 * launcher that exits has its child adopted by another process, which breaks the chain.
 *
 * The process then sends itself SIGTERM, so the one shutdown path (drain, exit code)
 * runs exactly as for a signal that had arrived. Once a stop signal has arrived the watch
 * ends: a launcher exiting then (Ctrl-C reaches the whole group) is expected, and a
 * second SIGTERM would cut the drain short. Call it where stop signals have handlers.
 * Returns a function that ends the watch.
 *
 * @example
 * stopWithLaunchers({ onExit: (pid) => log.info({ launcher: pid }, 'the launcher exited; shutting down') });
 */
export function stopWithLaunchers(options: StopWithLaunchersOptions): () => void {
  const chain = launchers();
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const now = launchers();
    const gone = chain.find((pid, i) => now[i] !== pid);
    if (gone === undefined) return;
    end();
    options.onExit(gone);
    process.kill(process.pid, 'SIGTERM');
  }, options.intervalMs ?? 500);
  // The watch alone must not keep a process alive that is otherwise done.
  timer.unref();
  function end() {
    clearInterval(timer);
    for (const signal of stopSignals) process.off(signal, end);
  }
  for (const signal of stopSignals) process.once(signal, end);
  return end;
}
