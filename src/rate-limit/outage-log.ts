/** Where an {@link OutageLog} writes; a pino logger fits. */
export interface OutageLogTarget {
  warn(object: object, message: string): void;
}

/** Options of {@link createOutageLog}. */
export interface OutageLogOptions {
  log: OutageLogTarget;
  /** The message of each warning. */
  message: string;
  /** At most one warning per this many ms (default 60 s). */
  everyMs?: number;
  /** The clock, in ms since the epoch; tests pass a fake one. */
  now?: () => number;
}

/** Reports store failures to the log at a bounded rate; see {@link createOutageLog}. */
export interface OutageLog {
  report(error: unknown): void;
}

/**
 * A warning for a failing store that is written at most once a period, with the count
 * of failures since the last one. While Redis is down every request fails to reach it:
 * one line per request would flood the log (and its shipping costs) exactly when
 * operators need to read it.
 *
 * @example
 * const outage = createOutageLog({ log: app.log, message: 'rate limit store unreachable' });
 * store.incr(key).catch((error) => outage.report(error));
 */
export function createOutageLog(options: OutageLogOptions): OutageLog {
  const { log, message, everyMs = 60_000, now = Date.now } = options;
  let lastAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  return {
    report(error) {
      failures++;
      const t = now();
      if (t - lastAt < everyMs) return;
      lastAt = t;
      log.warn({ err: error instanceof Error ? error.message : String(error), failures }, message);
      failures = 0;
    },
  };
}
