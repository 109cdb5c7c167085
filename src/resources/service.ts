import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database.js';
import { executorFor, runTransaction, scopeOf } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { mapConstraintError } from './db-errors.js';
import { applyListQuery, countListQuery, pageResult } from './query/index.js';
import type { ListQuery } from './query/list-query.js';
import { selectFields, toRecord, toRow, withDefaults, type RecordData } from './records.js';
import { ResourceStatements } from './statements.js';
import { resolveKey, type RecordKey } from './record-key.js';
import { deriveValues } from './derive-values.js';
import { runAggregate, type AggregateResult } from './aggregates.js';
import type { AnyResource } from './resource.js';
import type { ResourceLookup } from './include.js';
import type { ReadScope } from '../policies/guard.js';
import type { Principal, RowFilter } from '../policies/rule.js';
import { addAmounts } from './increment.js';
import type { HookContext, RecordChange, ResourceHooks } from './hooks.js';

/** A page of records and what the client needs to ask for the next one. */
export interface RecordPage {
  records: RecordData[];
  nextCursor: string | null;
  total?: number;
}

/** Decides, from the stored record, whether the caller may act on it; `db` is where it was read (a write's transaction). */
export type RecordCheck = (record: RecordData, db?: Executor) => boolean | Promise<boolean>;

/**
 * Which records of a referenced resource the caller may point at, i.e. may read: a row
 * condition and a per-record check (either optional), or null when it may read none.
 * Absent for trusted server-side writes.
 */
export type ReferenceScope = (target: AnyResource) => Promise<ReadScope | null>;

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;

/** Options of a {@link ResourceService}. */
export interface ResourceServiceOptions {
  /**
   * Called after each committed write, before the write returns: the read cache
   * invalidates the resource here, so the very next read is fresh. It must not reject.
   */
  onWrite?: (resource: string, operation: 'create' | 'update' | 'delete') => Promise<void>;
  /** What hooks get beside the transaction: record stores and a job queue bound to it, a logger. */
  hookEnvironment: (trx: Transaction<any>, user: Principal | null) => Omit<HookContext, 'trx' | 'user'>;
  /** Called inside the write's transaction after its hooks (the outbound webhook outbox). */
  onChange?: (trx: Transaction<any>, change: RecordChange) => Promise<void>;
}

/** Who writes, and inside which transaction. */
export interface WriteContext {
  /** The caller, for hooks; null or absent for trusted server-side writes. */
  user?: Principal | null;
  /** Which records the caller may point references at (absent: any). */
  scope?: ReferenceScope;
  /**
   * A transaction opened by `ctx.db.transaction` (or a hook's `trx`) to write in; the
   * write then commits with it. Absent: the write has a transaction of its own.
   */
  trx?: Executor;
}

type WriteOperation = 'create' | 'update' | 'delete';

/**
 * The data operations behind a resource's routes. Writes run in a transaction, which
 * holds the access check on the stored record, the reference checks, the hooks and the
 * write, so nothing changes between the check and the write.
 */
export class ResourceService {
  private readonly hooks: ResourceHooks;
  private readonly statements: ResourceStatements;

  constructor(
    readonly resource: AnyResource,
    readonly database: Database,
    private readonly lookup: ResourceLookup,
    private readonly options: ResourceServiceOptions,
  ) {
    this.hooks = resource.definition.hooks ?? {};
    this.statements = new ResourceStatements(resource.table, database);
  }

  /** Lists records; `where` is the access rule's row condition, ANDed with the client's filters. */
  async list(query: ListQuery, where?: RowFilter, executor: Executor = executorFor(this.database.db)): Promise<RecordPage> {
    const { dialect } = this.database;
    const base = executor.selectFrom(this.resource.table).selectAll(this.resource.table);
    const rows = await applyListQuery(base, this.resource, query, dialect, { where }).execute();
    const records = rows.map((row) => toRecord(this.resource, row, dialect));
    // The cursor is made from the full record: it needs the sort values, which
    // `?fields=` may leave out of the response.
    const { records: pageRecords, nextCursor } = pageResult(records, query);
    const page: RecordPage = { records: pageRecords.map((r) => selectFields(r, query.fields)), nextCursor };
    if (query.total) page.total = await countListQuery(executor, this.resource, query, dialect, { where });
    return page;
  }

  /** Runs a declared aggregate over the rows `where` and the query's filters leave. */
  async aggregate(name: string, query: Pick<ListQuery, 'filters' | 'q'>, where?: RowFilter, executor: Executor = executorFor(this.database.db)): Promise<AggregateResult> {
    const agg = this.resource.definition.aggregates?.[name];
    if (!agg) throw new TypeError(`${this.resource.name} has no aggregate "${name}"`);
    return runAggregate(executor, this.database.dialect, this.resource, agg, query, where);
  }

  /**
   * Loads one record by id or unique key, or throws 404 when it is missing or `check`
   * refuses it. `forUpdate` locks the row until the transaction ends (PostgreSQL; SQLite
   * has one writer at a time).
   */
  async get(key: RecordKey, check: RecordCheck, executor: Executor = executorFor(this.database.db), forUpdate = false): Promise<RecordData> {
    const { fields, values } = resolveKey(this.resource, key);
    const { dialect } = this.database;
    const dbValues = fields.map((f, i) => f.field.spec.toDb(values[i], dialect));
    const { rows } = await this.statements.byKey(executor, fields.map((f) => f.column), dbValues, forUpdate);
    const row = rows[0];
    const record = row && toRecord(this.resource, row, this.database.dialect);
    // "Not yours" answers exactly like "missing": existence is never revealed.
    if (!record || !(await check(record, executor))) throw this.notFound(fields.map((f, i) => `${f.name} ${String(values[i])}`).join(' and '));
    return record;
  }

