import { authTablesOf } from '../auth/create-auth.js';
import type { UserFieldsOptions } from '../auth/users/index.js';
import { userOptionsOf, UsersResource } from '../auth/users/users-resource.js';
import type { AnyResource } from '../resources/resource.js';
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
 * await generateMigration(database, appResources(app), dir, { extraTables: internalTables(app.webhooks ?? [], app.users) });
 */
export function internalTables(webhooks: readonly AnyWebhook[], users?: UserFieldsOptions | UsersResource): TableModel[] {
  // The users table carries the app's user fields (`users.fields`) as columns.
  return [...authTablesOf(userOptionsOf(users)), idempotencyKeysTable, jobsTable, ...(webhooks.length > 0 ? [webhookEventsTable] : []), ...outboundWebhookTables];
}

/**
 * The resources an app serves: its own, plus users when declared as a resource. Boot and
 * `migrate:generate` both read this list, so relation indexes on users (follows) agree.
 *
 * @example
 * const resources = appResources({ resources: [articles], users });
 */
export function appResources(app: { resources?: readonly AnyResource[]; users?: UserFieldsOptions | UsersResource }): AnyResource[] {
  const own = [...(app.resources ?? [])];
  return app.users instanceof UsersResource ? [...own, app.users] : own;
}
