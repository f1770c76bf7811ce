import type Stripe from 'stripe';
import type { Services } from '../../context.ts';
import { applyOnce, ignore, type StripeEventHandler, tenantOfCustomer } from '../payments/stripe-events.ts';
import { syncSubscription } from './billing.service.ts';

const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  typeof ref === 'string' ? ref : (ref?.id ?? null);

/**
 * The organizer a Billing object belongs to: its customer's. Metadata naming another organizer
 * is not believed, and a customer we do not know is none of ours (another product on the same
 * Stripe account); both are recorded as ignored.
 */
async function billingTenant(
  services: Services,
  event: Stripe.Event,
  customer: string | null,
  claimedTenantId: string | null | undefined,
): Promise<string | null> {
  if (event.account) {
    await ignore(services, event.id, 'an event of a connected account, not of plan billing');
    return null;
  }
  const tenantId = customer ? await tenantOfCustomer(services, customer) : null;
  if (!tenantId) {
    await ignore(services, event.id, `customer ${customer ?? '(none)'} is no organizer's Billing customer`);
    return null;
  }
  if (claimedTenantId && claimedTenantId !== tenantId) {
    await ignore(
      services,
      event.id,
      `metadata names organizer ${claimedTenantId}, but customer ${customer} is another's`,
    );
    return null;
  }
  return tenantId;
}

const subscriptionChanged: StripeEventHandler = async (services, event) => {
  const snapshot = event.data.object as Stripe.Subscription;
  const tenantId = await billingTenant(services, event, idOf(snapshot.customer), snapshot.metadata?.tenant_id);
  if (!tenantId) return;
  await applyOnce(services, event.id, tenantId, (ctx) => syncSubscription(ctx, snapshot.id));
};

const checkoutCompleted: StripeEventHandler = async (services, event) => {
  const session = event.data.object as Stripe.Checkout.Session;
  const subscriptionId = idOf(session.subscription);
  if (session.mode !== 'subscription' || !subscriptionId) {
    return ignore(services, event.id, 'not a plan checkout: nothing to do');
  }
  const claimed = session.metadata?.tenant_id ?? session.client_reference_id;
  const tenantId = await billingTenant(services, event, idOf(session.customer), claimed);
  if (!tenantId) return;
  await applyOnce(services, event.id, tenantId, (ctx) => syncSubscription(ctx, subscriptionId));
};

/** Plan billing's Stripe events, by type, for the webhook job to dispatch. */
export const billingEventHandlers: Record<string, StripeEventHandler> = {
  'checkout.session.completed': checkoutCompleted,
  'customer.subscription.created': subscriptionChanged,
  'customer.subscription.updated': subscriptionChanged,
  'customer.subscription.deleted': subscriptionChanged,
};
