import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '../redis/redis-connection.js';
import { CacheUnavailableError, type CacheLookup, type CachedAnswer, type CacheSlot, type CacheStore } from './cache-store.js';

/** What the Redis store reports to the app's log. */
export interface CacheLog {
  warn(object: object, message: string): void;
}

/** Options of {@link createRedisCacheStore}. */
export interface RedisCacheStoreOptions {
  redis: RedisConnection;
  /** Prepended to every key and to the channel (`REDIS_PREFIX`, e.g. `rampart:`). */
  prefix: string;
  /** Answers the in-process copy keeps (`CACHE_MAX_ENTRIES`). */
  maxEntries: number;
  /** Every resource whose generation the store may advance: all of them move after an outage. */
  resources: readonly string[];
  /** Called with the slot's first resource when the in-process copy evicts an answer for room. */
  onEvict?: (resource: string) => void;
  log: CacheLog;
}

/** The Redis store, with what tests and operators may inspect of its in-process copy. */
export interface RedisCacheStore extends CacheStore {
  /** Answers held in this process's copy: for `resource` (as first resource), or all. */
  localSize(resource?: string): number;
  /** Calls `listener` after an invalidation message from any instance dropped local copies. */
  onRemoteInvalidation(listener: (resources: readonly string[]) => void): void;
  /** Resolves once the invalidation channel is subscribed (it never rejects). */
  readonly subscribed: Promise<void>;
}

/*
 * One round trip per cached read: the generations of the slot's resources, and the
 * answer stored under them unless the caller's in-process copy already has those
 * generations. The entry key is built from the generations inside the script, so it is
 * not declared in KEYS: fine on a single Redis or a replicated one, not on Redis Cluster.
 *
 * KEYS: generation counters. ARGV[1]: entry key without generations; ARGV[2]: the
 * generations of the in-process copy, or ''.
 * Returns {generations, 'same'} | {generations, 'miss'} | {generations, 'hit', value, pttl}.
 */
const readScript = `
local parts = {}
for i, key in ipairs(KEYS) do parts[i] = redis.call('GET', key) or '0' end
local generations = table.concat(parts, '.')
if generations == ARGV[2] then return {generations, 'same'} end
local entry = ARGV[1] .. '@' .. generations
local value = redis.call('GET', entry)
if not value then return {generations, 'miss'} end
return {generations, 'hit', value, redis.call('PTTL', entry)}
`;

type ReadReply = [string, 'same' | 'miss' | 'hit', string?, number?];
type ScriptClient = Redis & { rampartCacheRead(keyCount: number, ...args: string[]): Promise<ReadReply> };

interface Copy {
  generations: string;
  answer: CachedAnswer;
  resources: readonly string[];
}

// An entity tag never contains a newline, so it can lead the body without escaping it;
// headers, when an answer has any, lead on a line of their own marked by `H` (an entity
// tag starts with `"`), so answers stored before headers existed still decode.
const encode = (answer: CachedAnswer) => `${answer.headers ? `H${JSON.stringify(answer.headers)}\n` : ''}${answer.etag}\n${answer.body}`;
function decode(value: string): CachedAnswer {
  let rest = value;
  let headers: Record<string, string> | undefined;
  if (rest.startsWith('H')) {
    const line = rest.indexOf('\n');
    headers = JSON.parse(rest.slice(1, line)) as Record<string, string>;
    rest = rest.slice(line + 1);
  }
  const cut = rest.indexOf('\n');
  return { etag: rest.slice(0, cut), body: rest.slice(cut + 1), ...(headers ? { headers } : {}) };
}

