import { createHash, randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import {
  type InTenant,
  MEMBERS,
  requireRole,
  type Services,
  type StaffContext,
  type TenantContext,
} from '../../context.ts';
import type { MembershipRole, TenantPlan } from '../../db/schema.ts';
import { conflict, notFound, unprocessable } from '../../lib/errors.ts';
import { forgetStorefrontOrganizer } from '../tenants/storefront-organizers.ts';
import * as repo from './billing.repository.ts';
import type {
  NewCheckoutSession,
  NewEnterpriseSubscription,
  NewPortalSession,
  PlanOverride,
} from './billing.schemas.ts';
import {
  API_KEY_REQUESTS_PER_MINUTE,
  effectivePlan,
  FEATURES,
  lowestPlanFor,
  PAYING_STATUSES,
  PLAN_NAMES,
  PLAN_ORDER,
  planAllows,
} from './plans.ts';

const OWNERS: readonly MembershipRole[] = ['owner'];

type BillingTenant = NonNullable<Awaited<ReturnType<typeof repo.findBillingTenant>>>;
type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof repo.findSubscription>>>;

function presentBilling(services: Services, tenant: BillingTenant, subscription: SubscriptionRow | undefined) {
  return {
    plan: tenant.plan,
    features: FEATURES.map((feature) => ({
      feature,
      allowed: planAllows(tenant.plan, feature),
      lowest_plan: lowestPlanFor(feature),
    })),
    api_key_limits: PLAN_ORDER.flatMap((plan) => {
      const perMinute = API_KEY_REQUESTS_PER_MINUTE[plan];
      return planAllows(plan, 'api_keys') && perMinute ? [{ plan, requests_per_minute: perMinute }] : [];
    }),
    override: tenant.plan_override ? { plan: tenant.plan_override, reason: tenant.plan_override_reason ?? '' } : null,
    subscription:
      subscription?.stripe_subscription_id && subscription.status
        ? {
            status: subscription.status,
            plan: subscription.plan,
            current_period_end: subscription.current_period_end?.toISOString() ?? null,
            cancel_at_period_end: subscription.cancel_at_period_end,
          }
        : null,
    billing_available: proPriceOf(services) !== null,
  };
}

/**
 * Drops what caches hold of the organizer once the transaction commits, as a change of its
 * settings does: storefronts and the public catalog then show its new plan at once.
 */
export function forgetCachedOrganizer(ctx: InTenant, slug: string): void {
  ctx.afterCommit(() => {
    forgetStorefrontOrganizer(ctx.services.db, slug);
    ctx.services.catalogCache.invalidate();
  });
}

/**
 * Sets the plan in force to what the override and the stored subscription now give. Callers
 * hold the organizer's lock (`lockBillingTenant`), so two recomputes cannot cross.
 */
async function applyEffectivePlan(
  ctx: InTenant,
  tenant: Pick<BillingTenant, 'slug' | 'plan' | 'plan_override'>,
): Promise<TenantPlan> {
  const subscription = await repo.findSubscription(ctx.trx, ctx.tenantId);
  const plan = effectivePlan(tenant.plan_override, subscription);
  if (plan !== tenant.plan) {
    await repo.setPlan(ctx.trx, ctx.tenantId, plan);
    forgetCachedOrganizer(ctx, tenant.slug);
  }
  return plan;
}

function isPaying(subscription: SubscriptionRow | undefined): subscription is SubscriptionRow {
  return Boolean(subscription?.stripe_subscription_id && PAYING_STATUSES.includes(subscription.status ?? ''));
}

const NOT_SET_UP =
  'Plan billing is not set up on this server (Stripe is not configured). Contact Access Plus support to change plans.';

function stripeOf(services: Services): Stripe {
  if (!services.stripe) throw unprocessable('billing_unavailable', NOT_SET_UP);
  return services.stripe;
}

function proPriceOf(services: Services): string | null {
  return services.stripe ? (services.config.stripe?.proPriceId ?? null) : null;
}

async function lockedTenant(ctx: InTenant): Promise<BillingTenant> {
  const tenant = await repo.lockBillingTenant(ctx.trx, ctx.tenantId);
  if (!tenant) throw notFound('The organizer');
  return tenant;
}

function refuseSecondSubscription(subscription: SubscriptionRow | undefined, next: string): void {
  if (!isPaying(subscription)) return;
  const plan = PLAN_NAMES[subscription.plan ?? 'pro'];
  throw conflict(
    'already_subscribed',
    `The organizer already has a ${plan} subscription (${subscription.status}). ${next}`,
  );
}

/**
 * The organizer's Billing customer, made on its first checkout. One customer is meant per
 * organizer, so the idempotency key is fixed by what is sent: if our transaction rolls back
 * after Stripe made the customer, the next attempt gets that same customer back.
 */
async function billingCustomer(ctx: InTenant, stripe: Stripe, tenant: BillingTenant): Promise<string> {
  const existing = await repo.findSubscription(ctx.trx, ctx.tenantId);
  if (existing) return existing.stripe_customer_id;
  const params = {
    name: tenant.name,
    description: `Access Plus organizer ${tenant.slug}`,
    metadata: { tenant_id: tenant.id },
  } satisfies Stripe.CustomerCreateParams;
  const digest = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
  const customer = await stripe.customers.create(params, {
    idempotencyKey: `tenant:${tenant.id}:billing-customer:${digest}`,
  });
  const row = await repo.insertCustomer(ctx.trx, ctx.tenantId, customer.id);
  return row.stripe_customer_id;
}

/** The organizer's plan, what it allows and its subscription, as its members and staff see them. */
export async function billingOf(ctx: InTenant) {
  const tenant = await repo.findBillingTenant(ctx.trx, ctx.tenantId);
  if (!tenant) throw notFound('The organizer');
  return presentBilling(ctx.services, tenant, await repo.findSubscription(ctx.trx, ctx.tenantId));
}

export async function getBilling(ctx: TenantContext) {
  requireRole(ctx, MEMBERS, 'see the plan');
  return billingOf(ctx);
}

/**
 * A Stripe Checkout page where the owner subscribes to Pro. The plan changes when Stripe
 * reports the subscription (webhooks), not here: an abandoned checkout changes nothing.
 */
export async function startCheckout(ctx: TenantContext, input: NewCheckoutSession) {
  requireRole(ctx, OWNERS, 'change the plan');
  const stripe = stripeOf(ctx.services);
  const price = proPriceOf(ctx.services);
  if (!price) {
    throw unprocessable(
      'billing_unavailable',
      'Plan billing is not set up on this server (the Pro price, STRIPE_PRO_PRICE_ID, is not configured). Contact Access Plus support to upgrade.',
    );
  }
  const tenant = await lockedTenant(ctx);
  if (tenant.plan_override) {
    throw conflict(
      'plan_set_by_staff',
      `Access Plus staff put this organizer on ${PLAN_NAMES[tenant.plan_override]} (${tenant.plan_override_reason ?? 'no reason given'}). Ask support to lift that before subscribing, so you do not pay for a plan you already have.`,
    );
  }
  refuseSecondSubscription(
    await repo.findSubscription(ctx.trx, ctx.tenantId),
    'Change the card or cancel it in the billing portal.',
  );
  const customer = await billingCustomer(ctx, stripe, tenant);
  // Each request is a new checkout (an earlier one may have expired); the SDK's own retries of
  // this request reuse its key, so a lost answer never makes a second session.
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'subscription',
      customer,
      client_reference_id: tenant.id,
      line_items: [{ price, quantity: 1 }],
      success_url: input.success_url,
      cancel_url: input.cancel_url,
      metadata: { tenant_id: tenant.id },
      subscription_data: { metadata: { tenant_id: tenant.id } },
    },
    { idempotencyKey: `tenant:${tenant.id}:pro-checkout:${randomUUID()}` },
  );
  return { url: checkoutUrl(session) };
}

