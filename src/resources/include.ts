import { AppError } from '../errors/app-error.js';
import type { Database } from '../db/database.js';
import { isAllowed, toRule, type AccessContext } from '../policies/rule.js';
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
  access: Omit<AccessContext, 'operation' | 'resource'>,
): Promise<void> {
  for (const name of include) {
    const ref = resource.field(name)?.field.spec.reference;
    const target = ref && lookup(ref.resource);
    if (!target) continue;
    const rule = target.definition.access.read;
    if (!rule || !(await isAllowed(toRule(rule), { ...access, operation: 'read', resource: target.name }))) {
      throw new AppError('RAMPART_FORBIDDEN', `You may not include ${name}.`, {
        errors: [{ path: 'query.include', message: `no read access to ${target.name}` }],
      });
    }
    const ids = [...new Set(records.map((r) => r[name]).filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) continue;
    const rows = await database.db.selectFrom(target.table).selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((row) => [String(row.id), toRecord(target, row, database.dialect)]));
    for (const record of records) {
      const id = record[name];
      if (typeof id === 'string') record[name] = byId.get(id) ?? id;
    }
  }
}
