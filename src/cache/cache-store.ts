/** A cached GET answer: the serialized body, its entity tag, and headers that belong to it. */
export interface CachedAnswer {
  /** The JSON body exactly as sent. */
  body: string;
  /** A strong entity tag of `body` (and `headers`), quoted: `"..."`. */
  etag: string;
  /** Headers that are part of the answer, e.g. a bare list's `Link` and `X-Total-Count`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Where one answer lives: `key` describes the request (see cache-key.ts) and
 * `resources` are the resources the answer was read from, the requested one first and
 * then those it embeds with `?include=`. Their generations complete the key.
 */
export interface CacheSlot {
  key: string;
  resources: readonly string[];
}

/** What a store knows about a slot right now. */
export interface CacheLookup {
  /** The current generations of the slot's resources, e.g. `4.1`; part of the entry's key. */
  generations: string;
  /** The answer stored under the slot and these generations, if any. */
  answer?: CachedAnswer;
}

/**
 * A place for cached answers and the per-resource generation counters that make them
 * current. An answer is stored under its slot *and* the generations read before the
 * database was: a write advances the generations of what it touched, so every answer
 * read before it becomes unreachable at once, without finding or deleting anything.
 */
export interface CacheStore {
  /**
   * The slot's current generations and the answer stored under them. Rejects when the
   * store cannot tell (a shared store that is unreachable): the caller then reads the
   * database directly.
   */
  get(slot: CacheSlot): Promise<CacheLookup>;
  /** Stores an answer read under `generations` (as `get` returned them) for `ttl` seconds. */
  set(slot: CacheSlot, generations: string, answer: CachedAnswer, ttl: number): Promise<void>;
  /** Advances the generations of `resources`. Never rejects: a write must not fail for its cache. */
  bump(resources: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Raised by a store that cannot answer now; the read goes to the database instead. */
export class CacheUnavailableError extends Error {
  constructor(message = 'the cache store is unreachable', options?: ErrorOptions) {
    super(message, options);
    this.name = 'CacheUnavailableError';
  }
}
