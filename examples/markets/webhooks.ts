import { AppError, verify, webhook } from 'rampart';
import { z } from 'zod';
import { orders } from './orders.js';

/*
 * | path                          | access           | verified with                                  |
 * |-------------------------------|------------------|------------------------------------------------|
 * | POST /api/v1/webhooks/stripe  | Stripe signature | STRIPE_WEBHOOK_SECRET (required at startup)     |
 *
 * Checkout sessions carry the order's id as `client_reference_id` (or in
 * `metadata.orderId`) when the session is created. A session is "completed" when the
 * customer finishes checkout, but payment methods that settle later (bank debits)
 * complete unpaid and send `checkout.session.async_payment_succeeded` once the money
 * arrives, so both events mark the order paid, and only when Stripe says it is.
 *
 * The session's amount must be the order's: a customer who can choose the reference of
 * a session (Payment Links take `client_reference_id` from the URL) could otherwise pay
 * a cheap session and have an expensive order marked paid. (The example has one
 * currency; a real shop compares the currency too.)
 */

/** An order amount ("12.50") in cents, as Stripe counts. */
const cents = (amount: string) => Math.round(Number(amount) * 100);

const checkoutSession = z.object({
  data: z.object({
    object: z.object({
      id: z.string().min(1).max(255),
      client_reference_id: z.string().nullish(),
      metadata: z.record(z.string(), z.string()).nullish(),
      payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
      // In the currency's smallest unit (cents), as Stripe sends amounts.
      amount_total: z.int().nonnegative().nullish(),
    }),
  }),
});

/** Stripe's events for the markets example: Checkout payments mark orders paid. */
export const stripeWebhook = webhook('stripe', {
  verify: verify.stripe({ env: 'STRIPE_WEBHOOK_SECRET' }),
  events: {
    'checkout.session.completed': checkoutSession,
    'checkout.session.async_payment_succeeded': checkoutSession,
  },
  summary: 'Stripe events (Checkout payments)',
  handler: async ({ payload, records, log }) => {
    const session = payload.data.object;
    if (session.payment_status === 'unpaid') return; // async_payment_succeeded follows
    const orderId = session.client_reference_id ?? session.metadata?.orderId;
    // Retrying cannot fix a session that names no order, or one that does not exist:
    // acknowledged (and logged) rather than failed, so Stripe stops resending it.
    if (!orderId || !z.uuid().safeParse(orderId).success) {
      log.warn({ sessionId: session.id }, 'checkout session names no order');
      return;
    }
    const order = await records(orders)
      .get(orderId)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'RAMPART_NOT_FOUND') return null;
        throw error;
      });
    if (!order) {
      log.warn({ sessionId: session.id, orderId }, 'checkout session names no existing order');
      return;
    }
    if (session.amount_total !== cents(String(order.amountTotal))) {
      log.warn({ sessionId: session.id, orderId, paid: session.amount_total }, 'checkout session amount differs from the order; not marked paid');
      return;
    }
    await records(orders).update(orderId, { status: 'paid', checkoutSessionId: session.id });
  },
});
