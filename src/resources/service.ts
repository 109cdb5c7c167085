import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { mapConstraintError } from './db-errors.js';
import { applyListQuery, countListQuery, pageResult } from './query/index.js';
import type { ListQuery } from './query/list-query.js';
import { selectFields, toRecord, toRow, withDefaults, type RecordData } from './records.js';
import type { AnyResource } from './resource.js';
import type { ResourceLookup } from './include.js';
import type { ReadScope } from '../policies/guard.js';
import type { RowFilter } from '../policies/rule.js';

/** A page of records and what the client needs to ask for the next one. */
export interface RecordPage {
  records: RecordData[];
  nextCursor: string | null;
  total?: number;
}

/** Decides, from the stored record, whether the caller may act on it. */
export type RecordCheck = (record: RecordData) => Promise<boolean>;

/**
 * Which records of a referenced resource the caller may point at, i.e. may read: a row
 * condition and a per-record check (either optional), or null when it may read none.
 * Absent for trusted server-side writes.
 */
export type ReferenceScope = (target: AnyResource) => Promise<ReadScope | null>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Executor = Kysely<any>;

/** Options of a {@link ResourceService}. */
export interface ResourceServiceOptions {
  /**
   * Called after each committed write, before the write returns: the read cache
   * invalidates the resource here, so the very next read is fresh. It must not reject.
   */
  onWrite?: (resource: string, operation: 'create' | 'update' | 'delete') => Promise<void>;
}

/**
 * The data operations behind a resource's routes. Writes run in a transaction, which
 * holds the access check on the stored record, the reference checks and the write, so
 * nothing changes between the check and the write.
 */
export class ResourceService {
  constructor(
    readonly resource: AnyResource,
    readonly database: Database,
    private readonly lookup: ResourceLookup,
    private readonly options: ResourceServiceOptions = {},
  ) {}

  /** Lists records; `where` is the access rule's row condition, ANDed with the client's filters. */
  async list(query: ListQuery, where?: RowFilter): Promise<RecordPage> {
    const { db, dialect } = this.database;
    const base = db.selectFrom(this.resource.table).selectAll(this.resource.table);
    const rows = await applyListQuery(base, this.resource, query, dialect, { where }).execute();
    const records = rows.map((row) => toRecord(this.resource, row, dialect));
    // The cursor is made from the full record: it needs the sort values, which
    // `?fields=` may leave out of the response.
    const { records: pageRecords, nextCursor } = pageResult(records, query);
    const page: RecordPage = { records: pageRecords.map((r) => selectFields(r, query.fields)), nextCursor };
    if (query.total) page.total = await countListQuery(db, this.resource, query, dialect, { where });
    return page;
  }

  /** Loads one record, or throws 404 when it is missing or `check` refuses it. */
  async get(id: string, check: RecordCheck, executor: Executor = this.database.db): Promise<RecordData> {
    const row = await executor.selectFrom(this.resource.table).selectAll().where('id', '=', id).executeTakeFirst();
    const record = row && toRecord(this.resource, row, this.database.dialect);
    // "Not yours" answers exactly like "missing": existence is never revealed.
    if (!record || !(await check(record))) throw this.notFound(id);
    return record;
  }

  /** Creates a record; `ownerId` fills the resource's owner field when it has one. */
  async create(input: RecordData, ownerId?: string, scope?: ReferenceScope): Promise<RecordData> {
    const now = new Date().toISOString();
    const data: RecordData = { ...withDefaults(this.resource, input), id: uuidv7(), createdAt: now, updatedAt: now };
    const owner = this.resource.owner;
    if (owner) {
      if (!ownerId) throw new TypeError(`${this.resource.name} records need an owner`);
      data[owner.field] = ownerId;
    }
    return this.write('create', async (trx) => {
      await this.checkReferences(trx, input, scope);
      return trx.insertInto(this.resource.table).values(this.row(data)).returningAll().executeTakeFirstOrThrow();
    });
  }

  /** Replaces (PUT, `partial` false) or patches (PATCH) a record the caller may update. */
  async update(id: string, input: RecordData, partial: boolean, check: RecordCheck, scope?: ReferenceScope): Promise<RecordData> {
    return this.write('update', async (trx) => {
      await this.get(id, check, trx);
      await this.checkReferences(trx, input, scope);
      const data = { ...(partial ? input : withDefaults(this.resource, input)), updatedAt: new Date().toISOString() };
      return trx
        .updateTable(this.resource.table)
        .set(this.row(data))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  async remove(id: string, check: RecordCheck): Promise<void> {
    await this.write('delete', async (trx) => {
      await this.get(id, check, trx);
      await trx.deleteFrom(this.resource.table).where('id', '=', id).execute();
      return {};
    });
  }

  private async write(
    operation: 'create' | 'update' | 'delete',
    work: (trx: Executor) => Promise<Record<string, unknown>>,
  ): Promise<RecordData> {
    try {
      const row = await this.database.db.transaction().execute(work);
      // After the commit, not inside the transaction: a read between an invalidation
      // and the commit would load and cache the old row under the new generation.
      await this.options.onWrite?.(this.resource.name, operation);
      return toRecord(this.resource, row, this.database.dialect);
    } catch (error) {
      if (error instanceof AppError) throw error;
      return mapConstraintError(error, this.resource);
    }
  }

  /**
   * A reference to a missing record is the client's mistake: 400 naming the field. A
   * record the caller may not read counts as missing, so the answer reveals nothing.
   */
  private async checkReferences(trx: Executor, input: RecordData, scope?: ReferenceScope): Promise<void> {
    for (const f of this.resource.writable) {
      const ref = f.field.spec.reference;
      const value = input[f.name];
      const target = ref && this.lookup(ref.resource);
      if (!target || typeof value !== 'string') continue;
      const allowed = scope ? await scope(target) : {};
      let query = trx.selectFrom(target.table).selectAll().where('id', '=', value);
      if (allowed?.where) query = query.where(allowed.where);
      const row = allowed && (await query.executeTakeFirst());
      const visible = row && (!allowed.check || (await allowed.check(toRecord(target, row, this.database.dialect))));
      if (!visible) {
        throw new AppError('RAMPART_VALIDATION', 'The body is invalid.', {
          errors: [{ path: `body.${f.name}`, message: `no ${target.name} record with this id` }],
        });
      }
    }
  }

  private row(data: RecordData): Record<string, unknown> {
    return toRow(this.resource, data, this.database.dialect);
  }

  private notFound(id: string): AppError {
    return new AppError('RAMPART_NOT_FOUND', `No ${this.resource.name} record with id ${id}.`);
  }
}
