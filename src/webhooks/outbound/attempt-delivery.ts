import { sql } from 'kysely';
import { findDelivery } from './delivery-repository.js';
import { buildDeliveryRequest } from './delivery-request.js';
import { disableEndpoint, findEndpointWithSecret } from './endpoint-repository.js';
import type { HostLookup } from './resolve-target.js';
import { deliver, type DeliverResult, type DeliverTimeouts } from './safe-request.js';
import type { WebhookDatabase } from './stored-values.js';
import { webhookDeliveriesTableName as table } from './webhook-tables.js';

/*
 * One attempt of one delivery, start to finish: load, sign, send through the safe client,
 * write the outcome on the delivery row. When to try again is not decided here: the
 * outcome (with the receiver's Retry-After) goes back to the caller, the retry job,
 * which owns the schedule and the dead-letter decision.
 */

/** What the caller does next: nothing (`delivered`, `gone`, `skipped`) or schedule a retry. */
export type AttemptOutcome = 'delivered' | 'retry' | 'gone' | 'skipped';

/** Options of {@link attemptDelivery}. */
export interface AttemptDeliveryOptions {
  /** `config.outboundWebhooksAllowPrivate`. */
  allowPrivate: boolean;
  timeouts?: DeliverTimeouts;
  maxResponseBytes?: number;
  /** The resolver (default `dns.lookup`), for tests. */
  lookup?: HostLookup;
  /** The clock (default `new Date()`), for the signature timestamp and the row's times. */
  now?: () => Date;
}

/** What one attempt came to. */
export interface AttemptResult {
  outcome: AttemptOutcome;
  /** For `retry`: the delay the receiver asked for with Retry-After, in milliseconds. */
  retryAfterMs?: number;
  /** The receiver's status code, when it answered. */
  statusCode?: number;
  /** Why it failed or was skipped, as written to the delivery log. */
  error?: string;
  /** Attempts made so far, this one included (unchanged when skipped). */
  attempts: number;
}

// A response body excerpt helps whoever reads the log see why a receiver refused; the
// whole body (up to the client's cap) would bloat every failed row.
const errorExcerptLength = 500;

function failureText(result: DeliverResult): string {
  const excerpt = result.responseBody.trim().slice(0, errorExcerptLength);
  return excerpt ? `${result.error ?? 'failed'}: ${excerpt}` : (result.error ?? 'failed');
}

/**
 * Sends one attempt of a pending delivery and records it: `attempts + 1`, the status code
 * and error, `delivered` on 2xx. A 410 Gone disables the endpoint (with the reason) and
 * marks the delivery `failed`. A delivery that is missing, not pending, or whose endpoint
 * is disabled is `skipped` (the last is marked `failed`, so a replay can revive it once
 * the endpoint is enabled again). Never throws for network outcomes; database errors
 * propagate.
 *
 * @example
 * const result = await attemptDelivery(database, deliveryId, { allowPrivate: config.outboundWebhooksAllowPrivate });
 * if (result.outcome === 'retry') await scheduleDelivery(database, deliveryId, new Date(Date.now() + Math.max(backoff(result.attempts), result.retryAfterMs ?? 0)));
 */
export async function attemptDelivery(database: WebhookDatabase, deliveryId: string, options: AttemptDeliveryOptions): Promise<AttemptResult> {
  const now = options.now ?? (() => new Date());
  const delivery = await findDelivery(database, deliveryId);
  if (!delivery) return { outcome: 'skipped', error: 'no such delivery', attempts: 0 };
  if (delivery.status !== 'pending') return { outcome: 'skipped', error: `delivery is ${delivery.status}`, attempts: delivery.attempts };
  const endpoint = await findEndpointWithSecret(database, delivery.endpointId);
  const pending = () => database.db.updateTable(table).where('id', '=', deliveryId).where('status', '=', 'pending');

  if (!endpoint?.enabled) {
    const error = `endpoint disabled: ${endpoint?.disabledReason ?? 'removed'}`;
    await pending().set({ status: 'failed', last_error: error, next_attempt_at: null, updated_at: now().toISOString() }).execute();
    return { outcome: 'skipped', error, attempts: delivery.attempts };
  }

  const request = buildDeliveryRequest(endpoint, { id: delivery.eventId, payload: delivery.payload }, now());
  const result = await deliver({ ...request, allowPrivate: options.allowPrivate, timeouts: options.timeouts, maxResponseBytes: options.maxResponseBytes, lookup: options.lookup });
  const at = now().toISOString();
  const attempts = delivery.attempts + 1;
  // attempts + 1 in SQL: two writers (a stale worker and its successor) cannot lose a count.
  const recorded = { attempts: sql<number>`attempts + 1`, last_status_code: result.status ?? null, updated_at: at };

  if (result.ok) {
    await pending().set({ ...recorded, status: 'delivered', last_error: null, delivered_at: at, next_attempt_at: null }).execute();
    return { outcome: 'delivered', statusCode: result.status, attempts };
  }
  const error = failureText(result);
  if (result.gone) {
    await pending().set({ ...recorded, status: 'failed', last_error: error, next_attempt_at: null }).execute();
    await disableEndpoint(database, endpoint.id, `the endpoint answered 410 Gone at ${at}`);
    return { outcome: 'gone', statusCode: 410, error, attempts };
  }
  await pending().set({ ...recorded, last_error: error }).execute();
  return {
    outcome: 'retry',
    error,
    attempts,
    ...(result.status !== undefined ? { statusCode: result.status } : {}),
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
  };
}
