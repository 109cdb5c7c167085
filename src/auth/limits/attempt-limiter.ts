import { createHash, createHmac } from 'node:crypto';
import type { AttemptStore, AttemptWindow } from './attempt-store.js';

/** Options of {@link createAttemptLimiter}. */
export interface AttemptLimiterOptions {
  store: AttemptStore;
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
  /** Set apart from other limiters sharing the store: `login-account`, `reset-email`... */
  prefix?: string;
  /**
   * When set, a key reaches the store only as HMAC-SHA256 under this secret, so Redis
   * (or a heap dump) holds no email or address, and nobody without the secret can test
   * a guess against it. Instances sharing a store must share the secret.
   */
  keySecret?: Buffer;
  /** The clock, in ms since the epoch, for `retryAfterSeconds`; tests pass a fake one. */
  now?: () => number;
}

/** Whether an attempt may go ahead. */
export interface AttemptDecision {
  allowed: boolean;
  /** Attempts left in the window after this one. */
  remaining: number;
  /** For `Retry-After` when refused; 0 when allowed. */
  retryAfterSeconds: number;
}

/** A budget of attempts per key and window; see {@link createAttemptLimiter}. */
export interface AttemptLimiter {
  /** Counts one attempt and says whether it is within the budget. Call it before the work. */
  consume(key: string): Promise<AttemptDecision>;
  /** Whether a next attempt would be allowed, without counting one. */
  check(key: string): Promise<AttemptDecision>;
  /**
   * Gives back an attempt `consume` counted that was never judged: the check behind it
   * failed (database down), so it says nothing about the guesser.
   */
  refund(key: string): Promise<void>;
  /** Clears the key's count, e.g. after a successful login to that account. */
  reset(key: string): Promise<void>;
}

// Keys may hold user input (an email); long ones are hashed so store memory stays bounded.
const maxPlainKey = 200;

/**
 * A fixed-window attempt limiter for things like "5 failed logins per account per
 * hour" or "3 password-reset emails per address per hour".
 *
 * The attempt is counted before the expensive work, not after it fails: counting
 * failures afterwards would let 100 concurrent guesses all pass a check made before any
 * of them failed. A success then clears the count with `reset`, so what remains counted
 * is failures. Reset only keys that the success proves (the account just logged in to),
 * never a per-IP key, or an attacker could clear it by logging in to their own account.
 *
 * @example
 * const logins = createAttemptLimiter({ store, max: 5, windowMs: 3_600_000, prefix: 'login-account' });
 * const decision = await logins.consume(email);
 * if (!decision.allowed) throw new AppError('RAMPART_RATE_LIMITED', 'Too many attempts.', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
 * const user = await users.verifyCredentials(email, password);
 * if (user) await logins.reset(email);
 */
export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const { store, max, windowMs, prefix = '', keySecret, now = Date.now } = options;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max: expected a positive integer, got ${max}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`windowMs: expected a positive integer, got ${windowMs}`);

  const storeKey = (key: string) => {
    if (keySecret) return `${prefix || 'key'}:${createHmac('sha256', keySecret).update(`${prefix}\0${key}`).digest('base64url')}`;
    const plain = key.length <= maxPlainKey ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
    return prefix ? `${prefix}:${plain}` : plain;
  };

  // `remaining` counts from the attempts already in the window, this one included.
  const decide = (window: AttemptWindow | null, allowed: boolean): AttemptDecision => ({
    allowed,
    remaining: Math.max(0, max - (window?.count ?? 0)),
    retryAfterSeconds: allowed || !window ? 0 : Math.max(1, Math.ceil((window.resetAt - now()) / 1000)),
  });

  return {
    async consume(key) {
      const window = await store.hit(storeKey(key), windowMs);
      return decide(window, window.count <= max);
    },
    async check(key) {
      const window = await store.get(storeKey(key));
      return decide(window, (window?.count ?? 0) < max);
    },
    refund(key) {
      return store.undo(storeKey(key));
    },
    reset(key) {
      return store.reset(storeKey(key));
    },
  };
}
