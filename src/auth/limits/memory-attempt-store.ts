import type { AttemptStore, AttemptWindow } from './attempt-store.js';

/** Options of {@link createMemoryAttemptStore}. */
export interface MemoryAttemptStoreOptions {
  /**
   * Most keys kept at once (default 100,000, a few MB at most). Past it the least
   * recently hit key is dropped, so a flood of distinct keys costs bounded memory; the
   * price is that a key hit less recently than the last `maxKeys` others starts over.
   */
  maxKeys?: number;
  /** The clock, in ms since the epoch; tests pass a fake one. */
  now?: () => number;
}

/** An in-memory {@link AttemptStore} that also reports how many keys it holds. */
export interface MemoryAttemptStore extends AttemptStore {
  readonly size: number;
}

// Expired windows are dropped a few at a time from the least recently hit end, so
// cleanup is spread over hits instead of needing a timer that would keep the process alive.
const sweepPerHit = 2;

/**
 * A bounded in-memory attempt store for a single process. Keys are kept in a Map in
 * order of their last hit (a hit moves its key to the end), which makes the Map an LRU.
 *
 * @example
 * const store = createMemoryAttemptStore({ maxKeys: 100_000 });
 * await store.hit('login:ann@example.com', 3_600_000); // { count: 1, resetAt: ... }
 */
export function createMemoryAttemptStore(options: MemoryAttemptStoreOptions = {}): MemoryAttemptStore {
  const { maxKeys = 100_000, now = Date.now } = options;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys: expected a positive integer, got ${maxKeys}`);
  const windows = new Map<string, AttemptWindow>();

  const live = (key: string, t: number): AttemptWindow | undefined => {
    const window = windows.get(key);
    if (window === undefined || window.resetAt > t) return window;
    windows.delete(key);
    return undefined;
  };

  const sweep = (t: number) => {
    let checked = 0;
    for (const [key, window] of windows) {
      if (checked++ === sweepPerHit) break;
      if (window.resetAt <= t) windows.delete(key);
    }
  };

  return {
    get size() {
      return windows.size;
    },

    async hit(key, windowMs) {
      if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs: expected a positive number, got ${windowMs}`);
      const t = now();
      sweep(t);
      const current = live(key, t);
      const window = current ? { count: current.count + 1, resetAt: current.resetAt } : { count: 1, resetAt: t + windowMs };
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > maxKeys) windows.delete(windows.keys().next().value as string);
      return { ...window };
    },

    async get(key) {
      const window = live(key, now());
      return window ? { ...window } : null;
    },

    async undo(key) {
      const window = live(key, now());
      if (window && window.count > 1) window.count -= 1;
      else if (window) windows.delete(key);
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
