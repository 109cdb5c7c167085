import { describe, expect, it } from 'vitest';
import { createRestartBackoff } from './restart-backoff.js';

describe('createRestartBackoff', () => {
  it('doubles the delay with each recent crash, up to the maximum', () => {
    const clock = { t: 0 };
    const backoff = createRestartBackoff({ now: () => clock.t });
    const delays = [];
    for (let i = 0; i < 8; i++) {
      delays.push(backoff.next());
      clock.t += 100;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('forgets crashes older than the window', () => {
    const clock = { t: 0 };
    const backoff = createRestartBackoff({ baseMs: 500, windowMs: 10_000, now: () => clock.t });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1000, 2000]);
    clock.t += 10_000;
    expect(backoff.next()).toBe(500);
  });
});
