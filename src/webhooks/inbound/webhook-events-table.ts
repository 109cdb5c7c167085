import { column, type TableModel } from '../../db/migrations/schema-model.js';

/*
 * One row per inbound event processed. The unique index on (webhook, event_id) is the
 * exactly-once guarantee: the row is inserted in the same transaction as the handler's
 * effects, so an event is recorded exactly when its effects are, and a redelivery (or a
 * concurrent copy) hits the index instead of acting twice. Rows are kept: providers
 * redeliver for days (Stripe up to three), each time freshly signed, so only this
 * record tells a redelivery from a new event.
 */


/** The table name of {@link webhookEventsTable}. */
export const webhookEventsTableName = 'rampart_webhook_events';

/** A row of {@link webhookEventsTable}. */
export interface WebhookEventRow {
  id: string;
  webhook: string;
  event_id: string;
  type: string;
  /** ISO-8601 UTC on write; PostgreSQL reads it back as a Date. */
  received_at: string | Date;
}

/**
 * The processed-events table, for `prepareSchema`'s `extraTables` (apps that declare
 * webhooks get it).
 *
 * @example
 * await prepareSchema(database, resources, { dir: false, env: 'test', extraTables: [webhookEventsTable] });
 */
export const webhookEventsTable: TableModel = {
  name: webhookEventsTableName,
  columns: [
    { ...column('id', 'uuid', true), primaryKey: true },
    column('webhook', 'text', true),
    column('event_id', 'text', true),
    column('type', 'text', true),
    column('received_at', 'timestamp', true),
  ],
  indexes: [
    { name: `${webhookEventsTableName}_webhook_event_id_unique`, columns: ['webhook', 'event_id'], unique: true },
    { name: `${webhookEventsTableName}_received_at_idx`, columns: ['received_at'], unique: false },
  ],
};