/**
 * The shared store: answers and generation counters live in Redis, where every instance
 * sees them, with an in-process copy of answers in front. Every read asks Redis for the
 * current generations (one round trip, see readScript), so freshness never depends on
 * pub/sub; the invalidation channel only drops dead copies early, to free memory.
 *
 * Failure policy: while Redis is unreachable `get` rejects and the read goes to the
 * database; `set` and `bump` swallow errors, so writes succeed. Because a write during
 * the outage could not advance its generation (and a Redis restarted from a snapshot may
 * hold generations older than the data), the first thing done after reconnecting is to
 * advance every resource's generation and drop the in-process copy; until that
 * succeeds, reads keep bypassing the cache.
 *
 * @example
 * const store = createRedisCacheStore({ redis, prefix: 'rampart:', maxEntries: 10_000, resources: ['markets'], log });
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions): RedisCacheStore {
  const { redis, prefix, log } = options;
  const client = redis.client as ScriptClient;
  if (typeof client.rampartCacheRead !== 'function') client.defineCommand('rampartCacheRead', { lua: readScript });
  const channel = `${prefix}cache:invalidate`;
  const generationKey = (resource: string) => `${prefix}cache:gen:${resource}`;
  const entryKey = (slot: CacheSlot) => `${prefix}cache:${slot.key}`;

  const byResource = new Map<string, Set<string>>();
  const copies = new LRUCache<string, Copy>({
    max: options.maxEntries,
    dispose: (copy, key, reason) => {
      for (const r of copy.resources) byResource.get(r)?.delete(key);
      if (reason === 'evict') options.onEvict?.(copy.resources[0] ?? '');
    },
  });
  const keepCopy = (slot: CacheSlot, copy: Copy, ttlMs: number) => {
    if (ttlMs <= 0) return;
    copies.set(slot.key, copy, { ttl: ttlMs });
    for (const r of copy.resources) {
      const keys = byResource.get(r) ?? new Set<string>();
      keys.add(slot.key);
      byResource.set(r, keys);
    }
  };
  const dropCopies = (resources: readonly string[]) => {
    for (const r of resources) for (const key of [...(byResource.get(r) ?? [])]) copies.delete(key);
  };

  let outageLogged = false;
  const outage = (error: unknown, message: string) => {
    if (outageLogged) return;
    outageLogged = true;
    log.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  };

  const advance = async (resources: readonly string[]) => {
    if (!redis.isUp()) throw new CacheUnavailableError();
    const multi = client.multi();
    for (const r of resources) multi.incr(generationKey(r));
    multi.publish(channel, JSON.stringify(resources));
    const results = await multi.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new CacheUnavailableError('the generation update was discarded');
  };

  let needsFullBump = false;
  let flushing: Promise<boolean> | undefined;
  const flush = () => {
    flushing ??= advance(options.resources).then(
      () => {
        needsFullBump = false;
        outageLogged = false;
        return true;
      },
      () => false,
    ).finally(() => {
      flushing = undefined;
    });
    return flushing;
  };

  let wasUp = redis.isUp();
  const onReady = () => {
    if (wasUp) {
      needsFullBump = true;
      copies.clear();
    }
    wasUp = true;
  };
  client.on('ready', onReady);

  const listeners: ((resources: readonly string[]) => void)[] = [];
  const subscriber = redis.subscriber();
  let subscribedBefore = false;
  // A reconnected subscriber may have missed messages: its copies are dropped.
  subscriber.on('ready', () => {
    if (subscribedBefore) copies.clear();
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let resources: unknown;
    try {
      resources = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) return;
    dropCopies(resources);
    for (const listener of listeners) listener(resources);
  });
  const subscribed = subscriber.subscribe(channel).then(
    () => {
      subscribedBefore = true;
    },
    () => undefined,
  );

  return {
    subscribed,
    localSize(resource) {
      if (resource === undefined) return copies.size;
      let n = 0;
      for (const copy of copies.values()) if (copy.resources[0] === resource) n++;
      return n;
    },
    onRemoteInvalidation(listener) {
      listeners.push(listener);
    },
    async get(slot): Promise<CacheLookup> {
      if (!redis.isUp()) throw new CacheUnavailableError();
      if (needsFullBump && !(await flush())) throw new CacheUnavailableError('generations could not be advanced after an outage');
      const copy = copies.get(slot.key);
      let reply: ReadReply;
      try {
        reply = await client.rampartCacheRead(
          slot.resources.length,
          ...slot.resources.map(generationKey),
          entryKey(slot),
          copy?.generations ?? '',
        );
      } catch (error) {
        throw new CacheUnavailableError('the cache read failed', { cause: error });
      }
      const [generations, state, value, pttl] = reply;
      if (state === 'same' && copy) return { generations, answer: copy.answer };
      if (state === 'hit' && value !== undefined) {
        const answer = decode(value);
        keepCopy(slot, { generations, answer, resources: slot.resources }, Number(pttl));
        return { generations, answer };
      }
      return { generations };
    },
    async set(slot, generations, answer, ttl) {
      keepCopy(slot, { generations, answer, resources: slot.resources }, ttl * 1000);
      if (!redis.isUp()) return;
      await client.set(`${entryKey(slot)}@${generations}`, encode(answer), 'EX', ttl);
    },
    async bump(resources) {
      dropCopies(resources);
      if (needsFullBump) {
        await flush();
        return;
      }
      try {
        await advance(resources);
      } catch (error) {
        // Remembered: reads bypass the cache until every generation has moved on.
        needsFullBump = true;
        outage(error, 'cache: a write could not invalidate shared answers; reads bypass the cache until Redis is back');
      }
    },
    async close() {
      client.off('ready', onReady);
      subscriber.removeAllListeners('message');
      copies.clear();
    },
  };
}
