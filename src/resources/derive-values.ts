import { sql, type Kysely } from 'kysely';
import type { Dialect } from './fields/field.js';
import type { RecordData } from './records.js';
import type { AnyResource, ResolvedField } from './resource.js';
import { cut } from './fields/slug-of.js';
import { escapeLike } from './query/filter-condition.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;

/**
 * Fills the derived fields a create left empty (`.derive(...)`), inside the create's
 * transaction. A `.unique()` string field whose value is taken gets the first free
 * `-<n>` suffix, found with one query over the values sharing its stem. SQLite runs one
 * writer at a time; on PostgreSQL a transaction-scoped advisory lock on the stem keeps
 * two concurrent creates from picking the same suffix (a unique violation there would
 * abort the whole transaction, so retrying inside it is not an option).
 */
export async function deriveValues(resource: AnyResource, data: RecordData, trx: Executor, dialect: Dialect): Promise<void> {
  for (const f of resource.writable) {
    const derivation = f.field.flags.derive;
    if (!derivation || (data[f.name] !== undefined && data[f.name] !== null)) continue;
    const maxLength = f.field.spec.output.maxLength as number | undefined;
    const value = derivation.compute(data, maxLength);
    if (value === undefined) continue;
    data[f.name] = f.field.flags.unique && typeof value === 'string' ? await freeValue(resource, f, value, maxLength, trx, dialect) : value;
  }
}

async function freeValue(
  resource: AnyResource,
  f: ResolvedField,
  stem: string,
  maxLength: number | undefined,
  trx: Executor,
  dialect: Dialect,
): Promise<string> {
  const column = sql.ref(`${resource.table}.${f.column}`);
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${`${resource.table}.${f.column}:${stem}`}, 0))`.execute(trx);
  // Values sharing the stem: the stem itself, and `<stem>-<anything>`; LIKE's wildcards in the stem are escaped.
  const pattern = `${escapeLike(stem)}-%`;
  const { rows } = await sql<{ value: string }>`select ${column} as value from ${sql.table(resource.table)} where ${column} = ${stem} or ${column} like ${pattern} escape '\\'`.execute(trx);
  const taken = new Set(rows.map((r) => r.value));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${cut(stem, maxLength === undefined ? undefined : maxLength - suffix.length)}${suffix}`;
    if (taken.has(candidate)) continue;
    // A stem cut to make room for the suffix left the values read above: ask for this one.
    if (candidate.startsWith(`${stem}-`)) return candidate;
    const clash = await sql`select 1 from ${sql.table(resource.table)} where ${column} = ${candidate}`.execute(trx);
    if (clash.rows.length === 0) return candidate;
  }
}
