import { AppError } from '../errors/app-error.js';
import type { Database } from '../db/database.js';
import type { FastifyRequest } from 'fastify';
import { accessContext, rowFilter } from '../policies/guard.js';
import { isAllowed, toRule } from '../policies/rule.js';
import { toRecord, type RecordData } from './records.js';
import type { AnyResource } from './resource.js';

/** Finds a declared resource by name. */
export type ResourceLookup = (name: string) => AnyResource | undefined;

/**
 * Replaces reference ids with the referenced records, one query per included field
 * whatever the number of rows (never one query per row). The referenced resource's own
 * `read` rule applies: a caller who may not read it cannot include it.
 */
export async function includeReferences(
  database: Database,
  resource: AnyResource,
  records: RecordData[],
  include: readonly string[],
  lookup: ResourceLookup,
  request: FastifyRequest,
): Promise<void> {
  for (const name of include) {
    const ref = resource.field(name)?.field.spec.reference;
    const target = ref && lookup(ref.resource);
    if (!target) continue;
    const access_ = target.definition.access.read;
    const rule = access_ && toRule(access_);
    if (!rule || !(await isAllowed(rule, accessContext(request, 'read', target)))) {
      throw new AppError('RAMPART_FORBIDDEN', `You may not include ${name}.`, {
        errors: [{ path: 'query.include', message: `no read access to ${target.name}` }],
      });
    }
    const ids = [...new Set(records.map((r) => r[name]).filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) continue;
    // The target's row rule applies too: an included record the caller may not read
    // stays a bare id, exactly as if it did not exist.
    const where = rowFilter(rule, 'read', target, request);
    let select = database.db.selectFrom(target.table).selectAll().where('id', 'in', ids);
    if (where) select = select.where(where);
    const rows = await select.execute();
    const byId = new Map(rows.map((row) => [String(row.id), toRecord(target, row, database.dialect)]));
    for (const record of records) {
      const id = record[name];
      if (typeof id === 'string') record[name] = byId.get(id) ?? id;
    }
  }
}
