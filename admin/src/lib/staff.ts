// The platform-staff area: shapes from the API, and how its pages word them.
import type { components } from '@accessplus/sdk';
import { formatMoney } from './format';
import type { Messages, StatusOf } from './messages';

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

const payoutTones: Record<PayoutStatus, Label['tone']> = {
  scheduled: 'pending',
  blocked: 'pending',
  held: 'stopped',
  in_transit: 'live',
  paid: 'live',
  failed: 'stopped',
  cancelled: 'off',
};

/** A payout's status in words, and the badge's tone; a status the admin does not know as itself. */
export function payoutStatusLabel(status: string, t: Messages): Label {
  if (!Object.hasOwn(payoutTones, status)) return { label: status, tone: 'off' };
  const known = status as PayoutStatus;
  return { label: t[`staff_payoutStatus_${known}`], tone: payoutTones[known] };
}

type RiskTier = NonNullable<Payout['risk_tier']>;
const RISK_TIERS: readonly RiskTier[] = ['none', 'early_25', 'early_50', 'early_100'];

/** An early payout's risk tier and score, e.g. `Early 50 % (score 62)`; a dash when not assessed. */
export function riskLabel(payout: Pick<Payout, 'risk_tier' | 'risk_score'>, t: Messages): string {
  if (!payout.risk_tier) return '–';
  const tier = RISK_TIERS.includes(payout.risk_tier) ? t[`staff_riskTier_${payout.risk_tier}`] : payout.risk_tier;
  return payout.risk_score === null ? tier : t.staff_riskWithScore({ tier, score: payout.risk_score });
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

/** Stripe's subscription statuses the admin words; any other is shown as Stripe names it. */
const SUBSCRIPTION_STATUSES = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const satisfies readonly StatusOf<'staff_subscriptionStatus'>[];

function isKnown<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** The subscription as a few words: `Pro, past due`; `None` before the first one. */
export function subscriptionLabel(subscription: StaffOrganizer['subscription'], t: Messages): string {
  if (!subscription) return t.staff_subscriptionNone;
  const plan = subscription.plan ? planName(subscription.plan) : t.staff_subscriptionNoPlan;
  const status = isKnown(SUBSCRIPTION_STATUSES, subscription.status)
    ? t[`staff_subscriptionStatus_${subscription.status}`]
    : subscription.status.replaceAll('_', ' ');
  return t.staff_subscriptionPlanStatus({ plan, status });
}

/** Whether Stripe lets the organizer take cards and be paid, as a few words. */
export function stripeAccountLabel(account: StaffOrganizer['stripe_account'], t: Messages): Label {
  if (!account) return { label: t.staff_stripeNone, tone: 'off' };
  if (account.charges_enabled && account.payouts_enabled) return { label: t.staff_stripeOn, tone: 'live' };
  if (account.charges_enabled) return { label: t.staff_stripeChargesOnly, tone: 'pending' };
  return { label: t.staff_stripeNotEnabled, tone: 'pending' };
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

/**
 * What a staff audit log entry says happened, in a sentence in the reader's language; amounts in
 * `locale` (an Intl locale).
 */
export function auditSentence(entry: StaffAuditEntry, currency: string, t: Messages, locale = 'en-US'): string {
  const amount = detail(entry, 'amount_cents');
  const money = typeof amount === 'number' ? formatMoney(amount, currency, locale) : null;
  const reason = text(detail(entry, 'reason'));
  const because = (action: string) => (reason ? t.staff_audit_withReason({ action, reason }) : action);
  switch (entry.action) {
    case 'plan.override': {
      const override = text(detail(entry, 'override'));
      if (override) return because(t.staff_audit_planOverride({ plan: planName(override) }));
      const previous = text(detail(entry, 'previous_override'));
      return because(
        previous ? t.staff_audit_planClearedPrevious({ plan: planName(previous) }) : t.staff_audit_planCleared,
      );
    }
    case 'plan.enterprise_checkout': {
      const monthly = detail(entry, 'monthly_amount_cents');
      return typeof monthly === 'number'
        ? t.staff_audit_enterpriseAmount({ amount: formatMoney(monthly, 'USD', locale) })
        : t.staff_audit_enterprise;
    }
    case 'payout.hold':
      return because(money ? t.staff_audit_holdAmount({ amount: money }) : t.staff_audit_hold);
    case 'payout.release':
      return money ? t.staff_audit_releaseAmount({ amount: money }) : t.staff_audit_release;
    case 'payout.record_manual': {
      const reference = text(detail(entry, 'reference'));
      if (money && reference) return t.staff_audit_recordAmountReference({ amount: money, reference });
      if (money) return t.staff_audit_recordAmount({ amount: money });
      return reference ? t.staff_audit_recordReference({ reference }) : t.staff_audit_record;
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

/** The staff payout queues, each named `staff_queue_<name>` and emptied as `staff_queueEmpty_<name>`. */
export const QUEUES = {
  held: { query: { status: 'held' } },
  manual: { query: { status: 'scheduled', method: 'manual' } },
  blocked: { query: { status: 'blocked' } },
} as const satisfies Record<string, { query: Record<string, string> }>;

export type QueueName = keyof typeof QUEUES;

export function queueName(value: string | null): QueueName {
  return value && Object.hasOwn(QUEUES, value) ? (value as QueueName) : 'held';
}

/** A piece of a sentence: its own words, or a name put in it (`name`), which markup isolates. */
export interface Piece {
  text: string;
  name: boolean;
}

const MARK = '\uE000';
const MARKED = /\uE000(\d+)\uE000/;

/**
 * A message with names in it (an organizer, an event, what someone typed), cut around them so that
 * markup can put each in a `<bdi>`: a name keeps its own direction inside a sentence of another.
 */
export function withNames<I extends Record<string, unknown>>(
  message: (inputs: I) => string,
  inputs: I,
  ...names: (keyof I & string)[]
): Piece[] {
  const marked: Record<string, unknown> = { ...inputs };
  names.forEach((name, index) => {
    marked[name] = `${MARK}${index}${MARK}`;
  });
  return message(marked as I)
    .split(MARKED)
    .map((text, index) =>
      index % 2 === 1 ? { text: String(inputs[names[Number(text)] as keyof I]), name: true } : { text, name: false },
    )
    .filter((piece) => piece.text !== '');
}
