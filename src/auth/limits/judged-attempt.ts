import type { AttemptDecision, AttemptLimiter } from './attempt-limiter.js';

/** Options of {@link judgedAttempt}. */
export interface JudgedAttemptOptions<T> {
  limiter: AttemptLimiter;
  /** The budget's key: the account's normalized email. */
  key: string;
  /** Checks the credentials: a value when right, `null` when wrong, a throw when it could not tell. */
  judge: () => Promise<T | null>;
  /** The error for an attempt over the budget (a 429 with `Retry-After`). */
  refused: (decision: AttemptDecision) => Error;
}

/**
 * Runs one credential check under an attempt budget, so that only judged attempts
 * count: the attempt is counted before the check (concurrent guesses cannot all slip
 * under the limit), given back when the check throws (database down: a 503 says
 * nothing about the guesser, and must not lock the account out once the outage ends),
 * kept when the credentials are wrong, and the count is cleared when they are right.
 * Every credential check behind a budget (login, password change) goes through here.
 *
 * @example
 * const user = await judgedAttempt({
 *   limiter: logins, key: email,
 *   judge: () => users.verifyCredentials(email, password),
 *   refused: (d) => new AppError('RAMPART_RATE_LIMITED', 'Too many attempts.', { headers: { 'retry-after': String(d.retryAfterSeconds) } }),
 * });
 * if (!user) throw badCredentials();
 */
export async function judgedAttempt<T>(options: JudgedAttemptOptions<T>): Promise<T | null> {
  const { limiter, key, judge, refused } = options;
  const decision = await limiter.consume(key);
  if (!decision.allowed) throw refused(decision);
  let verdict: T | null;
  try {
    verdict = await judge();
  } catch (error) {
    // The store may be down too; the check's own error is the one worth answering with.
    await limiter.refund(key).catch(() => undefined);
    throw error;
  }
  if (verdict !== null) await limiter.reset(key);
  return verdict;
}
