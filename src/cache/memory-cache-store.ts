import { LRUCache } from 'lru-cache';
import type { CacheLookup, CachedAnswer, CacheSlot, CacheStore } from './cache-store.js';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /** Answers kept before the least recently used is evicted (`CACHE_MAX_ENTRIES`). */
  maxEntries: number;
  /** Called with the slot's first resource when an answer is evicted for room. */
  onEvict?: (resource: string) => void;
}

interface Entry {
  answer: CachedAnswer;
  resource: string;
}

/**
 * The generations of `resources` in `counters`, joined.
 *
 * @example
 * generationsOf(new Map([['positions', 4], ['markets', 7]]), ['positions', 'markets']); // '4.7'
 */
export function generationsOf(counters: ReadonlyMap<string, number>, resources: readonly string[]): string {
  return resources.map((r) => counters.get(r) ?? 0).join('.');
}

/**
 * The single-process store: answers in an LRU bounded by `maxEntries`, generations in a
 * map. Answers of old generations are never read again; they age out of the LRU first,
 * since nothing touches them, so a write costs nothing but a counter increment.
 *
 * @example
 * const store = createMemoryCacheStore({ maxEntries: 10_000 });
 * const { generations } = await store.get({ key, resources: ['markets'] });
 * await store.set({ key, resources: ['markets'] }, generations, answer, 30);
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions): CacheStore & { readonly size: number } {
  const counters = new Map<string, number>();
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries,
    dispose: (entry, _key, reason) => {
      if (reason === 'evict') options.onEvict?.(entry.resource);
    },
  });
  const entryKey = (slot: CacheSlot, generations: string) => `${slot.key}@${generations}`;
  return {
    get size() {
      return entries.size;
    },
    async get(slot): Promise<CacheLookup> {
      const generations = generationsOf(counters, slot.resources);
      const entry = entries.get(entryKey(slot, generations));
      return entry ? { generations, answer: entry.answer } : { generations };
    },
    async set(slot, generations, answer, ttl) {
      entries.set(entryKey(slot, generations), { answer, resource: slot.resources[0] ?? '' }, { ttl: ttl * 1000 });
    },
    async bump(resources) {
      for (const r of resources) counters.set(r, (counters.get(r) ?? 0) + 1);
    },
    async close() {
      entries.clear();
    },
  };
}
