import type { FastifyRequest } from 'fastify';
import { decidesByCallerOnly } from '../policies/caller-only.js';
import { allow, type AccessRule } from '../policies/rule.js';
import type { ResourceLookup } from '../resources/include.js';
import { isPersonal } from '../resources/relations/computed.js';
import { selectedComputed } from '../resources/relations/load-computed.js';
import { relationsOf } from '../resources/relations/resolve-relations.js';
import { includedResource, includeTargetsOf } from '../resources/relations/include-targets.js';
import type { ResolvedPath } from '../resources/relations/resolve-paths.js';
import { usersTarget } from '../resources/user-profiles.js';
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

/** A loaded answer with headers that belong to it (a bare list's page information). */
export interface LoadedAnswer {
  body: string;
  headers: Readonly<Record<string, string>>;
}

/** Answers a resource's GETs, through the cache when the resource declares `cache`. */
export interface ResourceReads {
  /** `load` reads the database and returns the serialized body. */
  answer(request: FastifyRequest, read: ReadRequest, load: () => Promise<string | LoadedAnswer>): Promise<ResourceAnswer>;
}

/** Options of {@link createResourceReads}. */
export interface ResourceReadsOptions {
  cache?: ReadCache;
  lookup: ResourceLookup;
}

/**
 * The read side of a resource's routes. The rules involved in an answer are the
 * operation's own rule (row filters, per-record checks) and the `read` rule of every
 * resource embedded with `?include=` (which decides what is embedded).
 *
 * The answer depends on the caller whenever one of them is anything but `allow.public`;
 * then the caller's id and role are part of the key, so one user's answer is never
 * served to another. That key is only complete when every rule involved decides by the
 * caller alone ({@link decidesByCallerOnly}). A custom rule may decide on the Host, a
 * header, the address, the clock or another table, none of which the key covers, and
 * its per-record checks and row filters run only when the answer is loaded: a stored
 * answer would reach every caller with the same id and role (every anonymous caller),
 * whatever the rule would say to them. Such reads bypass the cache, both ways.
 *
 * @example
 * const reads = createResourceReads(markets, { cache, lookup });
 * const { answer, personal } = await reads.answer(request, { route: 'read', id, include: [] }, load);
 */
export function createResourceReads(resource: AnyResource, options: ResourceReadsOptions): ResourceReads {
  const { cache, lookup } = options;
  const related = relationsOf(resource, lookup);
  const targetsOf = (include: readonly string[]) =>
    include.flatMap((name) => {
      // `a.b`: what `b` embeds in `a`'s records counts too.
      const dot = name.indexOf('.');
      if (dot >= 0) {
        const outer = includedResource(resource, name.slice(0, dot), lookup);
        return outer ? includeTargetsOf(outer, name.slice(dot + 1), lookup) : [];
      }
      return includeTargetsOf(resource, name, lookup);
    });
  return {
    async answer(request, read, load) {
      const include = read.route === 'list' ? read.query.include : read.include;
      const fields = read.route === 'list' ? read.query.fields : read.fields;
      const targets = targetsOf(include);
      // The included records' computed fields count as this answer's (an embedded author's `following`).
      const computed = [...selectedComputed(resource, lookup, fields), ...targets.flatMap((t) => selectedComputed(t, lookup, undefined))];
      const view = read.route === 'list' ? read.view : undefined;
      const pathFilters = read.route === 'list' ? (read.query.paths ?? []) : [];
      // A relation filter reads its target's rows (and a junction's) under their read rules.
      const probed = pathFilters.flatMap((f) => pathResources(related.paths.get(f.param)));
      const rules = [
        resource.definition.access[read.route],
        ...(view ? [view.access] : []),
        ...[...targets, ...probed].map((t) => t.definition.access.read),
      ];
      // A computed field on `me` answers per caller, and so does a view (its condition sees
      // the caller); one over another resource's rows goes stale with them.
      const personal =
        view !== undefined ||
        pathFilters.some((f) => f.me === true) ||
        rules.some((rule) => rule !== allow.public) ||
        computed.some((c) => isPersonal(c.computed));
      const dependencies = [
        ...[...targets, ...probed].map((t) => t.name),
        ...computed.map((c) => c.relation.rows.name),
        ...(view?.dependsOn ?? []),
      ];
      const produce = async (): Promise<CachedAnswer> => {
        const loaded = await load();
        if (typeof loaded === 'string') return { body: loaded, etag: etagOf(loaded) };
        // The headers are part of what a client revalidates: a new total is a new answer.
        return { body: loaded.body, headers: loaded.headers, etag: etagOf(`${JSON.stringify(loaded.headers)}\n${loaded.body}`) };
      };
      const ttl = resource.cache?.ttl;
      if (!cache || ttl === undefined) return { answer: await produce(), personal };
      if (!rules.every((rule) => decidesByCallerOnly(rule as AccessRule))) return { answer: await cache.bypass(resource.name, produce), personal };
      const caller: CacheCaller = personal ? (request.user && { id: request.user.id, role: request.user.role }) : undefined;
      const resources = [...new Set([resource.name, ...dependencies])];
      const slot = { key: cacheKey(resource.name, read, caller), resources };
      return { answer: await cache.read(slot, ttl, produce), personal };
    },
  };
}

/** The resources a relation filter reads rows of: the target, and a relation's child or junction. */
function pathResources(path: ResolvedPath | undefined): AnyResource[] {
  if (!path) return [];
  const found: AnyResource[] = path.target === usersTarget ? [] : [path.target];
  if (path.hop.kind === 'relation' && path.hop.relation.rows !== path.target) found.push(path.hop.relation.rows);
  return found;
}

