/** The state of one key's current window. */
export interface AttemptWindow {
  /** Attempts counted in the window, this one included. */
  count: number;
  /** When the window ends and the count starts over, in ms since the epoch. */
  resetAt: number;
}

/**
 * Where attempt counts live: in memory for one process (`createMemoryAttemptStore`), in
 * Redis when several instances must share them. Fixed windows: the first hit of a key
 * opens a window of `windowMs`, later hits only count, and the window is not extended.
 * Each method is one atomic step (in Redis: INCR + PEXPIRE NX, GET + PTTL, DEL, a script
 * for undo), so two
 * instances can never both see a count below the limit for the same attempt.
 */
export interface AttemptStore {
  /** Counts one attempt for `key`, opening a window of `windowMs` if none is running. */
  hit(key: string, windowMs: number): Promise<AttemptWindow>;
  /** The running window of `key` without counting, or `null` when there is none. */
  get(key: string): Promise<AttemptWindow | null>;
  /**
   * Takes back one hit of `key`'s running window, which keeps its end: the attempt was
   * counted but never judged (the check behind it failed). No-op without a window.
   */
  undo(key: string): Promise<void>;
  /** Forgets `key`: its next hit opens a new window. */
  reset(key: string): Promise<void>;
}
