import { sql } from 'kysely';
import {
  type InTenant,
  MANAGERS,
  requirePerson,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { Order, StripeAccount } from '../../db/schema.ts';
import { unprocessable } from '../../lib/errors.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { takeOrderStock } from '../inventory/inventory.repository.ts';
import { firstEventOfOrder, post } from '../ledger/ledger.ts';
import * as orders from '../orders/orders.lifecycle.ts';
import * as orderRepo from '../orders/orders.repository.ts';
import type { PaymentRequest, PaymentState, SettledPayment } from './payment-provider.ts';
import type { OnboardingLinkRequest } from './payments.schemas.ts';

/**
 * Where a card payment for an order goes: a destination charge into the organizer's Stripe
 * account once it may take charges (the platform's share, the service fee, as application fee),
 * else to the platform, which pays the organizer out later.
 */
export async function paymentTerms(
  ctx: InTenant,
  order: Order,
): Promise<Pick<PaymentRequest, 'destinationAccount' | 'applicationFeeCents'>> {
  const account = await findStripeAccount(ctx);
  return {
    destinationAccount: account?.charges_enabled ? account.account_id : null,
    applicationFeeCents: order.fee_cents + order.organizer_fee_cents,
  };
}

/** Remembers the processor's payment an order is being paid through, while it is still pending. */
export async function rememberPaymentIntent(ctx: InTenant, orderId: string, reference: string): Promise<void> {
  await ctx.trx
    .updateTable('orders')
    .set({ payment_intent_id: reference })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .where('status', '=', 'pending')
    .execute();
}

export type Settlement =
  | 'paid'
  | 'already_recorded'
  | 'paid_after_hold_lapsed'
  | 'paid_seats_taken_again'
  | 'refunded_seats_gone'
  | 'refunded_order_closed';

function paymentRecord(payment: SettledPayment): orders.PaymentRecord {
  return {
    method: payment.testMode && payment.reference.startsWith('test_') ? 'test' : 'stripe',
    reference: payment.reference,
    testMode: payment.testMode,
    processorFeeCents: payment.processorFeeCents,
    applicationFeeCents: payment.applicationFeeCents,
    destinationAccount: payment.destinationAccount,
  };
}

/**
 * Records a payment the processor has taken, whenever it arrives: while the hold is live it pays
 * the order; after the hold lapsed it still does if the seats were not given back yet, or, if they
 * were, takes them again when they are free. When they are gone (or the order was paid another
 * way, or cancelled) the money goes back whole and the buyer is told. Safe to run any number of
 * times for one payment: the first run decides, the rest find it recorded.
 */
export function settlePayment(services: Services, state: PaymentState & { status: 'succeeded' }): Promise<Settlement> {
  return runInTenantAsSystem(services, state.tenantId, (ctx) => settlePaymentIn(ctx, state.orderId, state.payment));
}

/** `settlePayment` inside the order's tenant transaction, for a caller with more to do in it. */
export async function settlePaymentIn(ctx: InTenant, orderId: string, payment: SettledPayment): Promise<Settlement> {
  const record = paymentRecord(payment);
  // The usual case, in one conditional update: the order is pending within its hold. A pending
  // order has no payment recorded yet (recording one pays it, or finds it closed), so a repeat
  // of this payment comes to the checks below.
  if (await orders.completeOrder(ctx, orderId, record, { requireLiveHold: true })) return 'paid';
  const order = await ctx.trx
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order) return 'already_recorded';
  const recorded = await ctx.trx
    .selectFrom('payments')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('order_id', '=', orderId)
    .where('provider_reference', '=', payment.reference)
    .executeTakeFirst();
  if (recorded) return 'already_recorded';

  if (order.status === 'pending') {
    // The hold lapsed, but its seats have not been given back yet.
    if (await orders.completeOrder(ctx, orderId, record, { requireLiveHold: false })) return 'paid_after_hold_lapsed';
  }
  if (order.status === 'expired' || order.status === 'cancelled') {
    if (await takeSeatsAgain(ctx, order)) {
      await orders.completeOrder(ctx, orderId, record, { requireLiveHold: false });
      return 'paid_seats_taken_again';
    }
  }
  await refundWhole(ctx, order, payment);
  return order.status === 'expired' || order.status === 'cancelled' ? 'refunded_seats_gone' : 'refunded_order_closed';
}

/**
 * Takes a released order's stock again with the same conditional updates as checkout, inside a
 * savepoint so a shortage leaves nothing half taken; the order is pending again if it worked.
 */
async function takeSeatsAgain(ctx: InTenant, order: Order): Promise<boolean> {
  await sql`savepoint take_seats_again`.execute(ctx.trx);
  const shortage = await takeOrderStock(ctx.trx, ctx.tenantId, order.id);
  if (shortage) {
    await sql`rollback to savepoint take_seats_again`.execute(ctx.trx);
    return false;
  }
  await sql`release savepoint take_seats_again`.execute(ctx.trx);
  if (order.promo_code_id) {
    await ctx.trx
      .updateTable('promo_codes')
      .set((eb) => ({ used_count: eb('used_count', '+', 1) }))
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', order.promo_code_id)
      .execute();
  }
  await orderRepo.reopenReleasedOrder(ctx.trx, ctx.tenantId, order.id);
  return true;
}

