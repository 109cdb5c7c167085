import { describe, expect, it } from 'vitest';
import { createMemoryCacheStore } from './memory-cache-store.js';

const answer = (body: string) => ({ body, etag: `"${body}"` });
const markets = { key: 'markets:list:a', resources: ['markets'] };
const withUsers = { key: 'positions:list:b', resources: ['positions', 'markets'] };

describe('memory cache store', () => {
  it('starts every generation at 0 and finds what was stored under the current ones', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    expect(await store.get(markets)).toEqual({ generations: '0' });
    expect(await store.get(withUsers)).toEqual({ generations: '0.0' });
    await store.set(markets, '0', answer('one'), 30);
    expect(await store.get(markets)).toEqual({ generations: '0', answer: answer('one') });
  });

  it('makes answers unreachable when a generation they were read under moves', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    await store.set(markets, '0', answer('m'), 30);
    await store.set(withUsers, '0.0', answer('p'), 30);
    await store.bump(['markets']);
    expect(await store.get(markets)).toEqual({ generations: '1' });
    // An answer that embeds markets moves with them, though it is a positions answer.
    expect(await store.get(withUsers)).toEqual({ generations: '0.1' });
  });

  it('never serves an answer stored late under generations that have moved on', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    const { generations } = await store.get(markets); // a read misses and starts loading...
    await store.bump(['markets']); // ...a write commits...
    await store.set(markets, generations, answer('stale'), 30); // ...the load stores what it read
    expect((await store.get(markets)).answer).toBeUndefined();
  });

  it('keeps at most maxEntries, evicting the least recently used and reporting its resource', async () => {
    const evicted: string[] = [];
    const store = createMemoryCacheStore({ maxEntries: 2, onEvict: (r) => evicted.push(r) });
    const slot = (key: string, resource = 'markets') => ({ key, resources: [resource] });
    await store.set(slot('a'), '0', answer('a'), 30);
    await store.set(slot('b', 'posts'), '0', answer('b'), 30);
    await store.get(slot('a')); // a is now the most recently used
    await store.set(slot('c'), '0', answer('c'), 30);
    expect(store.size).toBe(2);
    expect(evicted).toEqual(['posts']);
    expect((await store.get(slot('a'))).answer).toEqual(answer('a'));
    expect((await store.get(slot('b', 'posts'))).answer).toBeUndefined();
  });

  it('empties on close', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    await store.set(markets, '0', answer('one'), 30);
    await store.close();
    expect(store.size).toBe(0);
  });
});
