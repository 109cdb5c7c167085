/**
 * The longest accepted `ttl`, a day: it also bounds how long an answer outlives a write
 * Rampart cannot see (raw SQL, another program).
 *
 * @example
 * resource('markets', { fields, access, cache: { ttl: maxCacheTtl } });
 */
export const maxCacheTtl = 86_400;

/**
 * The `cache` option of a resource: its GET answers (one record and lists) are cached
 * for `ttl` seconds, and every write through Rampart invalidates them at once.
 *
 * @example
 * resource('markets', { fields, access, cache: { ttl: 30 } });
 */
export interface ResourceCacheOptions {
  /** Seconds an answer may be served from the cache, a whole number from 1 to 86400. */
  ttl: number;
}

/**
 * Checks a resource's `cache` option when the resource is declared, so a typo fails at
 * startup with the resource named instead of silently caching nothing (or forever).
 *
 * @example
 * checkCacheOptions('markets', { ttl: 30 }); // { ttl: 30 }
 * checkCacheOptions('markets', { ttl: 0 });  // throws TypeError: markets: cache.ttl must be ...
 */
export function checkCacheOptions(resource: string, value: unknown): ResourceCacheOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${resource}: cache must be an object such as { ttl: 30 }`);
  }
  const unknown = Object.keys(value).filter((key) => key !== 'ttl');
  if (unknown.length > 0) {
    throw new TypeError(`${resource}: cache accepts only ttl; unknown: ${unknown.join(', ')}`);
  }
  const ttl = (value as { ttl?: unknown }).ttl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > maxCacheTtl) {
    throw new TypeError(
      `${resource}: cache.ttl must be a whole number of seconds from 1 to ${maxCacheTtl}, got ${describe(ttl)}`,
    );
  }
  return { ttl };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
