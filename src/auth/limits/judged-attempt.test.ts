import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limiter.js';
import type { AttemptStore } from './attempt-store.js';
import { judgedAttempt } from './judged-attempt.js';
import { createMemoryAttemptStore } from './memory-attempt-store.js';

const down = Object.assign(new Error('database down'), { code: 'ECONNREFUSED' });
const tooMany = () => new Error('429');

function setup(store: AttemptStore = createMemoryAttemptStore()) {
  const limiter = createAttemptLimiter({ store, max: 3, windowMs: 60_000 });
  const attempt = (judge: () => Promise<string | null>) => judgedAttempt({ limiter, key: 'ann', judge, refused: tooMany });
  return { limiter, attempt };
}

describe('judgedAttempt', () => {
  it('counts wrong answers, clears the count on a right one, refuses past the budget', async () => {
    const { limiter, attempt } = setup();
    expect(await attempt(async () => null)).toBeNull();
    expect(await attempt(async () => null)).toBeNull();
    expect(await attempt(async () => 'ann')).toBe('ann');
    expect((await limiter.check('ann')).remaining).toBe(3);
    for (let i = 0; i < 3; i++) await attempt(async () => null);
    await expect(attempt(async () => 'ann')).rejects.toThrow('429');
  });

  it('gives back attempts whose check threw, however many', async () => {
    const { limiter, attempt } = setup();
    await attempt(async () => null);
    for (let i = 0; i < 10; i++) await expect(attempt(() => Promise.reject(down))).rejects.toBe(down);
    expect((await limiter.check('ann')).remaining).toBe(2);
    expect(await attempt(async () => 'ann')).toBe('ann');
  });

  it("answers with the check's error when the store cannot take the attempt back either", async () => {
    const memory = createMemoryAttemptStore();
    const { attempt } = setup({ ...memory, undo: () => Promise.reject(new Error('store down')) });
    await expect(attempt(() => Promise.reject(down))).rejects.toBe(down);
  });
});
