/**
 * Thrown by a job handler to fail this attempt and be retried at a time of its choosing
 * (a receiver's `Retry-After`, say) instead of the job's backoff. Counted like any
 * failure: once retries are spent the job is dead.
 *
 * @example
 * throw new RetryLater('the receiver asked to wait', new Date(Date.now() + 30_000));
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly at: Date,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