/**
 * Gives back a payment that bought nothing. The money came in and went out again: the ledger
 * shows both, and the processor's fee, which it keeps, as the platform's cost.
 */
async function refundWhole(ctx: InTenant, order: Order, payment: SettledPayment): Promise<void> {
  const refund = await ctx.services.payments.refund({
    tenantId: ctx.tenantId,
    orderId: order.id,
    chargeReference: payment.reference,
    amountCents: payment.amountCents,
    currency: order.currency,
    destinationAccount: payment.destinationAccount,
    // Nothing was sold: the platform keeps none of its fee.
    applicationFeeCents: payment.applicationFeeCents,
    idempotencyKey: `payment:${payment.reference}:refund`,
  });
  const method = paymentRecord(payment).method;
  await ctx.trx
    .insertInto('payments')
    .values([
      {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        kind: 'charge',
        provider: method,
        amount_cents: payment.amountCents,
        currency: order.currency,
        provider_reference: payment.reference,
        test_mode: payment.testMode,
        processor_fee_cents: payment.processorFeeCents,
        application_fee_cents: payment.applicationFeeCents,
        destination_account: payment.destinationAccount,
      },
      {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        kind: 'refund',
        provider: method,
        amount_cents: payment.amountCents,
        currency: order.currency,
        provider_reference: refund.reference,
        test_mode: payment.testMode,
      },
    ])
    .execute();
  const eventId = await firstEventOfOrder(ctx, order.id);
  const currency = order.currency.trim();
  await post(ctx, {
    kind: 'refund',
    currency,
    orderId: order.id,
    reference: `refund:${refund.reference}`,
    postings: [
      { account: 'processor_clearing', eventId, cents: payment.amountCents },
      { account: 'refunds', eventId, cents: -payment.amountCents },
    ],
  });
  await post(ctx, {
    kind: 'processor_fee',
    currency,
    orderId: order.id,
    reference: `fee:${payment.reference}`,
    postings: [
      { account: 'processor_fees', eventId, cents: payment.processorFeeCents },
      { account: 'processor_clearing', eventId, cents: -payment.processorFeeCents },
    ],
  });
  await enqueueJob(ctx.trx, 'notifications__order_refunded', {
    tenantId: ctx.tenantId,
    orderId: order.id,
    amountCents: payment.amountCents,
    latePayment: true,
  });
}

function stripeOrRefuse(services: Services) {
  if (!services.stripe) {
    throw unprocessable(
      'stripe_not_configured',
      'Payments through Stripe are not set up on this server (STRIPE_SECRET_KEY). Ask the platform team.',
    );
  }
  return services.stripe;
}

function presentPayoutAccount(services: Services, row: StripeAccount | undefined) {
  return {
    connected: row !== undefined,
    account_id: row?.account_id ?? null,
    charges_enabled: row?.charges_enabled ?? false,
    payouts_enabled: row?.payouts_enabled ?? false,
    details_submitted: row?.details_submitted ?? false,
    requirements_due: row?.requirements_due ?? [],
    disabled_reason: row?.disabled_reason ?? null,
    billing_available: services.stripe !== null,
  };
}

/** The organizer's Stripe Express account, if she has connected one. */
export function findStripeAccount(ctx: InTenant) {
  return ctx.trx.selectFrom('stripe_accounts').selectAll().where('tenant_id', '=', ctx.tenantId).executeTakeFirst();
}

export async function getPayoutAccount(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see how the organizer is paid');
  return presentPayoutAccount(ctx.services, await findStripeAccount(ctx));
}

/**
 * Starts (or resumes) connecting the organizer's Stripe Express account: creates the account
 * once, with payouts on our schedule (manual), and returns Stripe's onboarding link.
 */
export async function createOnboardingLink(ctx: TenantContext, input: OnboardingLinkRequest) {
  requireRole(ctx, ['owner'], "connect the organizer's Stripe account");
  const person = requirePerson(ctx, "connect the organizer's Stripe account");
  const stripe = stripeOrRefuse(ctx.services);
  let row = await findStripeAccount(ctx);
  if (!row) {
    const owner = await ctx.trx
      .selectFrom('users')
      .select('email')
      .where('id', '=', person.userId)
      .executeTakeFirstOrThrow();
    const account = await stripe.accounts.create(
      {
        type: 'express',
        country: 'US',
        email: owner.email,
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        settings: { payouts: { schedule: { interval: 'manual' } } },
        metadata: { tenant_id: ctx.tenantId },
      },
      { idempotencyKey: `tenant:${ctx.tenantId}:express-account` },
    );
    row = await ctx.trx
      .insertInto('stripe_accounts')
      .values({ tenant_id: ctx.tenantId, account_id: account.id, livemode: !ctx.services.payments.testMode })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    row ??= await findStripeAccount(ctx);
    // Organizers from before wallets were registered at sign-up get their storefront's domain now.
    await enqueueJob(ctx.trx, 'payments__register_payment_domain', { tenantId: ctx.tenantId });
  }
  const link = await stripe.accountLinks.create({
    account: (row as StripeAccount).account_id,
    type: 'account_onboarding',
    return_url: input.return_url,
    refresh_url: input.refresh_url,
  });
  return { url: link.url, expires_at: new Date(link.expires_at * 1000).toISOString() };
}
