import { allow, field, resource } from 'rampart';

/** Fields of an order. Exported so tests can build variants with other rules. */
export const orderFields = {
  reference: field.string({ min: 1, max: 100 }).unique(),
  amountTotal: field.decimal({ min: '0' }),
  status: field.enum(['pending', 'paid']).default('pending').filterable(),
  checkoutSessionId: field.string({ max: 255 }).optional().unique(),
};

/**
 * Orders: a customer creates and sees their own; only admins change or delete them.
 * Payment state belongs to the payment provider: the Stripe webhook (webhooks.ts)
 * marks an order paid, and a customer's create always starts it unpaid.
 */
export const orders = resource('orders', {
  fields: orderFields,
  owner: 'customer',
  access: {
    list: allow.owner,
    read: allow.owner,
    create: allow.authenticated,
    update: allow.role('admin'),
    delete: allow.role('admin'),
  },
  audit: { waive: { RA010: "every list is the caller's own (allow.owner): the owner index narrows the rows before status filters them" } },
  hooks: {
    beforeCreate: ({ data, user }) => {
      // Ignored by rule rather than refused: a client cannot claim to have paid.
      if (user && user.role !== 'admin') {
        data.status = 'pending';
        data.checkoutSessionId = null;
      }
    },
  },
  description: 'Orders paid through Stripe Checkout; the Stripe webhook marks them paid.',
});
