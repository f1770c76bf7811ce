import type { Billing, Plan, PlanFeature } from './api-types';
import { formatDate } from './format';

export const planNames: Record<Plan, string> = { basic: 'Basic', pro: 'Pro', enterprise: 'Enterprise' };

export function planName(plan: string): string {
  return planNames[plan as Plan] ?? plan;
}

const planSummaries: Record<Plan, string> = {
  basic: 'Free: sell tickets on your Access Plus storefront.',
  pro: 'A monthly subscription: your storefront on your own domain, in a theme of your own and without "Tickets by Access Plus", API keys and webhooks for your own systems.',
  enterprise: 'A price agreed with Access Plus: everything in Pro, with more API requests a minute.',
};

export function planSummary(plan: string): string {
  return planSummaries[plan as Plan] ?? '';
}

const featureNames: Record<PlanFeature, string> = {
  remove_branding: 'Hide "Tickets by Access Plus" on the storefront',
  api_keys: 'API keys for your own systems (a CRM, accounting)',
  webhooks: 'Webhooks: sales, refunds and check-ins sent to your own systems as they happen',
  custom_domains: 'Your storefront on your own domain, with its certificate',
  themes: 'A theme of your own: templates and a stylesheet for your storefront',
};

/** What each plan allows an API key: `Pro: 300 requests a minute per key; Enterprise: 1,200`. */
export function apiKeyLimitsText(limits: Billing['api_key_limits']): string {
  return limits
    .map(
      (entry, index) =>
        `${planName(entry.plan)}: ${entry.requests_per_minute.toLocaleString('en-US')}${index === 0 ? ' requests a minute per key' : ''}`,
    )
    .join('; ');
}

export function featureName(feature: string): string {
  return featureNames[feature as PlanFeature] ?? feature.replaceAll('_', ' ');
}

/** Subscription states in which the paid plan stays in force (the API's PAYING_STATUSES). */
const PAYING = new Set(['active', 'trialing', 'past_due']);

export function isPaying(subscription: Billing['subscription']): boolean {
  return subscription !== null && PAYING.has(subscription.status);
}

const subscriptionStates: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment failed: Stripe is retrying the card, and your plan stays meanwhile',
  unpaid: 'Unpaid: Stripe stopped retrying the card',
  canceled: 'Cancelled',
  incomplete: 'Waiting for the first payment',
  incomplete_expired: 'The first payment never came',
  paused: 'Paused',
};

export function subscriptionStateLabel(status: string): string {
  return subscriptionStates[status] ?? status;
}

/** When the subscription renews, or ends instead of renewing; null once it has stopped paying. */
export function subscriptionPeriod(
  subscription: NonNullable<Billing['subscription']>,
  timeZone?: string,
): { term: 'Renews on' | 'Ends on'; date: string } | null {
  if (!PAYING.has(subscription.status) || !subscription.current_period_end) return null;
  return {
    term: subscription.cancel_at_period_end ? 'Ends on' : 'Renews on',
    date: formatDate(subscription.current_period_end, timeZone),
  };
}

/**
 * Whether the plan page offers "Upgrade to Pro": `checkout` when it does; otherwise `subscribed`
 * (Pro or Enterprise already), `set_by_staff` (subscribing would pay for a plan staff gave) or
 * `unavailable` (this server takes no plan payments).
 */
export type UpgradeOffer = 'checkout' | 'subscribed' | 'set_by_staff' | 'unavailable';

export function upgradeOffer(
  billing: Pick<Billing, 'plan' | 'override' | 'subscription' | 'billing_available'>,
): UpgradeOffer {
  if (billing.override) return 'set_by_staff';
  if (billing.plan !== 'basic' || isPaying(billing.subscription)) return 'subscribed';
  if (!billing.billing_available) return 'unavailable';
  return 'checkout';
}

/**
 * The "Tickets by Access Plus" setting as the storefront applies it: a plan without
 * `remove_branding` shows the line whatever the setting says, and hiding it is refused.
 */
export function brandingState(billing: Pick<Billing, 'features'>, platformBranding: boolean) {
  const allowed = billing.features.some((entry) => entry.feature === 'remove_branding' && entry.allowed);
  return { allowed, shown: platformBranding || !allowed, keptChoice: !allowed && !platformBranding };
}
