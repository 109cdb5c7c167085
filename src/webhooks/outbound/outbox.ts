import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Config } from '../../core/config.js';
import type { Database } from '../../db/database.js';
import { retryDelay, type BackoffOptions } from '../../jobs/backoff.js';
import type { JobRegistry } from '../../jobs/job-definition.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { RetryLater } from '../../jobs/retry-later.js';
import type { RecordChange } from '../../resources/hooks.js';
import { attemptDelivery } from './attempt-delivery.js';
import { createDelivery, markDeliveryDead, scheduleDelivery } from './delivery-repository.js';
import { webhookPayload } from './delivery-request.js';
import { endpointsForEvent } from './endpoint-repository.js';
import { nextRecordSequence } from './record-sequence.js';

/*
 * The transactional outbox of outbound webhooks. A resource write that matches enabled
 * endpoints inserts one delivery row per endpoint and one delivery job per row, in the
 * write's own transaction: a committed change always has its deliveries, a rolled-back
 * one never does, and a process killed after the commit leaves them for the next
 * worker. Every delivery of one change carries the same event id, sent as `webhook-id`
 * on every attempt and replay, so receivers can drop duplicates, and the record's next
 * sequence number (record-sequence.ts), so they can drop stale events. The number is
 * taken only when some endpoint wants the event: a write nobody subscribed to costs no
 * extra statement.
 */

/** The job that sends one delivery. */
export const deliveryJobName = 'rampart:webhook-delivery';

// Standard Webhooks suggests retrying over about a day: 5 s doubling to 2 h, eleven
// tries after the first (~10 h in all), each with jitter.
const backoff: BackoffOptions = { baseMs: 5000, maxMs: 2 * 3_600_000 };
const retries = 11;
// A receiver's Retry-After is honoured up to this, so a hostile value cannot park a delivery.
const maxRetryAfterMs = 6 * 3_600_000;

const pastTense = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/**
 * Writes a change's deliveries into the outbox, inside the change's transaction.
 *
 * @example
 * onChange: (trx, change) => recordOutboundEvent(database, trx, change, jobs)
 */
export async function recordOutboundEvent(
  database: Database,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>,
  change: RecordChange,
  jobs: JobQueue,
): Promise<void> {
  const type = `${change.resource.name}.${pastTense[change.operation]}`;
  // An update carries what its changed fields held before, so a receiver can act on the transition.
  const previous = change.operation === 'update' && change.previous ? changedFrom(change.previous, change.record) : undefined;
  await writeDeliveries(database, trx, jobs, type, change.record, { resource: change.resource.name, id: String(change.record.id) }, previous);
}

/** The previous values of the fields an update changed (`updatedAt` aside). */
function changedFrom(previous: Record<string, unknown>, record: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(previous)) {
    if (field !== 'updatedAt' && JSON.stringify(value) !== JSON.stringify(record[field])) changed[field] = value;
  }
  return changed;
}

/**
 * One event's deliveries, one per subscribed endpoint, in `trx`: the record's next
 * sequence number when the event is about one, and nothing at all (not even the
 * sequence) when no endpoint wants it.
 */
export async function writeDeliveries(
  database: Database,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>,
  jobs: JobQueue,
  type: string,
  data: unknown,
  subject?: { resource: string; id: string },
  previous?: Record<string, unknown>,
): Promise<void> {
  const inTransaction = { ...database, db: trx };
  const endpoints = await endpointsForEvent(inTransaction, type);
  if (endpoints.length === 0) return;
  const eventId = uuidv7();
  const sequence = subject ? await nextRecordSequence(inTransaction, subject.resource, subject.id) : undefined;
  const payload = webhookPayload(type, data, new Date(), sequence, previous);
  for (const endpoint of endpoints) {
    const id = await createDelivery(inTransaction, { endpointId: endpoint.id, eventId, eventType: type, payload });
    if (id) await jobs.enqueue(deliveryJobName, { deliveryId: id }, { trx });
  }
}

/**
 * Defines the delivery job in an app's registry: one attempt per run, retried with
 * backoff and jitter (or after the receiver's `Retry-After`, when later), dead (and the
 * delivery with it) once retries are spent.
 */
export function defineDeliveryJob(registry: JobRegistry, database: Database, config: Pick<Config, 'outboundWebhooksAllowPrivate'>): void {
  registry.define(deliveryJobName, {
    payload: z.object({ deliveryId: z.uuid() }),
    retries,
    backoff,
    // Above the delivery's own connect and response timeouts.
    timeout: 30_000,
    concurrency: 8,
    // However the job died (last attempt failed or timed out, its worker killed), its
    // delivery is dead too, not pending forever.
    onDead: async (payload) => {
      const parsed = z.object({ deliveryId: z.uuid() }).safeParse(payload);
      if (parsed.success) await markDeliveryDead(database, parsed.data.deliveryId);
    },
    handler: async ({ deliveryId }, { job }) => {
      const result = await attemptDelivery(database, deliveryId, { allowPrivate: config.outboundWebhooksAllowPrivate });
      if (result.outcome !== 'retry') return;
      const reason = `delivery failed: ${result.error ?? `status ${String(result.statusCode)}`}`;
      if (job.attempt >= job.maxAttempts) throw new Error(`${reason}; no retries left, the delivery is dead (an admin can replay it)`);
      const delay = Math.max(retryDelay(job.attempt, backoff), Math.min(result.retryAfterMs ?? 0, maxRetryAfterMs));
      const at = new Date(Date.now() + delay);
      await scheduleDelivery(database, deliveryId, at);
      throw new RetryLater(reason, at);
    },
  });
}

/** Queues a replayed delivery's job (a new job: the old one may be done or dead). */
export async function enqueueReplay(jobs: JobQueue, deliveryId: string): Promise<void> {
  await jobs.enqueue(deliveryJobName, { deliveryId });
}
