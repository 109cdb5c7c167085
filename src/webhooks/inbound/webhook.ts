import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { RateLimitBudget } from '../../rate-limit/route-budget.js';
import type { RecordStore } from '../../resources/record-store.js';
import type { AnyResource } from '../../resources/resource.js';
import type { WebhookVerifier } from './verifier.js';

/** The payload schema of each event type a webhook acts on, keyed by type. */
export type EventSchemas = Record<string, z.ZodType>;

/** One verified, validated event: a union over the declared types, narrowed by `type`. */
export type WebhookEvent<E extends EventSchemas> = {
  [K in keyof E & string]: {
    /** The provider's event id (see `verify`), processed once. */
    id: string;
    type: K;
    /** The payload as the event's schema parsed it. */
    payload: z.output<E[K]>;
    receivedAt: Date;
  };
}[keyof E & string];

/** What a handler can use beside the event, all bound to the event's transaction. */
export interface WebhookServices {
  /** The transaction that records the event: write through it so the effects commit with the record. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>;
  /** Record access inside the transaction (validated, no access rules, resource hooks run). */
  records(resource: AnyResource): RecordStore;
  /** The request's logger, bound to the webhook name and the event id and type. */
  log: FastifyBaseLogger;
  /** Enqueues background jobs inside the event's transaction: they exist exactly when it commits. */
  jobs: JobQueue;
}

/**
 * What a handler receives: the event (also spread at the top level, so
 * `({ type, payload })` narrows together) and the services.
 */
export type WebhookContext<E extends EventSchemas> = WebhookEvent<E> & WebhookServices & { event: WebhookEvent<E> };

/** The declaration of an inbound webhook, as passed to {@link webhook}. */
export interface WebhookDefinition<E extends EventSchemas> {
  /** How deliveries are authenticated: `verify.stripe()`, `verify.github(...)`, `verify.standard(...)`. */
  verify: WebhookVerifier;
  /**
   * The event types acted on, each with its payload schema. Other types are answered
   * 200 and ignored: providers send every type an endpoint is subscribed to, and an
   * error would only make them retry what will never be handled.
   */
  events: E;
  /**
   * Acts on one event, inside the transaction that records it. Throwing rolls both
   * back and answers 500 (an {@link AppError} keeps its status), so the provider's
   * retry is processed afresh.
   */
  handler(ctx: WebhookContext<E>): unknown;
  summary?: string;
  description?: string;
  /**
   * A per-address budget of its own for this endpoint, e.g. `{ max: 600, timeWindow:
   * '1 minute' }`. Without it the app's global per-address budget applies, which a busy
   * provider sending from few addresses can exhaust.
   */
  rateLimit?: RateLimitBudget;
  /** A body size bound other than the app's `BODY_LIMIT`. */
  bodyLimit?: number;
}

/** A declared webhook: its definition and name, served at `<webhooks prefix>/<name>`. */
export interface Webhook<E extends EventSchemas = EventSchemas> extends WebhookDefinition<E> {
  readonly name: string;
}

/** Any webhook, whatever its events. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWebhook = Webhook<any>;

/**
 * Declares an inbound webhook served at `POST /api/v1/webhooks/<name>` (the prefix is
 * the app's `api.builtIn.webhooks`). The route is
 * public (the signature is the authentication); a delivery whose signature fails is
 * refused with 400 before anything else runs, and each event id is processed once.
 *
 * @example
 * export const stripe = webhook('stripe', {
 *   verify: verify.stripe(), // STRIPE_WEBHOOK_SECRET
 *   events: {
 *     'checkout.session.completed': z.object({ data: z.object({ object: z.object({ id: z.string() }) }) }),
 *   },
 *   handler: async ({ type, payload, records }) => {
 *     if (type === 'checkout.session.completed') await markPaid(records, payload.data.object.id);
 *   },
 * });
 * await createApp({ resources: [orders], webhooks: [stripe] });
 */
export function webhook<E extends EventSchemas>(name: string, definition: WebhookDefinition<E>): Webhook<E> {
  return { ...definition, name };
}
