import type { FastifyBaseLogger } from 'fastify';
import type { Transaction } from 'kysely';
import type { AuthService } from '../auth/auth-service.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Principal } from '../policies/rule.js';
import type { RecordStore } from './record-store.js';
import type { DomainEvents } from './events.js';
import type { RecordData } from './records.js';
import type { AnyResource } from './resource.js';

/**
 * What every resource hook receives. Hooks run inside the write's transaction: what
 * they write through `records` or `trx`, and the jobs they enqueue, commit with the
 * write or not at all; a hook that throws rolls everything back (an {@link AppError}
 * becomes its answer, anything else a 500).
 */
export interface HookContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>;
  /** Who writes: the signed-in caller, or null for trusted server-side writes. */
  user: Principal | null;
  /** Record access inside this transaction (validated, no access rules, hooks run). */
  records(resource: AnyResource): RecordStore;
  /** Enqueues jobs inside this transaction: they exist exactly when it commits. */
  jobs: JobQueue;
  /** Emits declared domain events into the webhook outbox, inside this transaction. */
  events: DomainEvents;
  /** Users and sessions; pass `{ trx }` so what it writes commits with this write. */
  auth: AuthService;
  log: FastifyBaseLogger;
}

/**
 * Code run around a resource's writes, inside their transaction. `before*` hooks may
 * change `data` (the validated values about to be written) or throw to refuse the
 * write; `after*` hooks see the written record.
 *
 * @example
 * hooks: {
 *   afterCreate: async ({ record, records }) => {
 *     await records(markets).increment(String(record.market), { volume: String(record.amount) });
 *   },
 * }
 */
export interface ResourceHooks {
  beforeCreate?(ctx: HookContext & { data: RecordData }): unknown;
  afterCreate?(ctx: HookContext & { record: RecordData }): unknown;
  beforeUpdate?(ctx: HookContext & { previous: RecordData; data: RecordData }): unknown;
  afterUpdate?(ctx: HookContext & { previous: RecordData; record: RecordData }): unknown;
  beforeDelete?(ctx: HookContext & { record: RecordData }): unknown;
  afterDelete?(ctx: HookContext & { record: RecordData }): unknown;
}

/** A committed change of one record, as outboxes and change listeners see it. */
export interface RecordChange {
  resource: AnyResource;
  operation: 'create' | 'update' | 'delete';
  /** The record after the change (before it, for deletes). */
  record: RecordData;
  previous?: RecordData;
}
