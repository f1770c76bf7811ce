import type Stripe from 'stripe';
import type { InTenant, Services } from '../../context.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { Tasks } from '../../worker/worker.ts';
import { billingEventHandlers } from '../billing/billing.webhooks.ts';
import { firstEventOfOrder, post } from '../ledger/ledger.ts';
import { payoutEventHandlers } from '../payouts/payouts.webhooks.ts';
import { tellManagers } from '../tenants/tell-managers.ts';
import { settlePayment } from './payments.service.ts';
import { applyOnce, ignore, type StripeEventHandler, tenantOfAccount } from './stripe-events.ts';

/**
 * What each Stripe event we listen to does. Handlers read the objects' current state from
 * Stripe, so deliveries in any order end in the same place.
 */

async function paymentSucceeded(services: Services, event: Stripe.Event): Promise<void> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const state = await services.payments.paymentState(intent.id);
  if (!state) return ignore(services, event.id, 'not a payment of an order');
  if (state.status !== 'succeeded') return ignore(services, event.id, `the payment is ${state.status} now`);
  // settlePayment records a payment once however often it is asked (it looks for the payment
  // under the order's lock), so marking the event afterwards cannot double its effect.
  const outcome = await settlePayment(services, state);
  await ignore(services, event.id, outcome);
}

/** Brings our record of a dispute to where Stripe has it: opened (money taken back), then won or lost. */
async function disputeChanged(services: Services, event: Stripe.Event): Promise<void> {
  const stripe = services.stripe;
  if (!stripe) return ignore(services, event.id, 'Stripe is not configured');
  const dispute = await stripe.disputes.retrieve((event.data.object as Stripe.Dispute).id);
  const intentId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
  const state = intentId ? await services.payments.paymentState(intentId) : null;
  if (!state) return ignore(services, event.id, 'not a payment of an order');
  await applyOnce(services, event.id, state.tenantId, (ctx) => syncDispute(ctx, state.orderId, dispute));
}

