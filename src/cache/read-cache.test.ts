import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { allow } from '../policies/rule.js';
import { field } from '../resources/fields/index.js';
import { resource } from '../resources/resource.js';
import { createCacheMetrics, type CacheMetrics } from './cache-metrics.js';
import { CacheUnavailableError, type CachedAnswer, type CacheStore } from './cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';
import { createReadCache, deletionReach, keyedResources } from './read-cache.js';

const access = { list: allow.public, read: allow.public };
const ops = { operations: ['list', 'read'] as const, access };
const boards = resource('boards', { fields: { name: field.string() }, ...ops, cache: { ttl: 30 } });
const cards = resource('cards', {
  fields: { board: field.reference('boards', { onDelete: 'cascade' }) },
  ...ops,
  cache: { ttl: 30 },
});
const stickers = resource('stickers', { fields: { card: field.reference('cards', { onDelete: 'cascade' }) }, ...ops });
const notes = resource('notes', { fields: { card: field.reference('cards', { onDelete: 'set null' }).optional() }, ...ops });
const tags = resource('tags', { fields: { note: field.reference('notes', { onDelete: 'cascade' }) }, ...ops });
const pins = resource('pins', { fields: { board: field.reference('boards') }, ...ops });
const all = [boards, cards, stickers, notes, tags, pins];

/** A promise with its resolve and reject at hand, to hold a load open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const answer = (body: string): CachedAnswer => ({ body, etag: `"${body}"` });
const slot = { key: 'boards:list:x', resources: ['boards'] };

async function count(metrics: CacheMetrics, name: keyof CacheMetrics, resource = 'boards'): Promise<number> {
  return (await metrics[name].get()).values.find((v) => v.labels.resource === resource)?.value ?? 0;
}

function setup(store: CacheStore = createMemoryCacheStore({ maxEntries: 100 })) {
  const metrics = createCacheMetrics(new Registry());
  return { cache: createReadCache({ resources: all, store, metrics }), metrics, store };
}

describe('read cache: cache-aside', () => {
  it('loads on a miss, then answers from the store until a write', async () => {
    const { cache, metrics } = setup();
    let loads = 0;
    const load = async () => answer(`v${++loads}`);
    expect(await cache.read(slot, 30, load)).toEqual(answer('v1'));
    expect(await cache.read(slot, 30, load)).toEqual(answer('v1'));
    expect(await count(metrics, 'misses')).toBe(1);
    expect(await count(metrics, 'hits')).toBe(1);
    await cache.invalidate('boards', 'update');
    expect(await cache.read(slot, 30, load)).toEqual(answer('v2'));
  });

  it('runs one load for concurrent misses of a slot, and all of them get its answer', async () => {
    const { cache, metrics } = setup();
    const gate = deferred<CachedAnswer>();
    let loads = 0;
    const load = () => {
      loads++;
      return gate.promise;
    };
    const reads = Array.from({ length: 10 }, () => cache.read(slot, 30, load));
    await expect.poll(() => count(metrics, 'misses')).toBe(10);
    gate.resolve(answer('once'));
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 10 }, () => answer('once')));
    expect(loads).toBe(1);
  });

  it('never lets a read that starts after a write join, or later see, a load that started before it', async () => {
    const { cache } = setup();
    const before = deferred<CachedAnswer>();
    const early = cache.read(slot, 30, () => before.promise);
    await new Promise((r) => setImmediate(r));
    await cache.invalidate('boards', 'update');
    let lateLoads = 0;
    const late = await cache.read(slot, 30, async () => {
      lateLoads++;
      return answer('after the write');
    });
    expect(lateLoads).toBe(1);
    expect(late).toEqual(answer('after the write'));
    before.resolve(answer('before the write'));
    expect(await early).toEqual(answer('before the write'));
    // The early load stored its answer under the old generation: nobody reads it.
    expect(await cache.read(slot, 30, async () => answer('unused'))).toEqual(answer('after the write'));
  });

  it('shares a failed load with the reads that joined it and caches nothing', async () => {
    const { cache } = setup();
    const gate = deferred<CachedAnswer>();
    const first = cache.read(slot, 30, () => gate.promise);
    const second = cache.read(slot, 30, async () => answer('not called'));
    gate.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('boom');
    expect(await cache.read(slot, 30, async () => answer('retried'))).toEqual(answer('retried'));
  });

  it('reads the database when the store is unreachable, every time, and counts it', async () => {
    const down: CacheStore = {
      get: async () => {
        throw new CacheUnavailableError();
      },
      set: async () => undefined,
      bump: async () => undefined,
      close: async () => undefined,
    };
    const { cache, metrics } = setup(down);
    let loads = 0;
    const load = async () => answer(`v${++loads}`);
    expect(await cache.read(slot, 30, load)).toEqual(answer('v1'));
    expect(await cache.read(slot, 30, load)).toEqual(answer('v2'));
    expect(await count(metrics, 'bypasses')).toBe(2);
  });

  it('bypasses: loads every time, neither looks up nor stores, and counts it apart from outages', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    let touched = 0;
    store.get = async () => {
      touched++;
      return { generations: '0' };
    };
    store.set = async () => {
      touched++;
    };
    const { cache, metrics } = setup(store);
    let loads = 0;
    const load = async () => answer(`v${++loads}`);
    expect(await cache.bypass('boards', load)).toEqual(answer('v1'));
    expect(await cache.bypass('boards', load)).toEqual(answer('v2'));
    expect(touched).toBe(0);
    const reasons = (await metrics.bypasses.get()).values.map((v) => [v.labels.reason, v.value]);
    expect(reasons).toEqual([['custom_rule', 2]]);
  });

  it('still answers when storing fails', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    store.set = async () => {
      throw new Error('full');
    };
    const { cache } = setup(store);
    expect(await cache.read(slot, 30, async () => answer('fine'))).toEqual(answer('fine'));
  });

  it('always loads without a store', async () => {
    const cache = createReadCache({ resources: all });
    let loads = 0;
    await cache.read(slot, 30, async () => answer(`v${++loads}`));
    await cache.read(slot, 30, async () => answer(`v${++loads}`));
    expect(loads).toBe(2);
    await cache.invalidate('boards');
  });
});

describe('read cache: what a write invalidates', () => {
  it('bumps the written resource; a delete also bumps what its foreign keys cascade to', async () => {
    const bumped: string[][] = [];
    const store = createMemoryCacheStore({ maxEntries: 10 });
    const bump = store.bump.bind(store);
    store.bump = async (resources) => {
      bumped.push([...resources]);
      await bump(resources);
    };
    const { cache } = setup(store);
    await cache.invalidate('boards', 'update');
    await cache.invalidate('boards', 'delete');
    await cache.invalidate('pins', 'create'); // pins are neither cached nor embeddable by a cached resource
    expect(bumped).toEqual([['boards'], ['boards', 'cards']]);
  });

  it('follows cascades transitively and set null one step', () => {
    const reach = deletionReach(all);
    expect(reach.get('boards')?.sort()).toEqual(['boards', 'cards', 'notes', 'stickers']);
    expect(reach.get('cards')?.sort()).toEqual(['cards', 'notes', 'stickers']);
    expect(reach.get('notes')?.sort()).toEqual(['notes', 'tags']);
    expect(reach.get('pins')).toEqual(['pins']);
  });

  it('keys cached resources and what they can embed', () => {
    expect([...keyedResources(all)].sort()).toEqual(['boards', 'cards']);
  });
});
