import { signStandardWebhook } from '../standard-webhooks.js';

/*
 * One attempt's HTTP request, per Standard Webhooks (https://www.standardwebhooks.com):
 * `webhook-id` is the event's id, identical on every retry and replay so a receiver can
 * deduplicate; `webhook-timestamp` is this attempt's time, so a receiver's tolerance
 * window (300 s by default) judges the attempt, not the event's age; the signature covers
 * id, timestamp and the exact body bytes.
 */

/** The user agent of every delivery, so receivers and their logs can tell them apart. */
export const webhookUserAgent = 'Rampart-Webhooks/1';

/** The endpoint side of a request: where to send and the key to sign with. */
export interface DeliveryTarget {
  url: string;
  secret: string;
}

/** The event side of a request. */
export interface DeliveryEvent {
  /** The event's (outbox) id, sent as `webhook-id`. */
  id: string;
  /** The JSON body, sent byte for byte. */
  payload: string;
}

/** A signed request, ready for `deliver`. */
export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The body of an event in the Standard Webhooks shape, `{ type, timestamp, data }`, with
 * the record's `sequence` when given (inside the body, so the signature covers it).
 * Build it once, when the event is recorded, and send the same text on every attempt.
 *
 * @example
 * const payload = webhookPayload('markets.updated', market, new Date(), 3);
 * // '{"type":"markets.updated","timestamp":"2025-01-15T12:00:00.000Z","sequence":3,"data":{...}}'
 */
export function webhookPayload(type: string, data: unknown, occurredAt: Date = new Date(), sequence?: number, previous?: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), sequence, data, previous });
}

/**
 * Signs one attempt of an event for an endpoint.
 *
 * @example
 * const request = buildDeliveryRequest(endpoint, { id: delivery.eventId, payload: delivery.payload });
 * const result = await deliver({ ...request, allowPrivate: config.outboundWebhooksAllowPrivate });
 */
export function buildDeliveryRequest(endpoint: DeliveryTarget, event: DeliveryEvent, now: Date = new Date()): DeliveryRequest {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    url: endpoint.url,
    headers: {
      'content-type': 'application/json',
      'user-agent': webhookUserAgent,
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook({ secret: endpoint.secret, id: event.id, timestamp, body: event.payload }),
    },
    body: event.payload,
  };
}
