import { AppError } from '../errors/app-error.js';
import type { Database } from '../db/database.js';
import type { FastifyRequest } from 'fastify';
import { readScope } from '../policies/guard.js';
import { toRecord, type RecordData } from './records.js';
import type { AnyResource } from './resource.js';
import { loadUserProfiles, usersTarget } from './user-profiles.js';
import { includeRelations } from './relations/include-relations.js';
import { addComputed } from './relations/load-computed.js';
import { includedResource, splitIncludes } from './relations/include-targets.js';
import { includable } from './query/parse-projection.js';
import { invalidQuery } from './query/query-issues.js';

/** Finds a declared resource by name. */
export type ResourceLookup = (name: string) => AnyResource | undefined;

/**
 * Replaces reference ids with the referenced records, one query per included field
 * whatever the number of rows (never one query per row). The referenced resource's own
 * `read` rule applies: a caller who may not read it cannot include it. A reference to
 * the users table (an owner) embeds the user's public profile (see user-profiles.ts).
 * Declared relations named in `include` are embedded as arrays (include-relations.ts).
 */
export async function includeRecords(
  database: Database,
  resource: AnyResource,
  records: RecordData[],
  include: readonly string[],
  lookup: ResourceLookup,
  request: FastifyRequest,
): Promise<void> {
  const { top, nested } = splitIncludes(include);
  for (const name of top) {
    const ref = resource.field(name)?.field.spec.reference;
    const target = ref && lookup(ref.resource);
    if (!target) {
      if (ref?.resource === usersTarget) embed(records, name, await loadUserProfiles(database, idsOf(records, name)));
      continue;
    }
    const scope = await readScope(request, target);
    if (!scope) {
      throw new AppError('RAMPART_FORBIDDEN', `You may not include ${name}.`, {
        errors: [{ path: 'query.include', message: `no read access to ${target.name}` }],
      });
    }
    const ids = idsOf(records, name);
    if (ids.length === 0) continue;
    // The target's row and record rules apply too: an included record the caller may
    // not read stays a bare id, exactly as if it did not exist.
    let select = database.db.selectFrom(target.table).selectAll().where('id', 'in', ids);
    if (scope.where) select = select.where(scope.where);
    const byId = new Map<string, RecordData>();
    for (const row of await select.execute()) {
      const included = toRecord(target, row, database.dialect);
      if (!scope.check || (await scope.check(included))) byId.set(String(row.id), included);
    }
    // An included record is whole, computed fields too (an author's `following`): one query per page.
    if (target.definition.computed) await addComputed(database.db, database.dialect, target, lookup, [...byId.values()], undefined, request.user?.id ?? null);
    embed(records, name, byId);
  }
  await includeRelations(database, resource, records, top, lookup, request);
  // One level deeper: what `a.b` names, in every record `a` embedded, batched over all of them.
  for (const [name, deeper] of nested) {
    const target = includedResource(resource, name, lookup);
    const known = target ? includable(target) : [];
    const bad = deeper.filter((n) => !known.includes(n));
    if (!target || bad.length > 0) {
      throw invalidQuery([{ param: 'include', message: `${bad.map((n) => `"${name}.${n}"`).join(', ') || `"${name}.*"`}: ${target ? `${target.name} can include ${known.join(', ') || 'nothing'}` : `${name} has nothing to include`}` }]);
    }
    const embedded = records.flatMap((r) => {
      const value = r[name];
      return Array.isArray(value) ? (value as RecordData[]) : value && typeof value === 'object' ? [value as RecordData] : [];
    });
    if (embedded.length > 0) await includeRecords(database, target, embedded, deeper, lookup, request);
  }
}

function idsOf(records: readonly RecordData[], name: string): string[] {
  return [...new Set(records.map((r) => r[name]).filter((v): v is string => typeof v === 'string'))];
}

/** An id without a loaded record (gone, or not readable) stays a bare id. */
function embed(records: RecordData[], name: string, byId: ReadonlyMap<string, RecordData>): void {
  for (const record of records) {
    const id = record[name];
    if (typeof id === 'string') record[name] = byId.get(id) ?? id;
  }
}
