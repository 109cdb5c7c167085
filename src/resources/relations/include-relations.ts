import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { readScope } from '../../policies/guard.js';
import type { ResourceLookup } from '../include.js';
import { toRecord, type RecordData } from '../records.js';
import type { AnyResource } from '../resource.js';
import { loadUserProfiles, usersTarget } from '../user-profiles.js';
import { relationsOf, type ResolvedRelation } from './resolve-relations.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;

const forbidden = (name: string, target: string) =>
  new AppError('RAMPART_FORBIDDEN', `You may not include ${name}.`, {
    errors: [{ path: 'query.include', message: `no read access to ${target}` }],
  });

/**
 * Embeds the declared relations `include` names as arrays: one query per relation for
 * the whole page (two for a `through` relation: junction rows, then the far side),
 * capped at the relation's `max` per record with ROW_NUMBER() OVER (PARTITION BY ...).
 * The related resource's own `read` rule applies, as for reference includes: rows the
 * caller may not read are left out, and a caller who may read none gets a 403.
 */
export async function includeRelations(
  database: Database,
  resource: AnyResource,
  records: RecordData[],
  include: readonly string[],
  lookup: ResourceLookup,
  request: FastifyRequest,
): Promise<void> {
  const { relations } = relationsOf(resource, lookup);
  for (const name of include) {
    const relation = relations.get(name);
    if (!relation) continue;
    const ids = [...new Set(records.map((r) => r.id as string))];
    const grouped = ids.length === 0 ? new Map<string, RecordData[]>() : await loadRelated(database, relation, ids, request);
    for (const record of records) record[name] = grouped.get(record.id as string) ?? [];
  }
}

async function loadRelated(database: Database, relation: ResolvedRelation, ids: string[], request: FastifyRequest): Promise<Map<string, RecordData[]>> {
  const { rows, fk, far } = relation;
  const scope = await readScope(request, rows);
  if (!scope) throw forbidden(relation.name, rows.name);
  const db = database.db as Executor;
  const order = relation.sort.map((k) => sql`${sql.ref(`${rows.table}.${k.column}`)} ${sql.raw(k.direction)}`);
  let inner = db
    .selectFrom(rows.table)
    .selectAll(rows.table)
    .select(sql<number>`row_number() over (partition by ${sql.ref(`${rows.table}.${fk.column}`)} order by ${sql.join(order)})`.as('rampart_rank'))
    .where(sql.ref(`${rows.table}.${fk.column}`), 'in', ids);
  if (scope.where) inner = inner.where(scope.where);
  const found = await db
    .selectFrom(inner.as('ranked'))
    .selectAll()
    .where('rampart_rank', '<=', relation.relation.max)
    .orderBy('rampart_rank')
    .execute();
  const related: RecordData[] = [];
  for (const row of found) {
    const record = toRecord(rows, row, database.dialect);
    if (!scope.check || (await scope.check(record))) related.push(record);
  }
  const embedded = far ? await farSide(database, relation, related, request) : new Map(related.map((r) => [r.id as string, r]));
  const grouped = new Map<string, RecordData[]>();
  for (const record of related) {
    const item = embedded.get((far ? record[far.field.name] : record.id) as string);
    if (!item) continue;
    const parent = record[fk.name] as string;
    grouped.set(parent, [...(grouped.get(parent) ?? []), item]);
  }
  return grouped;
}

/** The far records of junction rows, by id: users' public profiles, or records under their read rule. */
async function farSide(database: Database, relation: ResolvedRelation, junction: RecordData[], request: FastifyRequest): Promise<Map<string, RecordData>> {
  const far = relation.far!;
  const ids = [...new Set(junction.map((r) => r[far.field.name]).filter((v): v is string => typeof v === 'string'))];
  if (ids.length === 0) return new Map();
  if (far.target === usersTarget) return loadUserProfiles(database, ids);
  const target: AnyResource = far.target;
  const scope = await readScope(request, target);
  if (!scope) throw forbidden(relation.name, target.name);
  let query = (database.db as Executor).selectFrom(target.table).selectAll().where('id', 'in', ids);
  if (scope.where) query = query.where(scope.where);
  const byId = new Map<string, RecordData>();
  for (const row of await query.execute()) {
    const record = toRecord(target, row, database.dialect);
    if (!scope.check || (await scope.check(record))) byId.set(record.id as string, record);
  }
  return byId;
}
