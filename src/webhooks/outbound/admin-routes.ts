/**
 * | method | path                                                | access | body | success |
 * |--------|-----------------------------------------------------|--------|------|---------|
 * | GET    | <admin>/webhook-endpoints                     | permission `webhooks:manage` | - | 200 `{ data: endpoints, pagination }` |
 * | POST   | <admin>/webhook-endpoints                     | permission `webhooks:manage` | url, eventTypes, description?, secret?, enabled? | 201 `{ data: endpoint + secret }` (the only time the secret is shown) |
 * | GET    | <admin>/webhook-endpoints/:id                 | permission `webhooks:manage` | - | 200 `{ data: endpoint }` |
 * | PATCH  | <admin>/webhook-endpoints/:id                 | permission `webhooks:manage` | url?, description?, eventTypes?, enabled? | 200 `{ data: endpoint }` |
 * | DELETE | <admin>/webhook-endpoints/:id                 | permission `webhooks:manage` | - | 204; its deliveries go with it |
 * | POST   | <admin>/webhook-endpoints/:id/rotate-secret   | permission `webhooks:manage` | - | 200 `{ data: endpoint + secret }` |
 * | GET    | <admin>/webhook-endpoints/:id/deliveries      | permission `webhooks:manage` | - | 200 `{ data: deliveries, pagination }`, newest first, `?status=` |
 * | GET    | <admin>/webhook-deliveries/:id                | permission `webhooks:manage` | - | 200 `{ data: delivery + payload }` |
 * | POST   | <admin>/webhook-deliveries/:id/replay         | permission `webhooks:manage` | - | 200 `{ data: delivery }` back to pending; 409 if its endpoint is disabled or it is pending already |
 *
 * Admins hold every permission (`*`); an app can grant `webhooks:manage` to another role.
 * Rate limits: the app's global ones.
 */
import { z } from 'zod';
import type { Config } from '../../core/config.js';
import { AppError } from '../../errors/app-error.js';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import {
  deliverySchema,
  deliveryWithPayloadSchema,
  endpointBodies,
  endpointSchema,
  endpointWithSecretSchema,
  idParams,
  pageQuery,
  paginationSchema,
} from './admin-schemas.js';
import { findDelivery, listDeliveries, replayDelivery } from './delivery-repository.js';
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from './endpoint-repository.js';
import type { WebhookDatabase } from './stored-values.js';

// Relative to the app's admin prefix (wire/paths.ts mounts them).
const endpointsPath = '/webhook-endpoints';
const deliveriesPath = '/webhook-deliveries';
const access = allow.permission('webhooks:manage');
const tags = ['admin', 'webhooks'];

const noEndpoint = () => new AppError('RAMPART_NOT_FOUND', 'No webhook endpoint with this id.');
const noDelivery = () => new AppError('RAMPART_NOT_FOUND', 'No webhook delivery with this id.');

function found<T>(value: T | undefined, missing: () => AppError): T {
  if (value === undefined) throw missing();
  return value;
}

// A full page may have more after it; a short one is the last.
const nextCursor = (rows: { id: string }[], limit: number) => (rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null);

/**
 * The outbound webhook admin routes over the app's database. URLs are checked against
 * `config.outboundWebhooksAllowPrivate` when saved; names are checked after DNS at every
 * delivery.
 *
 * @example
 * const routes = [...auth.routes, ...outboundWebhookRoutes(database, config), ...appRoutes];
 */