function checkoutUrl(session: Stripe.Checkout.Session): string {
  if (!session.url) throw new Error(`Stripe gave Checkout Session ${session.id} no URL`);
  return session.url;
}

/** A Stripe billing portal page where the owner changes the card, sees invoices or cancels. */
export async function startPortalSession(ctx: TenantContext, input: NewPortalSession) {
  requireRole(ctx, OWNERS, 'manage the subscription');
  const stripe = stripeOf(ctx.services);
  const subscription = await repo.findSubscription(ctx.trx, ctx.tenantId);
  if (!subscription?.stripe_subscription_id) {
    throw conflict('not_subscribed', 'The organizer has no subscription to manage yet. Subscribe to Pro first.');
  }
  const session = await stripe.billingPortal.sessions.create(
    { customer: subscription.stripe_customer_id, return_url: input.return_url },
    { idempotencyKey: `tenant:${ctx.tenantId}:billing-portal:${randomUUID()}` },
  );
  return { url: session.url };
}

/** Staff put an organizer on a plan whatever it pays (or clear that); audited. */
export async function overridePlan(ctx: StaffContext, input: PlanOverride) {
  const tenant = await lockedTenant(ctx);
  const reason = input.reason.trim();
  await repo.setPlanOverride(ctx.trx, ctx.tenantId, input.plan, input.plan ? reason : null);
  const plan = await applyEffectivePlan(ctx, { ...tenant, plan_override: input.plan });
  await ctx.audit('plan.override', ctx.tenantId, {
    override: input.plan,
    previous_override: tenant.plan_override,
    reason,
    plan,
    previous_plan: tenant.plan,
  });
  const updated = await repo.findBillingTenant(ctx.trx, ctx.tenantId);
  if (!updated) throw notFound('The organizer');
  return presentBilling(ctx.services, updated, await repo.findSubscription(ctx.trx, ctx.tenantId));
}

