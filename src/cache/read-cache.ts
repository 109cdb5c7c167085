import type { AnyResource } from '../resources/resource.js';
import { relatedResources } from '../resources/relations/resolve-relations.js';
import type { CacheMetrics } from './cache-metrics.js';
import type { CacheLookup, CachedAnswer, CacheSlot, CacheStore } from './cache-store.js';

/**
 * The writes that invalidate cached answers; a `delete` also reaches the resources its
 * foreign keys cascade to.
 *
 * @example
 * await app.cache.invalidate('markets', 'delete');
 */
export type WriteOperation = 'create' | 'update' | 'delete';

/** Options of {@link createReadCache}. */
export interface ReadCacheOptions {
  /** The app's resources: which are cached, what they include, what their deletes cascade to. */
  resources: readonly AnyResource[];
  /** Where answers live; absent when no resource is cached (reads then always load). */
  store?: CacheStore;
  metrics?: CacheMetrics;
}

/**
 * Cache-aside reads of resource GETs and their invalidation. Created by `createApp`
 * and reachable as `app.cache`.
 *
 * @example
 * // A script changed markets with raw SQL: drop what the cache holds of them.
 * await app.database.db.updateTable('markets').set({ status: 'closed' }).execute();
 * await app.cache.invalidate('markets');
 */
export interface ReadCache {
  readonly store: CacheStore | undefined;
  /**
   * The answer for `slot`: the stored one when current, else `load()`'s, stored for
   * `ttl` seconds. Concurrent misses of one slot in this process share one `load`.
   * When the store is unreachable, `load` runs and nothing is stored.
   */
  read(slot: CacheSlot, ttl: number, load: () => Promise<CachedAnswer>): Promise<CachedAnswer>;
  /**
   * `load()`'s answer, neither looked up nor stored, counted as a bypass of `resource`:
   * for a read whose answer no key can describe (a custom access rule decided it).
   */
  bypass(resource: string, load: () => Promise<CachedAnswer>): Promise<CachedAnswer>;
  /**
   * Makes every cached answer read from `resource` unreachable, and for a delete those
   * of the resources its foreign keys cascade to. Never rejects. Call it after changing
   * a resource's table outside Rampart's routes and `app.records()` (raw SQL in a custom
   * route, a script): those writes are invisible to the cache until its `ttl` runs out.
   */
  invalidate(resource: string, operation?: WriteOperation): Promise<void>;
  close(): Promise<void>;
}

/**
 * For each resource, the resources whose rows a delete of one of its records may
 * change: itself, those referencing it with `onDelete: 'set null'`, and those
 * referencing it with `onDelete: 'cascade'` together with whatever their own deletes
 * reach.
 *
 * @example
 * deletionReach([markets, positions]).get('markets'); // ['markets', 'positions']
 */
export function deletionReach(resources: readonly AnyResource[]): Map<string, string[]> {
  const referrers = new Map<string, { name: string; cascade: boolean }[]>();
  for (const r of resources) {
    for (const f of r.fields.values()) {
      const ref = f.field.spec.reference;
      if (!ref || ref.onDelete === 'restrict') continue;
      const list = referrers.get(ref.resource) ?? [];
      list.push({ name: r.name, cascade: ref.onDelete === 'cascade' });
      referrers.set(ref.resource, list);
    }
  }
  const reach = new Map<string, string[]>();
  for (const r of resources) {
    const seen = new Set<string>([r.name]);
    const pending = [r.name];
    while (pending.length > 0) {
      for (const referrer of referrers.get(pending.pop() as string) ?? []) {
        if (seen.has(referrer.name)) continue;
        seen.add(referrer.name);
        if (referrer.cascade) pending.push(referrer.name);
      }
    }
    reach.set(r.name, [...seen]);
  }
  return reach;
}

/**
 * The resources whose generations are part of some cache key: the cached ones and those
 * they can embed with `?include=` (two levels: `a.b`) or compute over. Writes to any other resource cost the cache nothing.
 *
 * @example
 * keyedResources([markets, positions, posts]); // Set { 'markets' } when only markets is cached
 */
export function keyedResources(resources: readonly AnyResource[]): Set<string> {
  const lookup = (name: string) => resources.find((r) => r.name === name);
  const keyed = new Set<string>();
  for (const r of resources) {
    if (!r.cache) continue;
    keyed.add(r.name);
    for (const name of relatedResources(r, lookup)) {
      keyed.add(name);
      // `include=a.b` reads one level further.
      const next = lookup(name);
      if (next) for (const deeper of relatedResources(next, lookup)) keyed.add(deeper);
    }
  }
  return keyed;
}

/**
 * Builds the read cache over a store.
 *
 * Why generations rather than deleting entries: a read that missed may be loading from
 * the database while a write commits. If the write deleted the entry, that read would
 * then store its pre-write answer under the same key, and it would be served until the
 * TTL ran out. Here the read stores under the generations it saw *before* loading; the
 * write advances them after committing, so every later read computes another key and the
 * late, stale answer lands where nobody looks. The same holds for joining a load in
 * progress: loads are shared per key *and* generations, so a read that starts after a
 * write never joins a load that started before it.
 *
 * @example
 * const cache = createReadCache({ resources, store: createMemoryCacheStore({ maxEntries: 10_000 }) });
 * const answer = await cache.read({ key, resources: ['markets'] }, 30, loadFromDatabase);
 * await cache.invalidate('markets', 'update');
 */
export function createReadCache(options: ReadCacheOptions): ReadCache {
  const { store, metrics } = options;
  const reach = deletionReach(options.resources);
  const keyed = keyedResources(options.resources);
  const inFlight = new Map<string, Promise<CachedAnswer>>();

  async function loadAndStore(slot: CacheSlot, generations: string, ttl: number, load: () => Promise<CachedAnswer>) {
    const answer = await load();
    try {
      await store?.set(slot, generations, answer, ttl);
    } catch {
      // Not stored is only a later miss; the answer itself is good.
    }
    return answer;
  }

  return {
    store,
    async read(slot, ttl, load) {
      if (!store) return load();
      const resource = slot.resources[0] ?? '';
      let lookup: CacheLookup;
      try {
        lookup = await store.get(slot);
      } catch {
        // Fail open: without the store nobody can tell whether an answer is current, so
        // the database answers, and nothing is shared between requests.
        metrics?.bypasses.inc({ resource, reason: 'store_unreachable' });
        return load();
      }
      if (lookup.answer) {
        metrics?.hits.inc({ resource });
        return lookup.answer;
      }
      metrics?.misses.inc({ resource });
      const flight = `${slot.key}@${lookup.generations}`;
      let pending = inFlight.get(flight);
      if (!pending) {
        pending = loadAndStore(slot, lookup.generations, ttl, load).finally(() => inFlight.delete(flight));
        inFlight.set(flight, pending);
      }
      return pending;
    },
    async bypass(resource, load) {
      metrics?.bypasses.inc({ resource, reason: 'custom_rule' });
      return load();
    },
    async invalidate(resource, operation = 'update') {
      if (!store) return;
      const touched = operation === 'delete' ? (reach.get(resource) ?? [resource]) : [resource];
      const bumped = touched.filter((r) => keyed.has(r));
      if (bumped.length === 0) return;
      try {
        await store.bump(bumped);
      } catch {
        // Stores do not reject here; a write must not fail for its cache in any case.
      }
    },
    async close() {
      await store?.close();
    },
  };
}
