import { authTablesOf } from '../auth/create-auth.js';
import type { UserFieldsOptions } from '../auth/users/index.js';
import type { TableModel } from '../db/migrations/index.js';
import { idempotencyKeysTable } from '../idempotency/index.js';
import { jobsTable } from '../jobs/index.js';
import { webhookEventsTable, type AnyWebhook } from '../webhooks/inbound/index.js';
import { outboundWebhookTables } from '../webhooks/outbound/index.js';

/**
 * Rampart's own tables in an app's database, beside its resources' tables: users (which
 * owners and references point at), refresh tokens, idempotency keys, jobs, outbound
 * webhooks, and inbound webhook events when the app declares webhooks. The one list that
 * both the app's boot (`createApp`) and `rampart migrate:generate` compare the database
 * with: a file generated from any other would miss tables, or fail on the first
 * reference to `users`, and a production boot would then refuse the database.
 *
 * @example
 * await generateMigration(database, app.resources ?? [], dir, { extraTables: internalTables(app.webhooks ?? [], app.users) });
 */
export function internalTables(webhooks: readonly AnyWebhook[], users?: UserFieldsOptions): TableModel[] {
  // The users table carries the app's user fields (`users.fields`) as columns.
  return [...authTablesOf(users), idempotencyKeysTable, jobsTable, ...(webhooks.length > 0 ? [webhookEventsTable] : []), ...outboundWebhookTables];
}