export function outboundWebhookRoutes(
  database: WebhookDatabase,
  config: Pick<Config, 'outboundWebhooksAllowPrivate'>,
  options: { onReplay?: (deliveryId: string) => Promise<void>; eventTypes?: readonly string[] } = {},
): AnyRoute[] {
  const bodies = endpointBodies(config.outboundWebhooksAllowPrivate, options.eventTypes);
  return [
    route({
      method: 'GET',
      group: 'admin',
      path: endpointsPath,
      access,
      summary: 'List outbound webhook endpoints (admin)',
      tags,
      query: pageQuery,
      response: z.object({ data: z.array(endpointSchema), pagination: paginationSchema }),
      handler: async ({ query }) => {
        const data = await listEndpoints(database, { limit: query.limit, after: query.cursor });
        return { data, pagination: { limit: query.limit, nextCursor: nextCursor(data, query.limit) } };
      },
    }),
    route({
      method: 'POST',
      group: 'admin',
      path: endpointsPath,
      access,
      summary: 'Create an outbound webhook endpoint (admin); the response shows its secret, once',
      tags,
      body: bodies.create,
      status: 201,
      response: z.object({ data: endpointWithSecretSchema }),
      handler: async ({ body, reply }) => {
        const data = await createEndpoint(database, body);
        reply.header('location', `${reply.request.routeOptions.url}/${data.id}`).header('cache-control', 'no-store');
        return { data };
      },
    }),
    route({
      method: 'GET',
      group: 'admin',
      path: `${endpointsPath}/:id`,
      access,
      summary: 'An outbound webhook endpoint (admin)',
      tags,
      params: idParams,
      response: z.object({ data: endpointSchema }),
      handler: async ({ params }) => ({ data: found(await findEndpoint(database, params.id), noEndpoint) }),
    }),
    route({
      method: 'PATCH',
      group: 'admin',
      path: `${endpointsPath}/:id`,
      access,
      summary: 'Change an outbound webhook endpoint: URL, event types, description, enabled (admin)',
      tags,
      params: idParams,
      body: bodies.update,
      response: z.object({ data: endpointSchema }),
      handler: async ({ params, body }) => ({ data: found(await updateEndpoint(database, params.id, body), noEndpoint) }),
    }),
    route({
      method: 'DELETE',
      group: 'admin',
      path: `${endpointsPath}/:id`,
      access,
      summary: 'Delete an outbound webhook endpoint and its delivery log (admin)',
      tags,
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        if (!(await deleteEndpoint(database, params.id))) throw noEndpoint();
      },
    }),
    route({
      method: 'POST',
      group: 'admin',
      path: `${endpointsPath}/:id/rotate-secret`,
      access,
      summary: "Replace an outbound webhook endpoint's signing secret (admin); the response shows it, once",
      tags,
      params: idParams,
      response: z.object({ data: endpointWithSecretSchema }),
      handler: async ({ params, reply }) => {
        reply.header('cache-control', 'no-store');
        return { data: found(await rotateEndpointSecret(database, params.id), noEndpoint) };
      },
    }),
    route({
      method: 'GET',
      group: 'admin',
      path: `${endpointsPath}/:id/deliveries`,
      access,
      summary: "An outbound webhook endpoint's delivery log, newest first (admin)",
      tags,
      params: idParams,
      query: pageQuery.extend({ status: z.enum(['pending', 'delivered', 'failed', 'dead']).optional() }),
      response: z.object({ data: z.array(deliverySchema), pagination: paginationSchema }),
      handler: async ({ params, query }) => {
        found(await findEndpoint(database, params.id), noEndpoint);
        const data = await listDeliveries(database, params.id, { limit: query.limit, before: query.cursor, status: query.status });
        return { data, pagination: { limit: query.limit, nextCursor: nextCursor(data, query.limit) } };
      },
    }),
    route({
      method: 'GET',
      group: 'admin',
      path: `${deliveriesPath}/:id`,
      access,
      summary: 'One outbound webhook delivery with its payload (admin)',
      tags,
      params: idParams,
      response: z.object({ data: deliveryWithPayloadSchema }),
      handler: async ({ params }) => ({ data: found(await findDelivery(database, params.id), noDelivery) }),
    }),
    route({
      method: 'POST',
      group: 'admin',
      path: `${deliveriesPath}/:id/replay`,
      access,
      summary: 'Send an outbound webhook delivery again, with the same webhook-id (admin)',
      tags,
      params: idParams,
      response: z.object({ data: deliverySchema }),
      handler: async ({ params }) => {
        const delivery = found(await findDelivery(database, params.id), noDelivery);
        const endpoint = await findEndpoint(database, delivery.endpointId);
        // A replay to a disabled endpoint would only be skipped; saying so is more useful.
        if (!endpoint?.enabled) {
          throw new AppError('RAMPART_WEBHOOK_ENDPOINT_DISABLED', 'The delivery\'s endpoint is disabled; enable it (PATCH enabled: true) before replaying.');
        }
        const replayed = await replayDelivery(database, params.id);
        if (!replayed) throw new AppError('RAMPART_CONFLICT', 'The delivery is pending already: its next attempt is scheduled.');
        await options.onReplay?.(replayed.id);
        return { data: replayed };
      },
    }),
  ];
}
