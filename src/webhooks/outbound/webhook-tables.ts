import { column, type TableModel } from '../../db/migrations/schema-model.js';
import { webhookSequencesTable } from './record-sequence.js';

/*
 * Outbound webhook tables, managed by the same migrations as resources' tables.
 *
 * - `event_types` is a JSON array kept as text: the same bytes on both databases, and
 *   matching happens in code (patterns like `markets.*` are not SQL equality).
 * - `secret` is the endpoint's signing key, kept as given: signing needs it in the clear
 *   (an HMAC key cannot be stored hashed), so it never leaves the server after creation.
 * - One delivery per (endpoint, event): the unique index lets the fan-out from the
 *   outbox run again after a crash without sending an event twice to one endpoint.
 * - (status, next_attempt_at) serves the job that picks due deliveries; (endpoint_id,
 *   id) the delivery log, newest first (ids are UUIDv7, so they sort by creation).
 */


/** The table name of {@link webhookEndpointsTable}. */
export const webhookEndpointsTableName = 'rampart_webhook_endpoints';
/** The table name of {@link webhookDeliveriesTable}. */
export const webhookDeliveriesTableName = 'rampart_webhook_deliveries';

/**
 * Endpoints that receive outbound webhooks.
 *
 * @example
 * await prepareSchema(database, resources, { dir: false, env, extraTables: outboundWebhookTables });
 */
export const webhookEndpointsTable: TableModel = {
  name: webhookEndpointsTableName,
  columns: [
    { ...column('id', 'uuid', true), primaryKey: true },
    column('url', 'text', true),
    column('description', 'text', false),
    column('event_types', 'text', true),
    column('secret', 'text', true),
    column('enabled', 'boolean', true),
    column('disabled_reason', 'text', false),
    column('created_at', 'timestamp', true),
    column('updated_at', 'timestamp', true),
  ],
  indexes: [],
};

/**
 * One row per (endpoint, event) to deliver, with its log: status, attempts, last answer.
 *
 * @example
 * await prepareSchema(database, resources, { dir: false, env, extraTables: outboundWebhookTables });
 */
export const webhookDeliveriesTable: TableModel = {
  name: webhookDeliveriesTableName,
  columns: [
    { ...column('id', 'uuid', true), primaryKey: true },
    {
      ...column('endpoint_id', 'uuid', true),
      // An endpoint's log goes with it.
      references: { table: webhookEndpointsTableName, column: 'id', onDelete: 'cascade' },
    },
    column('event_id', 'text', true),
    column('event_type', 'text', true),
    column('payload', 'text', true),
    column('status', 'text', true),
    column('attempts', 'integer', true),
    column('last_status_code', 'integer', false),
    column('last_error', 'text', false),
    column('next_attempt_at', 'timestamp', false),
    column('delivered_at', 'timestamp', false),
    column('created_at', 'timestamp', true),
    column('updated_at', 'timestamp', true),
  ],
  indexes: [
    { name: `${webhookDeliveriesTableName}_endpoint_event_unique`, columns: ['endpoint_id', 'event_id'], unique: true },
    { name: `${webhookDeliveriesTableName}_endpoint_id_idx`, columns: ['endpoint_id', 'id'], unique: false },
    { name: `${webhookDeliveriesTableName}_due_idx`, columns: ['status', 'next_attempt_at'], unique: false },
  ],
};

/**
 * The outbound webhook tables, for `prepareSchema`'s `extraTables` (deliveries after
 * endpoints, which they reference; the per-record sequence counters).
 *
 * @example
 * extraTables: [...authTables, ...outboundWebhookTables]
 */
export const outboundWebhookTables: TableModel[] = [webhookEndpointsTable, webhookDeliveriesTable, webhookSequencesTable];
