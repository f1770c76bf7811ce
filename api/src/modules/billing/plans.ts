import type { TenantPlan } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * What plans gate beyond selling tickets, which every plan does (Basic pays by transaction fees).
 * Only what works today is listed, since the plan page and billing offer exactly this: a feature
 * joins with the code that enforces it, and plans.test.ts fails on one that nothing enforces.
 */
export const FEATURES = ['remove_branding', 'api_keys', 'webhooks', 'custom_domains', 'themes'] as const;
export type Feature = (typeof FEATURES)[number];

export const PLAN_FEATURES: Readonly<Record<TenantPlan, readonly Feature[]>> = Object.freeze({
  basic: [],
  pro: ['remove_branding', 'api_keys', 'webhooks', 'custom_domains', 'themes'],
  enterprise: ['remove_branding', 'api_keys', 'webhooks', 'custom_domains', 'themes'],
});

/**
 * Requests each API key may make per minute, on the plans that have API keys. Counted in Redis,
 * so the limit holds across every API instance together.
 */
export const API_KEY_REQUESTS_PER_MINUTE: Readonly<Partial<Record<TenantPlan, number>>> = Object.freeze({
  pro: 300,
  enterprise: 1200,
});

/** The plans from cheapest to dearest. */
export const PLAN_ORDER: readonly TenantPlan[] = ['basic', 'pro', 'enterprise'];

export const PLAN_NAMES: Readonly<Record<TenantPlan, string>> = {
  basic: 'Basic',
  pro: 'Pro',
  enterprise: 'Enterprise',
};

export function planAllows(plan: TenantPlan, feature: Feature): boolean {
  return PLAN_FEATURES[plan].includes(feature);
}

/** The features `plan` allows, in the order of FEATURES. */
export function featuresOf(plan: TenantPlan): Feature[] {
  return FEATURES.filter((feature) => planAllows(plan, feature));
}

/** The plans that allow `feature`, cheapest first. */
export function plansAllowing(feature: Feature): TenantPlan[] {
  return PLAN_ORDER.filter((plan) => planAllows(plan, feature));
}

/** The cheapest plan that allows `feature`. */
export function lowestPlanFor(feature: Feature): TenantPlan {
  const plan = PLAN_ORDER.find((candidate) => planAllows(candidate, feature));
  if (!plan) throw new Error(`no plan allows ${feature}`);
  return plan;
}

/**
 * Subscription states in which the plan paid for stays in force. `past_due` keeps it while
 * Stripe retries the card; once Stripe gives up the subscription becomes `unpaid` or `canceled`.
 */
export const PAYING_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];

export interface SubscriptionState {
  plan: 'pro' | 'enterprise' | null;
  status: string | null;
}

/** The plan in force: the staff override when set, else what a paying subscription pays for, else Basic. */
export function effectivePlan(
  override: TenantPlan | null,
  subscription: SubscriptionState | null | undefined,
): TenantPlan {
  if (override) return override;
  if (subscription?.plan && subscription.status && PAYING_STATUSES.includes(subscription.status)) {
    return subscription.plan;
  }
  return 'basic';
}

/**
 * Opens every action a plan gates: a 403 `plan_required` that names the plan to upgrade to.
 * `action` completes "To …", e.g. 'hide "Tickets by Access Plus" on the storefront'.
 */
export function requireFeature(plan: TenantPlan, feature: Feature, action: string): void {
  if (planAllows(plan, feature)) return;
  const needed = lowestPlanFor(feature);
  const [plans, how] =
    needed === 'enterprise'
      ? ['the Enterprise plan', 'Enterprise is arranged with Access Plus: contact us to move to it.']
      : [`the ${PLAN_NAMES[needed]} plan or higher`, `An owner can upgrade to ${PLAN_NAMES[needed]} under Billing.`];
  throw new AppError(
    403,
    'plan_required',
    `To ${action}, the organizer needs ${plans}; it is on ${PLAN_NAMES[plan]}. ${how}`,
  );
}
