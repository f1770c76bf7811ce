import type { Billing, Plan, PlanFeature } from './api-types';
import { formatDate } from './format';
import { type Messages, messagesFor, type StatusOf } from './messages';

/** Plan names are the product's own, the same in every language. */
export const planNames: Record<Plan, string> = { basic: 'Basic', pro: 'Pro', enterprise: 'Enterprise' };

export function planName(plan: string): string {
  return planNames[plan as Plan] ?? plan;
}

const PLANS: readonly Plan[] = ['basic', 'pro', 'enterprise'];
const FEATURES: readonly PlanFeature[] = ['remove_branding', 'api_keys', 'webhooks', 'custom_domains', 'themes'];

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** What a plan gives, in a sentence; nothing for a plan the admin does not know. */
export function planSummary(plan: string, t: Messages): string {
  return isOneOf(PLANS, plan) ? t[`staff_planSummary_${plan}`] : '';
}

/**
 * What each plan allows an API key: `Pro: 300 requests a minute per key; Enterprise: 1,200`, with
 * numbers as `locale` (an Intl locale) writes them. `t` defaults to English for pages not yet
 * translated.
 */
export function apiKeyLimitsText(
  limits: Billing['api_key_limits'],
  t: Messages = messagesFor('en'),
  locale = 'en-US',
): string {
  const numbers = new Intl.NumberFormat(locale);
  return (
    limits
      .map((entry, index) => {
        const plan = planName(entry.plan);
        const count = entry.requests_per_minute;
        const requests = numbers.format(count);
        return index === 0
          ? t.staff_apiKeyLimitFirst({ plan, count, requests })
          : t.staff_apiKeyLimitNext({ plan, requests });
      })
      .reduce<string | null>(
        (limits, limit) => (limits === null ? limit : t.staff_apiKeyLimitsJoin({ limits, limit })),
        null,
      ) ?? ''
  );
}

/** What a feature is, in a few words; a feature the admin does not know by its API name. */
export function featureName(feature: string, t: Messages): string {
  return isOneOf(FEATURES, feature) ? t[`staff_feature_${feature}`] : feature.replaceAll('_', ' ');
}

/** Subscription states in which the paid plan stays in force (the API's PAYING_STATUSES). */
const PAYING = new Set(['active', 'trialing', 'past_due']);

export function isPaying(subscription: Billing['subscription']): boolean {
  return subscription !== null && PAYING.has(subscription.status);
}

const SUBSCRIPTION_STATES = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const satisfies readonly StatusOf<'staff_subscriptionState'>[];

/** Stripe's subscription status as the organizer reads it; a status the admin does not know as itself. */
export function subscriptionStateLabel(status: string, t: Messages): string {
  return isOneOf(SUBSCRIPTION_STATES, status) ? t[`staff_subscriptionState_${status}`] : status;
}

/**
 * When the subscription renews, or ends instead of renewing, on the organizer's clock and in
 * `locale` (an Intl locale); null once it has stopped paying.
 */
export function subscriptionPeriod(
  subscription: NonNullable<Billing['subscription']>,
  t: Messages,
  timeZone?: string,
  locale = 'en-US',
): { term: string; date: string } | null {
  if (!PAYING.has(subscription.status) || !subscription.current_period_end) return null;
  return {
    term: subscription.cancel_at_period_end ? t.staff_periodEnds : t.staff_periodRenews,
    date: formatDate(subscription.current_period_end, timeZone, locale),
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
