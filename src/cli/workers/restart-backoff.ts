/** Options of {@link createRestartBackoff}. */
export interface RestartBackoffOptions {
  /** The delay after a first crash (default 1 s). */
  baseMs?: number;
  /** The longest delay (default 30 s). */
  maxMs?: number;
  /** Crashes older than this no longer count (default 60 s). */
  windowMs?: number;
  /** The clock, in ms since the epoch; tests pass a fake one. */
  now?: () => number;
}

/** Delays before restarting crashed workers; see {@link createRestartBackoff}. */
export interface RestartBackoff {
  /** Records a crash and returns how long to wait before the replacement starts. */
  next(): number;
}

/**
 * Exponential backoff over the crashes of the last minute: 1 s, 2 s, 4 s... up to 30 s.
 * A worker that dies at boot (a database that refuses connections, a bad deploy) would
 * otherwise be restarted in a tight loop, burning CPU and flooding the log; a calm
 * minute brings the delay back to 1 s.
 *
 * @example
 * const backoff = createRestartBackoff();
 * cluster.on('exit', () => setTimeout(forkWorker, backoff.next()));
 */
export function createRestartBackoff(options: RestartBackoffOptions = {}): RestartBackoff {
  const { baseMs = 1000, maxMs = 30_000, windowMs = 60_000, now = Date.now } = options;
  let crashes: number[] = [];
  return {
    next() {
      const t = now();
      crashes = crashes.filter((at) => t - at < windowMs);
      crashes.push(t);
      return Math.min(maxMs, baseMs * 2 ** (crashes.length - 1));
    },
  };
}
