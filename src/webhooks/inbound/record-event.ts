import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/database.js';
import { uniqueViolationColumn } from '../../db/constraint-errors.js';
import { runTransaction } from '../../db/transactions.js';
import { createWebhookContext, type WebhookEnvironment } from './webhook-context.js';
import { webhookEventsTableName, type WebhookEventRow } from './webhook-events-table.js';
import type { AnyWebhook, EventSchemas, WebhookEvent } from './webhook.js';

/** How an event ended: acted on now, or recorded before (a redelivery). */
export type EventOutcome = 'processed' | 'duplicate';

/** Thrown out of the transaction to roll it back when the event was already recorded. */
class AlreadyRecorded extends Error {}

/**
 * Records an event and runs its handler in one transaction, so the record exists
 * exactly when the handler's effects do. The insert comes first: a second copy of the
 * event (a redelivery, or a concurrent delivery, which waits on the unique index until
 * the first commits or rolls back) fails there, before its handler can act. A handler
 * that throws rolls the record back with its effects, so the provider's retry runs it
 * afresh.
 *
 * @example
 * const outcome = await recordEvent({ database, webhook, event, log, environment }); // 'processed' | 'duplicate'
 */
export async function recordEvent(input: {
  database: Database;
  webhook: AnyWebhook;
  event: WebhookEvent<EventSchemas>;
  log: FastifyBaseLogger;
  environment: WebhookEnvironment;
}): Promise<EventOutcome> {
  const { webhook, event } = input;
  const row: WebhookEventRow = {
    id: uuidv7(),
    webhook: webhook.name,
    event_id: event.id,
    type: event.type,
    received_at: event.receivedAt.toISOString(),
  };
  try {
    await runTransaction(input.database.db, async (trx) => {
      try {
        await trx.insertInto(webhookEventsTableName).values(row).execute();
      } catch (error) {
        // Only this insert's violation means "seen before"; one raised by the handler's
        // own writes is the handler's failure.
        if (uniqueViolationColumn(error, webhookEventsTableName) !== null) throw new AlreadyRecorded();
        throw error;
      }
      await webhook.handler(createWebhookContext(event, trx, input.log, input.environment));
    }, { appCode: true });
    return 'processed';
  } catch (error) {
    if (error instanceof AlreadyRecorded) return 'duplicate';
    throw error;
  }
}
