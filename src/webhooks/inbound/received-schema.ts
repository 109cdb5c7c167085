import { z } from 'zod';

/**
 * The body of every 2xx answer to a delivery. Providers only look at the status; the
 * flags tell a person reading the provider's delivery log what happened.
 */
export const receivedSchema = z.object({
  received: z.literal(true),
  /** The event id was processed before: nothing was done again. */
  duplicate: z.literal(true).optional(),
  /** The event type is not one the webhook declares: acknowledged, not acted on. */
  ignored: z.literal(true).optional(),
});

/** An answer to a delivery. */
export type Received = z.output<typeof receivedSchema>;