  /** Creates a record; `ownerId` fills the resource's owner field when it has one. */
  /** Users are written by the auth service only: it hashes passwords, applies the policy and runs auth hooks. */
  assertWritable(): void {
    if (this.resource.definition.external) throw new TypeError(`${this.resource.name} are written through the auth service (ctx.auth), not as records`);
  }

  async create(input: RecordData, ownerId?: string, context: WriteContext = {}): Promise<RecordData> {
    this.assertWritable();
    const now = new Date().toISOString();
    const data: RecordData = { ...withDefaults(this.resource, input), id: uuidv7(), createdAt: now, updatedAt: now };
    const owner = this.resource.owner;
    if (owner) {
      if (!ownerId) throw new TypeError(`${this.resource.name} records need an owner`);
      data[owner.field] = ownerId;
    }
    return this.write('create', context, async (trx, hook) => {
      await this.checkReferences(trx, input, context.scope);
      await deriveValues(this.resource, data, trx, this.database.dialect);
      await this.hooks.beforeCreate?.({ ...hook, data });
      const { rows } = await this.statements.insert(trx, this.row(data));
      const record = this.toRecord(rows[0] as Record<string, unknown>);
      await this.hooks.afterCreate?.({ ...hook, record });
      return { record };
    });
  }

  /** Replaces (PUT, `partial` false) or patches (PATCH) a record the caller may update. */
  async update(key: RecordKey, input: RecordData, partial: boolean, check: RecordCheck, context: WriteContext = {}): Promise<RecordData> {
    this.assertWritable();
    return this.write('update', context, async (trx, hook) => {
      const previous = await this.get(key, check, trx, true);
      await this.checkReferences(trx, input, context.scope);
      // A replace (a client's PUT) resets what the client may write, never read-only fields.
      const data = { ...(partial ? input : withDefaults(this.resource, input, this.resource.clientWritable)), updatedAt: new Date().toISOString() };
      return this.replace(trx, hook, previous, data);
    });
  }

  /**
   * Adds amounts to numeric fields of a record (`{ volume: '12.50' }`), exactly (decimals
   * in their smallest unit), with the row locked so concurrent increments all count. The
   * results are validated like a PATCH: a value out of the field's bounds is a 400.
   * `touch: false` leaves `updatedAt` alone, for counters (a favorites count) that are
   * not a change of the record itself.
   */
  async increment(key: RecordKey, amounts: RecordData, check: RecordCheck, context: WriteContext = {}, touch = true): Promise<RecordData> {
    this.assertWritable();
    return this.write('update', context, async (trx, hook) => {
      const previous = await this.get(key, check, trx, true);
      const sums = addAmounts(this.resource, previous, amounts);
      return this.replace(trx, hook, previous, touch ? { ...sums, updatedAt: new Date().toISOString() } : sums);
    });
  }

  async remove(key: RecordKey, check: RecordCheck, context: WriteContext = {}): Promise<void> {
    this.assertWritable();
    await this.write('delete', context, async (trx, hook) => {
      const record = await this.get(key, check, trx, true);
      await this.hooks.beforeDelete?.({ ...hook, record });
      await this.statements.delete(trx, record.id as string);
      await this.hooks.afterDelete?.({ ...hook, record });
      return { record, previous: record };
    });
  }

  private async replace(
    trx: Transaction<any>,
    hook: HookContext,
    previous: RecordData,
    data: RecordData,
  ): Promise<{ record: RecordData; previous: RecordData }> {
    await this.hooks.beforeUpdate?.({ ...hook, previous, data });
    const id = previous.id as string;
    const [row] = (await this.statements.update(trx, id, this.row(data))).rows;
    // Locked by the read before it: only a hook deleting it could take the row away.
    if (!row) throw this.notFound(`id ${id}`);
    const record = this.toRecord(row);
    await this.hooks.afterUpdate?.({ ...hook, previous, record });
    return { record, previous };
  }

  /**
   * Runs a write in the caller's transaction or a new one, with the hooks' context and
   * the change listener inside it, and the cache invalidation after the commit.
   */
  private async write(
    operation: WriteOperation,
    context: WriteContext,
    work: (trx: Transaction<any>, hook: HookContext) => Promise<{ record: RecordData; previous?: RecordData }>,
  ): Promise<RecordData> {
    try {
      const change = await runTransaction(context.trx ?? this.database.db, async (trx) => {
        const user = context.user ?? null;
        const environment = this.options.hookEnvironment(trx, user);
        const result = await work(trx, { ...environment, trx, user });
        await this.options.onChange?.(trx, { resource: this.resource, operation, ...result });
        // After the commit, not inside the transaction: a read between an invalidation
        // and the commit would load and cache the old row under the new generation.
        const onWrite = this.options.onWrite;
        const scope = scopeOf(trx);
        // A transaction from Kysely's own builder has no scope: invalidate now rather than never.
        if (onWrite) {
          if (scope) scope.afterCommit(() => onWrite(this.resource.name, operation));
          else await onWrite(this.resource.name, operation);
        }
        return result;
        // Hooks are the app's code: inside them, calls without `trx` join this transaction.
      }, { appCode: Object.keys(this.hooks).length > 0 });
      return change.record;
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
      // On the write's transaction: a rule reading other tables must not wait for it (SQLite).
      const visible = row && (!allowed.check || (await allowed.check(toRecord(target, row, this.database.dialect), trx)));
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

  private toRecord(row: Record<string, unknown>): RecordData {
    return toRecord(this.resource, row, this.database.dialect);
  }

  /** `key` is the field and value asked for, e.g. `id 0193...` or `slug hello`. */
  private notFound(key: string): AppError {
    return new AppError('RAMPART_NOT_FOUND', `No ${this.resource.name} record with ${key}.`);
  }
}
