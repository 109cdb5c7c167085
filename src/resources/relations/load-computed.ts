import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../fields/field.js';
import type { ResourceLookup } from '../include.js';
import type { RecordData } from '../records.js';
import type { AnyResource } from '../resource.js';
import { me } from './computed.js';
import { relationsOf, type ResolvedComputed } from './resolve-relations.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;

/** The computed fields an answer carries: all of them, or those `?fields=` names. */
export function selectedComputed(resource: AnyResource, lookup: ResourceLookup, fields: readonly string[] | undefined): ResolvedComputed[] {
  const all = [...relationsOf(resource, lookup).computed.values()];
  return fields ? all.filter((c) => fields.includes(c.name)) : all;
}

/**
 * Sets the computed fields on a page of records: one grouped query per field over the
 * page's ids, whatever the page size (never one per record). A `where` on `me` matches
 * nothing for an anonymous caller, so `exists` is false and `count` 0 without a query.
 *
 * @example
 * await addComputed(db, 'sqlite', articles, lookup, page, undefined, request.user?.id ?? null);
 */
export async function addComputed(
  db: Executor,
  dialect: Dialect,
  resource: AnyResource,
  lookup: ResourceLookup,
  records: RecordData[],
  fields: readonly string[] | undefined,
  callerId: string | null,
): Promise<void> {
  const selected = selectedComputed(resource, lookup, fields);
  if (selected.length === 0 || records.length === 0) return;
  const ids = [...new Set(records.map((r) => r.id as string))];
  for (const c of selected) {
    const values = await computeFor(db, dialect, c, ids, callerId);
    const empty = c.computed.kind === 'count' ? 0 : false;
    for (const record of records) record[c.name] = values.get(record.id as string) ?? empty;
  }
}

async function computeFor(db: Executor, dialect: Dialect, c: ResolvedComputed, ids: string[], callerId: string | null): Promise<Map<string, number | boolean>> {
  const { rows, fk } = c.relation;
  if (c.where.some((w) => w.value === me) && callerId === null) return new Map();
  const fkRef = sql.ref(`${rows.table}.${fk.column}`);
  let query = db.selectFrom(rows.table).select(fkRef.as('k')).where(fkRef, 'in', ids);
  for (const w of c.where) {
    const value = w.value === me ? callerId : w.field.field.spec.toDb(w.value, dialect);
    query = query.where(sql.ref(`${rows.table}.${w.column}`), '=', value);
  }
  if (c.computed.kind === 'exists') {
    const found = await query.distinct().execute();
    return new Map(found.map((row) => [String(row.k), true]));
  }
  const counted = await query.select(sql<number | string | bigint>`count(*)`.as('n')).groupBy(fkRef).execute();
  // PostgreSQL's count is a bigint, which pg hands over as a string.
  return new Map(counted.map((row) => [String(row.k), Number(row.n)]));
}
