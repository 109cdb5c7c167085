import { CompiledQuery } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { SqlTexts } from '../../db/sql-texts.js';
import { generateWebhookSecret } from '../standard-webhooks.js';
import { matchesEventType } from './event-types.js';
import { booleanToDb, isoTimestamp, type WebhookDatabase } from './stored-values.js';
import { webhookEndpointsTableName as table } from './webhook-tables.js';

/*
 * Every query on the endpoints table. The secret is read by `findEndpointSecret` and
 * `endpointsForEvent` only (the sending side); what the admin API shows comes from
 * `toEndpoint`, which has no secret field, so a listing cannot leak one by accident.
 */

/** An endpoint as the admin API shows it: never its secret. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  /** Why the endpoint was disabled (by an admin, or after a 410 Gone), or null. */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An endpoint with its signing secret, for the sending side and the create response. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

/** What creating an endpoint takes; the secret is generated when absent. */
export interface NewWebhookEndpoint {
  url: string;
  description?: string | null;
  eventTypes: string[];
  secret?: string;
  enabled?: boolean;
}

/** A partial change of an endpoint. Enabling clears `disabledReason`. */
export interface WebhookEndpointChange {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

type Row = Record<string, unknown>;

function toEndpoint(row: Row): WebhookEndpoint {
  return {
    id: String(row.id),
    url: String(row.url),
    description: (row.description as string | null) ?? null,
    eventTypes: JSON.parse(String(row.event_types)) as string[],
    enabled: row.enabled === true || row.enabled === 1 || row.enabled === 1n,
    disabledReason: (row.disabled_reason as string | null) ?? null,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

const withSecret = (row: Row): WebhookEndpointWithSecret => ({ ...toEndpoint(row), secret: String(row.secret) });

// Duplicates would only make the stored list longer; order is kept as given.
const eventTypesText = (types: string[]) => JSON.stringify([...new Set(types)]);

/**
 * Creates an endpoint and returns it with its secret (generated when not given), the
 * only time the secret is shown.
 *
 * @example
 * const endpoint = await createEndpoint(database, { url: 'https://hooks.example.com/in', eventTypes: ['markets.*'] });
 * endpoint.secret; // 'whsec_…'
 */
export async function createEndpoint(database: WebhookDatabase, input: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret> {
  const now = new Date().toISOString();
  const enabled = input.enabled ?? true;
  const row = {
    id: uuidv7(),
    url: input.url,
    description: input.description ?? null,
    event_types: eventTypesText(input.eventTypes),
    secret: input.secret ?? generateWebhookSecret(),
    enabled: booleanToDb(enabled, database.dialect),
    disabled_reason: enabled ? null : 'disabled by an admin',
    created_at: now,
    updated_at: now,
  };
  await database.db.insertInto(table).values(row).execute();
  return withSecret({ ...row, enabled });
}

/**
 * One page of endpoints, oldest first, after the endpoint id `after` when given.
 *
 * @example
 * const page = await listEndpoints(database, { limit: 20 });
 */
export async function listEndpoints(database: WebhookDatabase, page: { limit: number; after?: string }): Promise<WebhookEndpoint[]> {
  let query = database.db.selectFrom(table).selectAll().orderBy('id').limit(page.limit);
  if (page.after) query = query.where('id', '>', page.after);
  return (await query.execute()).map(toEndpoint);
}

/**
 * The endpoint with this id, without its secret, or undefined.
 *
 * @example
 * const endpoint = await findEndpoint(database, id);
 */
export async function findEndpoint(database: WebhookDatabase, id: string): Promise<WebhookEndpoint | undefined> {
  const row = await database.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

/**
 * The endpoint with this id and its secret, for signing, or undefined.
 *
 * @example
 * const endpoint = await findEndpointWithSecret(database, delivery.endpointId);
 */
export async function findEndpointWithSecret(database: WebhookDatabase, id: string): Promise<WebhookEndpointWithSecret | undefined> {
  const row = await database.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withSecret(row) : undefined;
}

/**
 * Applies a partial change and returns the endpoint, or undefined when there is none.
 * Disabling by hand records "disabled by an admin"; enabling clears the reason.
 *
 * @example
 * await updateEndpoint(database, id, { enabled: true }); // back on after a 410
 */
export async function updateEndpoint(database: WebhookDatabase, id: string, change: WebhookEndpointChange): Promise<WebhookEndpoint | undefined> {
  const set: Row = { updated_at: new Date().toISOString() };
  if (change.url !== undefined) set.url = change.url;
  if (change.description !== undefined) set.description = change.description;
  if (change.eventTypes !== undefined) set.event_types = eventTypesText(change.eventTypes);
  if (change.enabled !== undefined) {
    set.enabled = booleanToDb(change.enabled, database.dialect);
    set.disabled_reason = change.enabled ? null : 'disabled by an admin';
  }
  const result = await database.db.updateTable(table).set(set).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows === 0n ? undefined : findEndpoint(database, id);
}

/**
 * Replaces the endpoint's secret with a new one and returns it (shown this once), or
 * undefined when there is no such endpoint. Deliveries signed from now on use it.
 *
 * @example
 * const { secret } = (await rotateEndpointSecret(database, id))!;
 */
export async function rotateEndpointSecret(database: WebhookDatabase, id: string): Promise<WebhookEndpointWithSecret | undefined> {
  const secret = generateWebhookSecret();
  const result = await database.db
    .updateTable(table)
    .set({ secret, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 0n ? undefined : findEndpointWithSecret(database, id);
}

/**
 * Disables an endpoint with a reason (e.g. it answered 410 Gone); its pending deliveries
 * are skipped from then on.
 *
 * @example
 * await disableEndpoint(database, id, 'answered 410 Gone');
 */
export async function disableEndpoint(database: WebhookDatabase, id: string, reason: string): Promise<void> {
  await database.db
    .updateTable(table)
    .set({ enabled: booleanToDb(false, database.dialect), disabled_reason: reason, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes an endpoint and, by the foreign key, its deliveries. Returns whether it existed.
 *
 * @example
 * if (!(await deleteEndpoint(database, id))) throw new AppError('RAMPART_NOT_FOUND', 'No webhook endpoint with this id.');
 */
export async function deleteEndpoint(database: WebhookDatabase, id: string): Promise<boolean> {
  const result = await database.db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * The enabled endpoints subscribed to an event type, with their secrets: the fan-out of
 * one event into deliveries.
 *
 * @example
 * for (const endpoint of await endpointsForEvent(database, 'markets.created')) {
 *   await createDelivery(database, { endpointId: endpoint.id, eventId, eventType: 'markets.created', payload });
 * }
 */
export async function endpointsForEvent(database: WebhookDatabase, eventType: string): Promise<WebhookEndpointWithSecret[]> {
  const { rows } = await database.db.executeQuery<Row>(CompiledQuery.raw(enabledEndpointsSql(database), [booleanToDb(true, database.dialect)]));
  return rows.map(withSecret).filter((endpoint) => matchesEventType(endpoint.eventTypes, eventType));
}

// Every resource write runs this lookup (the outbox): its SQL, which only the dialect
// changes, is compiled once rather than on each write.
const enabledEndpoints = new SqlTexts();
const enabledEndpointsSql = (database: WebhookDatabase) =>
  enabledEndpoints.get(database.dialect, () => database.db.selectFrom(table).selectAll().where('enabled', '=', true).orderBy('id').compile().sql);
