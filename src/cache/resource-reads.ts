import type { FastifyRequest } from 'fastify';
import { allow } from '../policies/rule.js';
import type { ResourceLookup } from '../resources/include.js';
import type { AnyResource } from '../resources/resource.js';
import { cacheKey, type CacheCaller, type ReadRequest } from './cache-key.js';
import type { CachedAnswer } from './cache-store.js';
import { etagOf } from './etag.js';
import type { ReadCache } from './read-cache.js';

/** An answer to a resource GET, and whether it depends on who asked. */
export interface ResourceAnswer {
  answer: CachedAnswer;
  /** True when a rule other than `allow.public` decided any part of it. */
  personal: boolean;
}

/** Answers a resource's GETs, through the cache when the resource declares `cache`. */
export interface ResourceReads {
  /** `load` reads the database and returns the serialized body. */
  answer(request: FastifyRequest, read: ReadRequest, load: () => Promise<string>): Promise<ResourceAnswer>;
}

/** Options of {@link createResourceReads}. */
export interface ResourceReadsOptions {
  cache?: ReadCache;
  lookup: ResourceLookup;
}

/**
 * The read side of a resource's routes. The answer depends on the caller whenever a
 * rule involved is anything but `allow.public`: the operation's own rule (row filters,
 * per-record checks, custom functions) or the `read` rule of a resource embedded with
 * `?include=` (which decides what is embedded). Then the caller's id and role are part
 * of the key, so one user's answer is never served to another.
 *
 * @example
 * const reads = createResourceReads(markets, { cache, lookup });
 * const { answer, personal } = await reads.answer(request, { route: 'read', id, include: [] }, load);
 */
export function createResourceReads(resource: AnyResource, options: ResourceReadsOptions): ResourceReads {
  const { cache, lookup } = options;
  const targetsOf = (include: readonly string[]) =>
    include.flatMap((name) => {
      const ref = resource.field(name)?.field.spec.reference;
      const target = ref && lookup(ref.resource);
      return target ? [target] : [];
    });
  return {
    async answer(request, read, load) {
      const include = read.route === 'list' ? read.query.include : read.include;
      const targets = targetsOf(include);
      const personal =
        resource.definition.access[read.route] !== allow.public || targets.some((t) => t.definition.access.read !== allow.public);
      const produce = async (): Promise<CachedAnswer> => {
        const body = await load();
        return { body, etag: etagOf(body) };
      };
      const ttl = resource.cache?.ttl;
      if (!cache || ttl === undefined) return { answer: await produce(), personal };
      const caller: CacheCaller = personal ? (request.user && { id: request.user.id, role: request.user.role }) : undefined;
      const resources = [...new Set([resource.name, ...targets.map((t) => t.name)])];
      const slot = { key: cacheKey(resource.name, read, caller), resources };
      return { answer: await cache.read(slot, ttl, produce), personal };
    },
  };
}