export async function syncDispute(ctx: InTenant, orderId: string, dispute: Stripe.Dispute): Promise<string> {
  const order = await ctx.trx
    .selectFrom('orders')
    .select(['id', 'currency', 'number'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return 'the order is gone';
  const currency = order.currency.trim();
  const withdrawn = dispute.balance_transactions.filter((entry) => entry.amount < 0);
  const reinstated = dispute.balance_transactions.filter((entry) => entry.amount > 0);
  const taken = withdrawn.reduce((sum, entry) => sum - entry.amount + entry.fee, 0);
  const eventId = await firstEventOfOrder(ctx, orderId);
  const outcomes: string[] = [];

  let row = await ctx.trx
    .selectFrom('disputes')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('stripe_dispute_id', '=', dispute.id)
    .executeTakeFirst();
  if (!row) {
    row = await ctx.trx
      .insertInto('disputes')
      .values({
        tenant_id: ctx.tenantId,
        order_id: orderId,
        stripe_dispute_id: dispute.id,
        amount_cents: dispute.amount,
        fee_cents: withdrawn.reduce((sum, entry) => sum + entry.fee, 0),
        currency,
        reason: dispute.reason ?? '',
        status: 'open',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.trx
      .updateTable('orders')
      .set({ disputed_at: new Date() })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', orderId)
      .execute();
    // A chargeback is the organizer's: the amount and the processor's dispute fee come off what she is owed.
    await post(ctx, {
      kind: 'dispute',
      currency,
      orderId,
      disputeId: row.id,
      reference: `dispute:${dispute.id}`,
      postings: [
        { account: 'organizer_payable', eventId, cents: taken },
        { account: 'processor_clearing', eventId, cents: -taken },
      ],
    });
    await enqueueJob(ctx.trx, 'payments__notify_dispute', { tenantId: ctx.tenantId, disputeId: row.id });
    outcomes.push('dispute opened');
  }

  const closed = dispute.status === 'won' ? 'won' : dispute.status === 'lost' ? 'lost' : null;
  if (closed && row.status === 'open') {
    await ctx.trx
      .updateTable('disputes')
      .set({ status: closed, closed_at: new Date() })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
    const back = reinstated.reduce((sum, entry) => sum + entry.amount - entry.fee, 0);
    if (closed === 'won' && back > 0) {
      await post(ctx, {
        kind: 'dispute_reversal',
        currency,
        orderId,
        disputeId: row.id,
        reference: `dispute_won:${dispute.id}`,
        postings: [
          { account: 'processor_clearing', eventId, cents: back },
          { account: 'organizer_payable', eventId, cents: -back },
        ],
      });
    }
    outcomes.push(`dispute ${closed}`);
  }
  return outcomes.join(', ') || 'already up to date';
}

/** An organizer's Express account changed (onboarding finished, requirements due, payouts paused). */
async function accountUpdated(services: Services, event: Stripe.Event): Promise<void> {
  const stripe = services.stripe;
  const accountId = (event.data.object as Stripe.Account).id;
  const tenantId = await tenantOfAccount(services, accountId);
  if (!stripe || !tenantId) return ignore(services, event.id, 'not an organizer account of ours');
  const account = await stripe.accounts.retrieve(accountId);
  await applyOnce(services, event.id, tenantId, async (ctx) => {
    await updateStripeAccount(ctx, account);
    return `charges ${account.charges_enabled ? 'enabled' : 'disabled'}, payouts ${account.payouts_enabled ? 'enabled' : 'disabled'}`;
  });
}

export async function updateStripeAccount(ctx: InTenant, account: Stripe.Account): Promise<void> {
  await ctx.trx
    .updateTable('stripe_accounts')
    .set({
      charges_enabled: account.charges_enabled ?? false,
      payouts_enabled: account.payouts_enabled ?? false,
      details_submitted: account.details_submitted ?? false,
      requirements_due: account.requirements?.currently_due ?? [],
      disabled_reason: account.requirements?.disabled_reason ?? null,
    })
    .where('tenant_id', '=', ctx.tenantId)
    .where('account_id', '=', account.id)
    .execute();
}

export const stripeEventHandlers: Record<string, StripeEventHandler> = {
  'payment_intent.succeeded': paymentSucceeded,
  'charge.dispute.created': disputeChanged,
  'charge.dispute.updated': disputeChanged,
  'charge.dispute.closed': disputeChanged,
  'account.updated': accountUpdated,
  ...payoutEventHandlers,
  ...billingEventHandlers,
};

export const paymentTasks: Tasks = {
  async payments__process_stripe_event(payload, { services }) {
    const { eventId } = payload as { eventId: string };
    const row = await services.db
      .selectFrom('stripe_events')
      .select(['payload', 'processed_at', 'type'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!row || row.processed_at) return;
    const handler = stripeEventHandlers[row.type];
    if (!handler) return ignore(services, eventId, `no handler for ${row.type}`);
    await handler(services, row.payload as unknown as Stripe.Event);
  },

  async payments__notify_dispute(payload, { services }) {
    const { tenantId, disputeId } = payload as { tenantId: string; disputeId: string };
    await tellManagers(
      services,
      tenantId,
      (ctx) =>
        ctx.trx
          .selectFrom('disputes')
          .innerJoin('orders', (join) =>
            join.onRef('orders.tenant_id', '=', 'disputes.tenant_id').onRef('orders.id', '=', 'disputes.order_id'),
          )
          .innerJoin('tenants', 'tenants.id', 'disputes.tenant_id')
          .select([
            'disputes.amount_cents',
            'disputes.currency',
            'orders.number',
            'orders.id as order_id',
            'tenants.name',
          ])
          .where('disputes.tenant_id', '=', tenantId)
          .where('disputes.id', '=', disputeId)
          .executeTakeFirst(),
      (to, dispute) =>
        services.accountMail.disputeOpened(
          to,
          {
            organizerName: dispute.name,
            orderNumber: dispute.number,
            amountCents: dispute.amount_cents,
            currency: dispute.currency.trim(),
          },
          `${services.config.adminUrl}/orders/${dispute.order_id}`,
        ),
    );
  },
};
