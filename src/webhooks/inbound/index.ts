import type { FastifyInstance } from 'fastify';
import type { Config } from '../../core/config.js';
import type { TableModel } from '../../db/migrations/schema-model.js';
import type { AnyRoute } from '../../routes/route.js';
import { prepareWebhooks } from './prepare-webhooks.js';
import { registerWebhooks, type WebhookRegistration } from './register-webhooks.js';
import { webhookDocRoutes } from './webhook-docs.js';
import { webhookEventsTable } from './webhook-events-table.js';
import type { AnyWebhook } from './webhook.js';

/*
 * Inbound webhooks: declarations (webhook.ts), signature schemes (verify.ts and its
 * *-verifier.ts files), the processed-events table, and the routes.
 *
 * | export              | used by                | what                                                    |
 * |---------------------|------------------------|---------------------------------------------------------|
 * | webhook, verify     | apps (src/index.ts)    | declare a webhook and how it is verified                |
 * | inboundWebhooks     | core/create-app.ts     | check at boot, tables, routes, OpenAPI entries          |
 * | webhookEventsTable  | prepareSchema          | `rampart_webhook_events`, the exactly-once record       |
 */

export { webhook } from './webhook.js';
export type { AnyWebhook, EventSchemas, Webhook, WebhookContext, WebhookDefinition, WebhookEvent, WebhookServices } from './webhook.js';
export { verify } from './verify.js';
export type { BoundVerifier, EventIdentity, SignedRequest, WebhookVerifier } from './verifier.js';
export type { SecretSource } from './webhook-secret.js';
export type { StripeVerifierOptions } from './stripe-verifier.js';
export type { StandardVerifierOptions } from './standard-verifier.js';
export { webhookEventsTable, webhookEventsTableName } from './webhook-events-table.js';

/** An app's inbound webhooks, checked and ready to be served. */
export interface InboundWebhooks {
  /** The tables they need: none without webhooks, so apps without them keep their schema. */
  tables: TableModel[];
  /** Their OpenAPI entries, as custom routes. */
  docRoutes: AnyRoute[];
  register(fastify: FastifyInstance, context: WebhookRegistration): Promise<void>;
}

/**
 * Checks an app's webhooks at startup (declarations, and secrets: a missing one stops
 * the app naming the variable) and returns what the app needs to serve them.
 *
 * @example
 * const webhooks = inboundWebhooks(options.webhooks ?? [], { config, env: process.env });
 * await prepareSchema(database, resources, { extraTables: [...authTables, ...webhooks.tables], dir, env });
 * await webhooks.register(fastify, { database, environment });
 */
export function inboundWebhooks(
  webhooks: readonly AnyWebhook[],
  environment: { config: Config; env: Record<string, string | undefined> },
): InboundWebhooks {
  const prepared = prepareWebhooks(webhooks, environment);
  return {
    tables: prepared.length > 0 ? [webhookEventsTable] : [],
    docRoutes: webhookDocRoutes(webhooks),
    register: (fastify, context) => registerWebhooks(fastify, prepared, context),
  };
}
