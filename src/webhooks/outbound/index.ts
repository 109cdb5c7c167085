/*
 * Outbound webhooks: endpoints admins register, deliveries signed per Standard Webhooks,
 * sent through an SSRF-guarded client.
 *
 * | export                         | used by                   | does                                                   |
 * |--------------------------------|---------------------------|--------------------------------------------------------|
 * | outboundWebhookRoutes          | core/create-app.ts        | the admin API (endpoints, delivery log, replay)        |
 * | outboundWebhookTables          | core/create-app.ts        | the endpoints and deliveries tables                    |
 * | endpointsForEvent, createDelivery | the outbox fan-out job | which endpoints want an event; one delivery row each   |
 * | nextRecordSequence             | the outbox                | the record's next event number, in the write's transaction |
 * | attemptDelivery                | the delivery job          | one signed attempt, recorded; outcome for the schedule |
 * | scheduleDelivery, markDeliveryDead | the delivery job      | next attempt time; retries exhausted                   |
 * | replayDelivery                 | admin route, scripts      | back to pending, same webhook-id                       |
 * | deliver                        | attemptDelivery           | the SSRF-guarded HTTP POST                             |
 * | buildDeliveryRequest, webhookPayload | attemptDelivery, outbox | headers, signature, body                           |
 */
export { outboundWebhookRoutes } from './admin-routes.js';
export { outboundWebhookTables, webhookDeliveriesTable, webhookEndpointsTable } from './webhook-tables.js';
export { nextRecordSequence, webhookSequencesTable } from './record-sequence.js';
export {
  createEndpoint,
  deleteEndpoint,
  disableEndpoint,
  endpointsForEvent,
  findEndpoint,
  findEndpointWithSecret,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type NewWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointChange,
  type WebhookEndpointWithSecret,
} from './endpoint-repository.js';
export {
  createDelivery,
  findDelivery,
  listDeliveries,
  markDeliveryDead,
  replayDelivery,
  scheduleDelivery,
  type DeliveryStatus,
  type NewWebhookDelivery,
  type WebhookDelivery,
  type WebhookDeliveryWithPayload,
} from './delivery-repository.js';
export { attemptDelivery, type AttemptDeliveryOptions, type AttemptOutcome, type AttemptResult } from './attempt-delivery.js';
export { buildDeliveryRequest, webhookPayload, webhookUserAgent, type DeliveryEvent, type DeliveryRequest, type DeliveryTarget } from './delivery-request.js';
export { deliver, deliverDefaults, type DeliverOptions, type DeliverResult, type DeliverTimeouts } from './safe-request.js';
export type { DeliveryErrorKind } from './delivery-failure.js';
export { checkAddress, type AddressVerdict } from './address-policy.js';
export { endpointUrlProblem } from './endpoint-url.js';
export { matchesEventType } from './event-types.js';
export { parseRetryAfter } from './retry-after.js';
export { systemLookup, type HostLookup, type ResolvedAddress } from './resolve-target.js';
export type { WebhookDatabase } from './stored-values.js';
