// The platform-staff area: shapes from the API, and how its pages word them.
import type { components } from '@accessplus/sdk';
import { formatMoney } from './format';

type Schemas = components['schemas'];
export type StaffOrganizer = Schemas['StaffOrganizer'];
export type StaffOrganizerDetail = Schemas['StaffOrganizerDetail'];
export type StaffAuditEntry = Schemas['StaffAuditEntry'];
export type StaffPayout = Schemas['StaffPayout'];
export type Payout = Schemas['Payout'];
export type Plan = StaffOrganizer['plan'];
export type PayoutStatus = Payout['status'];

export const PLANS: readonly Plan[] = ['basic', 'pro', 'enterprise'];

const planNames: Record<Plan, string> = { basic: 'Basic', pro: 'Pro', enterprise: 'Enterprise' };

export function planName(plan: string): string {
  return planNames[plan as Plan] ?? plan;
}

export interface Label {
  label: string;
  tone: 'live' | 'pending' | 'off' | 'stopped';
}

const payoutStatuses: Record<PayoutStatus, Label> = {
  scheduled: { label: 'Scheduled', tone: 'pending' },
  blocked: { label: 'Blocked', tone: 'pending' },
  held: { label: 'Held', tone: 'stopped' },
  in_transit: { label: 'On its way', tone: 'live' },
  paid: { label: 'Paid', tone: 'live' },
  failed: { label: 'Failed', tone: 'stopped' },
  cancelled: { label: 'Cancelled', tone: 'off' },
};

export function payoutStatusLabel(status: string): Label {
  return payoutStatuses[status as PayoutStatus] ?? { label: status, tone: 'off' };
}

const riskTiers: Record<NonNullable<Payout['risk_tier']>, string> = {
  none: 'Standard only',
  early_25: 'Early 25 %',
  early_50: 'Early 50 %',
  early_100: 'Early 100 %',
};

/** An early payout's risk tier and score, e.g. `Early 50 % (score 62)`; a dash when not assessed. */
export function riskLabel(payout: Pick<Payout, 'risk_tier' | 'risk_score'>): string {
  if (!payout.risk_tier) return '–';
  const tier = riskTiers[payout.risk_tier] ?? payout.risk_tier;
  return payout.risk_score === null ? tier : `${tier} (score ${payout.risk_score})`;
}

export interface PayoutActions {
  hold: boolean;
  release: boolean;
  /** Record a manual payout as paid by hand. */
  recordPaid: boolean;
}

/** What staff may do to a payout in its state, by the API's rules (payouts.service); the API decides. */
export function payoutActions(payout: Pick<Payout, 'status' | 'method'>): PayoutActions {
  return {
    hold: payout.status === 'scheduled' || payout.status === 'blocked',
    release: payout.status === 'held',
    recordPaid: payout.method === 'manual' && payout.status === 'scheduled',
  };
}

/** The subscription as a few words: `Pro, past due`; `None` before the first one. */
export function subscriptionLabel(subscription: StaffOrganizer['subscription']): string {
  if (!subscription) return 'None';
  const plan = subscription.plan ? planName(subscription.plan) : 'No plan';
  return `${plan}, ${subscription.status.replaceAll('_', ' ')}`;
}

/** Whether Stripe lets the organizer take cards and be paid, as a few words. */
export function stripeAccountLabel(account: StaffOrganizer['stripe_account']): Label {
  if (!account) return { label: 'No Stripe account: paid by hand', tone: 'off' };
  if (account.charges_enabled && account.payouts_enabled) return { label: 'Charges and payouts on', tone: 'live' };
  if (account.charges_enabled) return { label: 'Charges on, payouts not yet', tone: 'pending' };
  return { label: 'Not enabled yet', tone: 'pending' };
}

/**
 * A price typed by a person (`1,250`, `$1250.50`) in cents; null unless it is a positive amount
 * with at most two decimals.
 */
export function parseDollars(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/^\$\s*/, '')
    .replaceAll(',', '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents > 0 ? cents : null;
}

function detail(entry: StaffAuditEntry, key: string): unknown {
  return (entry.details as Record<string, unknown>)[key];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

/** What a staff audit log entry says happened, in a sentence. */
export function auditSentence(entry: StaffAuditEntry, currency: string): string {
  const amount = detail(entry, 'amount_cents');
  const money = typeof amount === 'number' ? formatMoney(amount, currency) : null;
  const payout = money ? `a payout of ${money}` : 'a payout';
  const reason = text(detail(entry, 'reason'));
  const because = reason ? `: “${reason}”` : '';
  switch (entry.action) {
    case 'plan.override': {
      const override = text(detail(entry, 'override'));
      if (override) return `Put the organizer on ${planName(override)}${because}`;
      const previous = text(detail(entry, 'previous_override'));
      return `Cleared the plan override${previous ? ` (${planName(previous)})` : ''}${because}`;
    }
    case 'plan.enterprise_checkout': {
      const monthly = detail(entry, 'monthly_amount_cents');
      return typeof monthly === 'number'
        ? `Offered Enterprise at ${formatMoney(monthly, 'USD')} a month`
        : 'Offered Enterprise';
    }
    case 'payout.hold':
      return `Held ${payout}${because}`;
    case 'payout.release':
      return `Released ${payout}`;
    case 'payout.record_manual': {
      const reference = text(detail(entry, 'reference'));
      return `Recorded ${payout} as paid by hand${reference ? `, reference “${reference}”` : ''}`;
    }
    default:
      return entry.action;
  }
}

/** The staff organizer list's address for a search (and a page cursor). */
export function organizersHref(search: string, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (search) params.set('q', search);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/staff?${query}` : '/staff';
}

export const QUEUES = {
  held: { label: 'Held', query: { status: 'held' } },
  manual: { label: 'To pay by hand', query: { status: 'scheduled', method: 'manual' } },
  blocked: { label: 'Blocked at Stripe', query: { status: 'blocked' } },
} as const satisfies Record<string, { label: string; query: Record<string, string> }>;

export type QueueName = keyof typeof QUEUES;

export function queueName(value: string | null): QueueName {
  return value && Object.hasOwn(QUEUES, value) ? (value as QueueName) : 'held';
}
