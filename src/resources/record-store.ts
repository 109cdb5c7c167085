import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { issuesOf } from '../http/validation.js';
import type { Principal } from '../policies/rule.js';
import { parseListQuery } from './query/index.js';
import type { RecordData } from './records.js';
import type { AnyResource } from './resource.js';
import { serverBodySchemas } from './schemas.js';
import type { RecordKey } from './record-key.js';
import type { RecordPage, ResourceService } from './service.js';
import type { AggregateResult } from './aggregates.js';

/**
 * Server-side access to a resource's records, for hooks, custom routes, seeds, scripts
 * and trusted code. Input is validated like a client's; access rules are not applied;
 * hooks run. A store bound to a transaction reads and writes inside it.
 */
export interface RecordStore {
  /** Lists with the same query language as the HTTP route, e.g. `{ status: 'active', sort: '-volume' }`. */
  list(query?: Record<string, string>): Promise<RecordPage>;
  /** By id, or by one unique field: `get({ slug: 'hello' })`. */
  get(key: RecordKey): Promise<RecordData>;
  /** `owner` is the user id for the owner field of resources that declare one. */
  create(input: Record<string, unknown>, options?: { owner?: string }): Promise<RecordData>;
  update(key: RecordKey, input: Record<string, unknown>): Promise<RecordData>;
  /**
   * Adds to numeric fields, atomically: `increment(id, { volume: '12.50' })`. Decimals
   * are strings, integers and numbers are numbers; a result out of bounds is a 400.
   * `{ touch: false }` keeps `updatedAt` as it was (a counter is not an edit).
   */
  increment(key: RecordKey, amounts: Record<string, unknown>, options?: { touch?: boolean }): Promise<RecordData>;
  remove(key: RecordKey): Promise<void>;
  /** A declared aggregate, optionally over filtered rows: `aggregate('categories', { status: 'active' })`. */
  aggregate(name: string, query?: Record<string, string>): Promise<AggregateResult>;
}

/** Where a {@link RecordStore} works: a transaction to join, and who acts (for hooks). */
export interface RecordStoreContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx?: Kysely<any>;
  user?: Principal | null;
}

function parse(schema: z.ZodType<Record<string, unknown>>, input: unknown): Record<string, unknown> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError('RAMPART_VALIDATION', 'The input is invalid.', { errors: issuesOf(result.error, 'body') });
  return result.data;
}

/** Wraps a resource's service as a {@link RecordStore}, optionally inside a transaction. */
export function createRecordStore(resource: AnyResource, service: ResourceService, context: RecordStoreContext = {}): RecordStore {
  const { create, patch } = serverBodySchemas(resource);
  const anyRecord = async () => true;
  const write = { trx: context.trx, user: context.user };
  return {
    // async, so bad input rejects the promise rather than throwing at the call.
    list: async (query = {}) => service.list(parseListQuery(resource, query), undefined, context.trx),
    get: async (id) => service.get(id, anyRecord, context.trx),
    create: async (input, options) => {
      service.assertWritable();
      return service.create(parse(create, input), options?.owner, write);
    },
    update: async (id, input) => {
      service.assertWritable();
      return service.update(id, parse(patch, input), true, anyRecord, write);
    },
    increment: async (key, amounts, options) => service.increment(key, amounts, anyRecord, write, options?.touch ?? true),
    remove: async (id) => service.remove(id, anyRecord, write),
    aggregate: async (name, query = {}) => service.aggregate(name, parseListQuery(resource, query), undefined, context.trx),
  };
}

/**
 * Record access by resource, as handlers receive it (`ctx.records`): pass the
 * transaction of `ctx.db.transaction` to read and write inside it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RecordStoreFactory = (resource: AnyResource, trx?: Kysely<any>) => RecordStore;
