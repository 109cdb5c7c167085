import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-15T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['30', '60'], now)).toBe(30_000);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Wednesday, 15-Jan-25 12:00:10 GMT', now)).toBe(10_000);
  });

  it('never asks for a negative delay', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent and malformed values', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', '2025-01-15T12:01:00Z', 'Wed, not a date']) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });
});
