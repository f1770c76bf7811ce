import type Stripe from 'stripe';
import type { Services } from '../../context.ts';
import { applyOnce, ignore, type StripeEventHandler, tenantOfAccount } from '../payments/stripe-events.ts';
import { payoutSettled } from './payouts.service.ts';

/** A Stripe payout from an organizer's account arrived at her bank, or bounced. */
async function payoutChanged(services: Services, event: Stripe.Event): Promise<void> {
  const stripe = services.stripe;
  const tenantId = event.account ? await tenantOfAccount(services, event.account) : null;
  if (!stripe || !tenantId || !event.account) return ignore(services, event.id, 'not a payout of ours');
  const payout = await stripe.payouts.retrieve(
    (event.data.object as Stripe.Payout).id,
    {},
    { stripeAccount: event.account },
  );
  if (payout.status !== 'paid' && payout.status !== 'failed') {
    return ignore(services, event.id, `the payout is ${payout.status} now`);
  }
  const outcome = payout.status;
  await applyOnce(services, event.id, tenantId, (ctx) =>
    payoutSettled(ctx, payout.id, outcome, payout.failure_message ?? null),
  );
}

export const payoutEventHandlers: Record<string, StripeEventHandler> = {
  'payout.paid': payoutChanged,
  'payout.failed': payoutChanged,
};
