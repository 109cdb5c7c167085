import { z } from 'zod';
import { standardWebhookKey } from '../standard-webhooks.js';
import { endpointUrlProblem, maxEndpointUrlLength } from './endpoint-url.js';
import { eventTypePattern, matchesEventType } from './event-types.js';

/*
 * Request and response schemas of the outbound webhook admin API. The URL check depends
 * on OUTBOUND_WEBHOOKS_ALLOW_PRIVATE, so the body schemas are built per app. Response
 * schemas are what the serializer sends: only the create and rotate-secret responses
 * declare `secret`, so no other response can carry it.
 */

const eventType = z.string().max(200).regex(eventTypePattern, 'must be an event type such as markets.created, markets.* or *');

/**
 * Subscriptions to event types something emits: with `known` (every resource's created,
 * updated and deleted, and each declared domain event), a pattern matching none of them
 * is refused at save, not left to wait for events that never come.
 */
function eventTypesOf(known: readonly string[] | undefined) {
  return z
    .array(eventType)
    .min(1)
    .max(100)
    .superRefine((patterns, ctx) => {
      if (!known) return;
      patterns.forEach((pattern, i) => {
        if (!known.some((type) => matchesEventType([pattern], type))) {
          ctx.addIssue({ code: 'custom', path: [i], message: `nothing emits ${pattern}; event types are ${known.join(', ') || 'none'}` });
        }
      });
    });
}
const description = z.string().max(500);

// Standard Webhooks asks for keys of 24 to 64 bytes; shorter ones are guessable,
// longer ones add nothing to HMAC-SHA256.
function secretProblem(secret: string): string | undefined {
  let key: Buffer;
  try {
    key = standardWebhookKey(secret);
  } catch {
    return 'must be whsec_ followed by base64';
  }
  return key.length < 24 || key.length > 64 ? 'must encode 24 to 64 random bytes' : undefined;
}

const checked = (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: 'custom', message });
};

/**
 * The create and update bodies, with the URL rules of this app.
 *
 * @example
 * const { create, update } = endpointBodies(config.outboundWebhooksAllowPrivate);
 */
export function endpointBodies(allowPrivate: boolean, known?: readonly string[]) {
  const eventTypes = eventTypesOf(known);
  const url = z
    .string()
    .max(maxEndpointUrlLength)
    .superRefine(checked((value) => endpointUrlProblem(value, allowPrivate)));
  return {
    create: z.strictObject({
      url,
      description: description.optional(),
      eventTypes,
      /** Generated when absent (recommended). */
      secret: z.string().max(200).superRefine(checked(secretProblem)).optional(),
      enabled: z.boolean().optional(),
    }),
    update: z.strictObject({
      url: url.optional(),
      description: description.nullable().optional(),
      eventTypes: eventTypes.optional(),
      enabled: z.boolean().optional(),
    }),
  };
}

/** An endpoint in responses: never its secret. */
export const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An endpoint with its secret: the create and rotate-secret responses only. */
export const endpointWithSecretSchema = endpointSchema.extend({ secret: z.string() });

/** A delivery in the log. */
export const deliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'dead']),
  attempts: z.int(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One delivery with the body it sends. */
export const deliveryWithPayloadSchema = deliverySchema.extend({ payload: z.string() });

/** `?limit=&cursor=` of the admin lists (cursor: the last id of the previous page). */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional(),
});

/** A page's pagination block. */
export const paginationSchema = z.object({ limit: z.int(), nextCursor: z.string().nullable() });

/** `/:id` of the admin routes. */
export const idParams = z.strictObject({ id: z.uuid() });
