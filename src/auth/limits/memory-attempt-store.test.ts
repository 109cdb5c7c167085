import { describe, expect, it } from 'vitest';
import { createMemoryAttemptStore } from './memory-attempt-store.js';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('createMemoryAttemptStore', () => {
  it('counts hits in a fixed window that later hits do not extend', async () => {
    const c = clock();
    const store = createMemoryAttemptStore({ now: c.now });
    expect(await store.hit('k', 1000)).toEqual({ count: 1, resetAt: c.t + 1000 });
    c.t += 600;
    expect(await store.hit('k', 1000)).toEqual({ count: 2, resetAt: 1_001_000 });
    expect(await store.get('k')).toEqual({ count: 2, resetAt: 1_001_000 });
    c.t += 400;
    expect(await store.get('k')).toBeNull();
    expect(await store.hit('k', 1000)).toEqual({ count: 1, resetAt: 1_002_000 });
  });

  it('keeps keys apart, forgets on reset and hands out copies', async () => {
    const store = createMemoryAttemptStore({ now: clock().now });
    await store.hit('a', 1000);
    const b = await store.hit('b', 1000);
    b.count = 99;
    expect((await store.hit('b', 1000)).count).toBe(2);
    await store.reset('b');
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).toMatchObject({ count: 1 });
    await store.reset('never-seen');
  });

  it('takes back one hit on undo, keeping the window, and never goes below nothing', async () => {
    const c = clock();
    const store = createMemoryAttemptStore({ now: c.now });
    await store.hit('k', 1000);
    await store.hit('k', 1000);
    await store.undo('k');
    expect(await store.get('k')).toEqual({ count: 1, resetAt: 1_001_000 });
    await store.undo('k');
    await store.undo('k');
    expect(await store.get('k')).toBeNull();
    expect(await store.hit('k', 1000)).toEqual({ count: 1, resetAt: 1_001_000 });
    await store.undo('never-seen');
    expect(store.size).toBe(1);
  });

  it('holds at most maxKeys keys, dropping the least recently hit', async () => {
    const store = createMemoryAttemptStore({ maxKeys: 3, now: clock().now });
    for (const key of ['a', 'b', 'c']) await store.hit(key, 60_000);
    await store.hit('a', 60_000); // a is now the most recent
    await store.hit('d', 60_000);
    expect(store.size).toBe(3);
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).toMatchObject({ count: 2 });
    for (let i = 0; i < 1000; i++) await store.hit(`flood-${i}`, 60_000);
    expect(store.size).toBe(3);
  });

  it('drops expired windows as other keys are hit', async () => {
    const c = clock();
    const store = createMemoryAttemptStore({ now: c.now });
    for (let i = 0; i < 10; i++) await store.hit(`old-${i}`, 1000);
    c.t += 1000;
    for (let i = 0; i < 5; i++) await store.hit(`new-${i}`, 1000);
    // Each hit sweeps two of the oldest entries, so the ten expired ones are gone.
    expect(store.size).toBe(5);
  });

  it('refuses nonsensical settings', async () => {
    expect(() => createMemoryAttemptStore({ maxKeys: 0 })).toThrow(RangeError);
    await expect(createMemoryAttemptStore().hit('k', 0)).rejects.toThrow(RangeError);
    await expect(createMemoryAttemptStore().hit('k', Number.NaN)).rejects.toThrow(RangeError);
  });
});
