import { v7 as uuidv7 } from 'uuid';
import { isoTimestamp, isoTimestampOrNull, type WebhookDatabase } from './stored-values.js';
import { webhookDeliveriesTableName as table } from './webhook-tables.js';

/*
 * Every query on the deliveries table but the outcome of an attempt (attempt-delivery.ts).
 *
 * Statuses: `pending` (waiting for its next attempt), `delivered` (a 2xx came back),
 * `failed` (stopped without exhausting retries: the endpoint answered 410 or was
 * disabled), `dead` (retries exhausted; set by the retry job). A replay puts any of them
 * back to `pending`.
 */

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead';

/** A delivery as the delivery log shows it. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The event's id: the `webhook-id` header of every attempt and replay. */
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A delivery with the exact body it sends. */
export interface WebhookDeliveryWithPayload extends WebhookDelivery {
  payload: string;
}

/** What {@link createDelivery} takes. */
export interface NewWebhookDelivery {
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The JSON body to send, byte for byte, on every attempt. */
  payload: string;
  /** When the first attempt is due (default now). */
  nextAttemptAt?: Date;
}

type Row = Record<string, unknown>;

function toDelivery(row: Row): WebhookDelivery {
  return {
    id: String(row.id),
    endpointId: String(row.endpoint_id),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    lastStatusCode: row.last_status_code === null || row.last_status_code === undefined ? null : Number(row.last_status_code),
    lastError: (row.last_error as string | null) ?? null,
    nextAttemptAt: isoTimestampOrNull(row.next_attempt_at),
    deliveredAt: isoTimestampOrNull(row.delivered_at),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

const withPayload = (row: Row): WebhookDeliveryWithPayload => ({ ...toDelivery(row), payload: String(row.payload) });

/**
 * Records a pending delivery of one event to one endpoint, and returns its id; when that
 * endpoint already has a delivery of this event, nothing is added and the result is
 * undefined, so a fan-out that runs again after a crash sends nothing twice. Pass
 * `{ ...database, db: trx }` to write inside a transaction.
 *
 * @example
 * const id = await createDelivery(database, { endpointId, eventId: outboxId, eventType: 'markets.created', payload });
 */
export async function createDelivery(database: WebhookDatabase, input: NewWebhookDelivery): Promise<string | undefined> {
  const now = new Date().toISOString();
  const id = uuidv7();
  const result = await database.db
    .insertInto(table)
    .values({
      id,
      endpoint_id: input.endpointId,
      event_id: input.eventId,
      event_type: input.eventType,
      payload: input.payload,
      status: 'pending',
      attempts: 0,
      last_status_code: null,
      last_error: null,
      next_attempt_at: (input.nextAttemptAt ?? new Date()).toISOString(),
      delivered_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n ? id : undefined;
}

/**
 * The delivery with this id, with its payload, or undefined.
 *
 * @example
 * const delivery = await findDelivery(database, id);
 */
export async function findDelivery(database: WebhookDatabase, id: string): Promise<WebhookDeliveryWithPayload | undefined> {
  const row = await database.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withPayload(row) : undefined;
}

/**
 * One page of an endpoint's delivery log, newest first, before the delivery id `before`
 * when given, optionally of one status.
 *
 * @example
 * const page = await listDeliveries(database, endpointId, { limit: 20, status: 'dead' });
 */
export async function listDeliveries(
  database: WebhookDatabase,
  endpointId: string,
  page: { limit: number; before?: string; status?: DeliveryStatus },
): Promise<WebhookDelivery[]> {
  let query = database.db
    .selectFrom(table)
    .select(['id', 'endpoint_id', 'event_id', 'event_type', 'status', 'attempts', 'last_status_code', 'last_error', 'next_attempt_at', 'delivered_at', 'created_at', 'updated_at'])
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.before) query = query.where('id', '<', page.before);
  if (page.status) query = query.where('status', '=', page.status);
  return (await query.execute()).map(toDelivery);
}

/**
 * Puts a delivery back to `pending`, due now, with its attempt count and retry schedule
 * started afresh; the last status code and error stay until the next attempt replaces
 * them. The event id (`webhook-id`) and payload are unchanged, so receivers that
 * deduplicate recognize it. Returns the delivery, or undefined when there is none or it
 * is pending already.
 *
 * @example
 * const delivery = await replayDelivery(database, id); // then the delivery job sends it
 */
export async function replayDelivery(database: WebhookDatabase, id: string): Promise<WebhookDelivery | undefined> {
  const now = new Date().toISOString();
  const result = await database.db
    .updateTable(table)
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, delivered_at: null, updated_at: now })
    .where('id', '=', id)
    // A pending delivery already has a job that will send it; replaying it too would send
    // it twice. Conditional, so two replays at once put it back (and enqueue) only once.
    .where('status', '!=', 'pending')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  const found = await findDelivery(database, id);
  if (!found) return undefined;
  const { payload: _payload, ...delivery } = found;
  return delivery;
}

/**
 * Marks a pending delivery `dead`: its retries are exhausted. It stays in the log, and a
 * replay can send it again. Returns whether a pending delivery was marked.
 *
 * @example
 * if (attempts >= maxAttempts) await markDeliveryDead(database, id);
 */
export async function markDeliveryDead(database: WebhookDatabase, id: string): Promise<boolean> {
  const result = await database.db
    .updateTable(table)
    .set({ status: 'dead', next_attempt_at: null, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Sets when a pending delivery's next attempt is due (the retry job's schedule).
 * Returns whether a pending delivery was changed.
 *
 * @example
 * await scheduleDelivery(database, id, new Date(Date.now() + Math.max(backoffMs, retryAfterMs ?? 0)));
 */
export async function scheduleDelivery(database: WebhookDatabase, id: string, at: Date): Promise<boolean> {
  const result = await database.db
    .updateTable(table)
    .set({ next_attempt_at: at.toISOString(), updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
