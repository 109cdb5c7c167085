/** How long to wait before retrying a failed job. */
export interface BackoffOptions {
  /** The delay after the first failure (ms; default 1000). */
  baseMs?: number;
  /** The longest delay (ms; default one hour). */
  maxMs?: number;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * base * 2^(n-1), capped. Half the delay is kept so retries never bunch up at zero; the
 * random half spreads the retries of many jobs that failed together (a dependency that
 * was down) instead of sending them back at the same instant.
 *
 * @example
 * retryDelay(3, { baseMs: 1000 }) // between 2000 and 4000
 */
export function retryDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 3_600_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