/**
 * Staff agree a custom monthly price with an organizer: a Price of its own (metadata
 * plan=enterprise, which is what makes its subscription Enterprise) and a Checkout page for the
 * organizer to pay it; audited.
 */
export async function startEnterpriseCheckout(ctx: StaffContext, input: NewEnterpriseSubscription) {
  const tenant = await lockedTenant(ctx);
  const stripe = stripeOf(ctx.services);
  refuseSecondSubscription(
    await repo.findSubscription(ctx.trx, ctx.tenantId),
    'The organizer cancels it in the billing portal first; set a plan override to bridge the time until it ends.',
  );
  const customer = await billingCustomer(ctx, stripe, tenant);
  const attempt = randomUUID();
  const price = await stripe.prices.create(
    {
      currency: 'usd',
      unit_amount: input.monthly_amount_cents,
      recurring: { interval: 'month' },
      product_data: { name: `Access Plus Enterprise: ${tenant.name}` },
      metadata: { plan: 'enterprise', tenant_id: tenant.id },
    },
    { idempotencyKey: `tenant:${tenant.id}:enterprise-price:${attempt}` },
  );
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'subscription',
      customer,
      client_reference_id: tenant.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: input.success_url,
      cancel_url: input.cancel_url,
      metadata: { tenant_id: tenant.id, plan: 'enterprise' },
      subscription_data: { metadata: { tenant_id: tenant.id, plan: 'enterprise' } },
    },
    { idempotencyKey: `tenant:${tenant.id}:enterprise-checkout:${attempt}` },
  );
  await ctx.audit('plan.enterprise_checkout', price.id, {
    monthly_amount_cents: input.monthly_amount_cents,
    checkout_session_id: session.id,
  });
  return { url: checkoutUrl(session) };
}

/** What a subscription pays for: the Pro price, or a price (or subscription) marked plan=enterprise. */
export function planOfSubscription(
  subscription: Stripe.Subscription,
  proPriceId: string | undefined,
): 'pro' | 'enterprise' | null {
  const prices = subscription.items.data.map((item) => item.price);
  if (subscription.metadata?.plan === 'enterprise' || prices.some((price) => price.metadata?.plan === 'enterprise')) {
    return 'enterprise';
  }
  if (proPriceId && prices.some((price) => price.id === proPriceId)) return 'pro';
  return null;
}

/** Of an organizer's subscriptions, the one that counts: a paying one before others, then the newest. */
function currentSubscription(subscriptions: Stripe.Subscription[]): Stripe.Subscription {
  const rank = (subscription: Stripe.Subscription) => (PAYING_STATUSES.includes(subscription.status) ? 1 : 0);
  const [current] = [...subscriptions].sort((a, b) => rank(b) - rank(a) || b.created - a.created);
  if (!current) throw new Error('no subscription to choose from');
  return current;
}

function periodEnd(subscription: Stripe.Subscription): Date | null {
  const ends = subscription.items.data.map((item) => item.current_period_end).filter((end) => end > 0);
  return ends.length > 0 ? new Date(Math.min(...ends) * 1000) : null;
}

/**
 * Brings the organizer's subscription and plan to Stripe's current state, for a Stripe event
 * about `subscriptionId`. The subscriptions are re-read from Stripe under the organizer's lock
 * instead of taken from the event, so whatever order events arrive in, and however often, the
 * last one processed leaves Stripe's state. The stored subscription is re-read too: after a
 * cancellation and a new checkout, late events of the old one must not displace the new one.
 */
export async function syncSubscription(ctx: InTenant, subscriptionId: string): Promise<string> {
  const stripe = ctx.services.stripe;
  if (!stripe) throw new Error('a Stripe event is being processed, but Stripe is not configured');
  const tenant = await lockedTenant(ctx);
  const stored = await repo.findSubscription(ctx.trx, ctx.tenantId);
  if (!stored) return 'the organizer has no Billing customer any more';
  const candidates = [await stripe.subscriptions.retrieve(subscriptionId)];
  if (stored.stripe_subscription_id && stored.stripe_subscription_id !== subscriptionId) {
    candidates.push(await stripe.subscriptions.retrieve(stored.stripe_subscription_id));
  }
  const current = currentSubscription(candidates);
  const plan = planOfSubscription(current, ctx.services.config.stripe?.proPriceId);
  await repo.updateSubscription(ctx.trx, ctx.tenantId, {
    stripe_subscription_id: current.id,
    plan,
    status: current.status,
    current_period_end: periodEnd(current),
    cancel_at_period_end: current.cancel_at_period_end,
  });
  const inForce = await applyEffectivePlan(ctx, tenant);
  return `subscription ${current.id} is ${current.status} (${plan ?? 'no plan'}); plan in force: ${inForce}`;
}
