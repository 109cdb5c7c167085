import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limiter.js';
import type { AttemptStore } from './attempt-store.js';
import { createMemoryAttemptStore } from './memory-attempt-store.js';

function setup(max = 3, windowMs = 60_000) {
  const c = { t: 5_000_000 };
  const now = () => c.t;
  const store = createMemoryAttemptStore({ now });
  const limiter = createAttemptLimiter({ store, max, windowMs, now, prefix: 'login' });
  return { c, store, limiter };
}

describe('createAttemptLimiter', () => {
  it('allows max attempts per window, then refuses with the time left', async () => {
    const { c, limiter } = setup();
    expect(await limiter.check('ann')).toEqual({ allowed: true, remaining: 3, retryAfterSeconds: 0 });
    expect(await limiter.consume('ann')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    await limiter.consume('ann');
    expect(await limiter.consume('ann')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    c.t += 15_500;
    expect(await limiter.check('ann')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 45 });
    expect(await limiter.consume('ann')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 45 });
    expect(await limiter.consume('bob')).toMatchObject({ allowed: true });
    c.t += 44_500;
    expect(await limiter.consume('ann')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('never answers a Retry-After below one second while refusing', async () => {
    const { c, limiter } = setup(1, 1000);
    await limiter.consume('k');
    c.t += 999;
    expect(await limiter.consume('k')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it('counts concurrent attempts atomically: no more than max get through', async () => {
    const { limiter } = setup(5);
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('ann')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('clears a key on reset, e.g. after a successful login', async () => {
    const { limiter } = setup(2);
    await limiter.consume('ann');
    await limiter.consume('ann');
    expect((await limiter.check('ann')).allowed).toBe(false);
    await limiter.reset('ann');
    expect(await limiter.check('ann')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('prefixes keys and hashes long ones before they reach the store', async () => {
    const seen: string[] = [];
    const { store } = setup();
    const spy: AttemptStore = {
      hit: (key, ms) => (seen.push(key), store.hit(key, ms)),
      get: (key) => (seen.push(key), store.get(key)),
      undo: (key) => (seen.push(key), store.undo(key)),
      reset: (key) => (seen.push(key), store.reset(key)),
    };
    const limiter = createAttemptLimiter({ store: spy, max: 1, windowMs: 1000 });
    const long = 'x'.repeat(10_000);
    await limiter.consume(long);
    expect((await limiter.consume(long)).allowed).toBe(false);
    await limiter.check('short');
    const prefixed = createAttemptLimiter({ store: spy, max: 1, windowMs: 1000, prefix: 'reset-email' });
    await prefixed.reset('ann@example.com');
    expect(seen[0]).toMatch(/^sha256:[\w-]{43}$/);
    expect(seen[1]).toBe(seen[0]);
    expect(seen.slice(2)).toEqual(['short', 'reset-email:ann@example.com']);
  });

  it('gives back a refunded attempt, within the same window', async () => {
    const { c, limiter } = setup(2);
    await limiter.consume('ann');
    await limiter.consume('ann');
    await limiter.refund('ann');
    expect(await limiter.check('ann')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    await limiter.consume('ann');
    c.t += 30_000;
    expect(await limiter.consume('ann')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
  });

  it('with a keySecret, hands the store only an HMAC of the key: stable, distinct per prefix and secret', async () => {
    const seen: string[] = [];
    const store = createMemoryAttemptStore();
    const spy: AttemptStore = { ...store, hit: (key, ms) => (seen.push(key), store.hit(key, ms)) };
    const secret = Buffer.alloc(32, 7);
    const make = (prefix: string, keySecret = secret) => createAttemptLimiter({ store: spy, max: 1, windowMs: 1000, prefix, keySecret });
    await make('login').consume('Ann@Example.com');
    await make('login').consume('Ann@Example.com');
    await make('reset').consume('Ann@Example.com');
    await make('login', Buffer.alloc(32, 8)).consume('Ann@Example.com');
    expect(seen[0]).toMatch(/^login:[\w-]{43}$/);
    expect(seen[1]).toBe(seen[0]);
    expect(new Set(seen).size).toBe(3);
    expect(seen.join(' ')).not.toMatch(/ann|example/i);
  });

  it('refuses nonsensical settings', () => {
    const store = createMemoryAttemptStore();
    expect(() => createAttemptLimiter({ store, max: 0, windowMs: 1000 })).toThrow(RangeError);
    expect(() => createAttemptLimiter({ store, max: 1.5, windowMs: 1000 })).toThrow(RangeError);
    expect(() => createAttemptLimiter({ store, max: 5, windowMs: 0 })).toThrow(RangeError);
  });
});
