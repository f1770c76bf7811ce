import type { Payout, PayoutAccount, PayoutStatus, RiskTier } from './api-types';

/** The standard payout comes this many days after an event ends (the API's `Payout.kind`). */
export const STANDARD_PAYOUT_DELAY_DAYS = 2;
/** Keeps "50 %" on one line. */
const NBSP = '\u00a0';

export type AccountStage = 'manual' | 'not_connected' | 'needs_details' | 'in_review' | 'enabled' | 'rejected';

export interface PayoutAccountView {
  stage: AccountStage;
  headline: string;
  detail: string;
  /** What Stripe still needs, in plain words, each once. */
  due: string[];
  /** Why Stripe turned the account off, in plain words; null while it is not. */
  disabled: string | null;
  /** Whether sending the owner to Stripe's onboarding can move things on. */
  canContinue: boolean;
}

/** Stripe's requirement names (`individual.dob.day`) by what a person would call them. */
const requirementWords: [RegExp, string][] = [
  [/^external_account$/, 'a bank account for your payouts'],
  [/^(individual|representative)\.dob\./, 'your date of birth'],
  [/^(individual|representative)\.(first|last)_name$/, 'your legal name'],
  [/^(individual|representative)\.ssn_last_4$/, 'the last 4 digits of your Social Security number'],
  [/^(individual|representative)\.id_number$/, 'your full Social Security or ID number'],
  [/^(individual|representative)\.verification\.(additional_)?document/, 'a photo of your ID document'],
  [/^(individual|representative)\.address\./, 'your home address'],
  [/^(individual|representative)\.email$/, 'your email address'],
  [/^(individual|representative)\.phone$/, 'your phone number'],
  [/^(individual|representative)\.(relationship|title)/, 'your role in the organization'],
  [/^business_type$/, 'what kind of organization you are'],
  [/^business_profile\.(mcc|product_description)$/, 'what your organization does'],
  [/^business_profile\.(url|support_)/, "your organization's website or support contact"],
  [/^company\.(name|structure)$/, "your organization's legal name and structure"],
  [/^company\.tax_id$/, "your organization's tax ID (EIN)"],
  [/^company\.address\./, "your organization's address"],
  [/^company\.phone$/, "your organization's phone number"],
  [/^company\.verification\./, "a document proving your organization's details"],
  [/^(company\.)?(owners|directors|executives)(_provided|\.)/, "the organization's owners and directors"],
  [/^(person|representative)_/, 'details of a person in your organization'],
  [/^tos_acceptance\./, "accepting Stripe's terms of service"],
];

/** A Stripe requirement in plain words; one Stripe has not taught us yet keeps its own name. */
export function requirementLabel(requirement: string): string {
  for (const [pattern, words] of requirementWords) if (pattern.test(requirement)) return words;
  return `other details Stripe asks for (${requirement})`;
}

/** Stripe's requirement names in plain words, each said once, in the order Stripe gave them. */
export function requirementLabels(requirements: readonly string[]): string[] {
  return [...new Set(requirements.map(requirementLabel))];
}

const disabledReasons: Record<string, string> = {
  'requirements.past_due':
    'Stripe paused the account because details it asked for are overdue. Give them in Stripe to restart it.',
  'requirements.pending_verification': 'Stripe is verifying the details you gave. This usually takes a few minutes.',
  'action_required.requested_capabilities': 'Stripe needs you to review and accept what the account will be used for.',
  under_review: 'Stripe is reviewing the account. It tells you by email if it needs anything.',
  listed: 'Stripe is checking the account against lists it must screen. It tells you by email if it needs anything.',
  platform_paused: 'Access Plus paused payouts to this account. Contact Access Plus support.',
  other: 'Stripe has turned the account off for now. Check the emails Stripe sent you, or contact Access Plus support.',
};

/** Why Stripe turned an account off, in words an organizer can act on. */
export function disabledReasonLabel(reason: string | null): string | null {
  if (!reason) return null;
  if (reason.startsWith('rejected.')) {
    return 'Stripe closed this account and will not pay it out. Contact Access Plus support: staff can pay you by hand.';
  }
  return disabledReasons[reason] ?? disabledReasons.other ?? null;
}

/** The organizer's Stripe account as a person reads it: where it stands and what to do next. */
export function describePayoutAccount(account: PayoutAccount): PayoutAccountView {
  const due = requirementLabels(account.requirements_due);
  const disabled = disabledReasonLabel(account.disabled_reason);
  const view = (stage: AccountStage, headline: string, detail: string, canContinue: boolean): PayoutAccountView => ({
    stage,
    headline,
    detail,
    due,
    disabled,
    canContinue,
  });
  if (!account.billing_available) {
    return view(
      'manual',
      'Payouts are paid by hand by Access Plus staff',
      'This server does not take payments through Stripe, so Access Plus staff send what your events earn by bank transfer or check, and record each payout below.',
      false,
    );
  }
  if (!account.connected) {
    return view(
      'not_connected',
      'Not connected to Stripe yet',
      'Connect a Stripe account to be paid straight to your bank account. Stripe asks for your bank details and proof of identity; it takes about five minutes. Until then, Access Plus staff pay you by hand.',
      true,
    );
  }
  if (account.disabled_reason?.startsWith('rejected.')) {
    return view('rejected', 'Stripe closed this account', 'Payouts cannot go through Stripe.', false);
  }
  if (account.payouts_enabled) {
    return view(
      'enabled',
      'Connected: payouts are enabled',
      account.charges_enabled
        ? 'Card sales pay into your Stripe account, and Stripe sends your payouts to your bank account.'
        : 'Stripe sends your payouts to your bank account.',
      due.length > 0,
    );
  }
  if (due.length > 0 || !account.details_submitted) {
    const needsDetails = view(
      'needs_details',
      'Stripe setup is not finished',
      'Payouts wait until Stripe has what it needs. Continue where you left off; Stripe keeps what you already entered.',
      true,
    );
    // Stripe marks an account that still needs details as past due from its first day; the list
    // of what it needs says all there is to say.
    return account.disabled_reason === 'requirements.past_due' && due.length > 0
      ? { ...needsDetails, disabled: null }
      : needsDetails;
  }
  return view(
    'in_review',
    'Stripe is checking your details',
    'Payouts start as soon as Stripe enables them. This usually takes a few minutes, sometimes a few days.',
    false,
  );
}

const tierShares: Record<RiskTier, number> = { none: 0, early_25: 25, early_50: 50, early_100: 100 };

/** The early payout tier in words: "Early payout: 50 % of settled sales before the event". */
export function tierLabel(tier: RiskTier | null): string {
  const share = tier ? tierShares[tier] : 0;
  if (!share) return 'No early payout: the whole amount comes with the standard payout after the event';
  return `Early payout: ${share}${NBSP}% of settled sales before the event`;
}

/** Basis points as a percentage: 1000 → "10 %", 250 → "2.5 %". */
export function formatShare(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}${NBSP}%`;
}

export interface PayoutStatusLabel {
  label: string;
  tone: 'live' | 'pending' | 'off' | 'stopped';
}

const statusLabels: Record<PayoutStatus, PayoutStatusLabel> = {
  scheduled: { label: 'Scheduled', tone: 'pending' },
  blocked: { label: 'Waiting for Stripe', tone: 'pending' },
  held: { label: 'Held by Access Plus', tone: 'stopped' },
  in_transit: { label: 'On its way', tone: 'pending' },
  paid: { label: 'Paid', tone: 'live' },
  failed: { label: 'Failed', tone: 'stopped' },
  cancelled: { label: 'Cancelled', tone: 'off' },
};

export function payoutStatusLabel(status: string): PayoutStatusLabel {
  return statusLabels[status as PayoutStatus] ?? { label: status, tone: 'off' };
}

/** What kind of payout it is and how the money travels: "Early (25 % tier), through Stripe". */
export function payoutKindLabel(payout: Pick<Payout, 'kind' | 'method' | 'risk_tier'>): string {
  const share = payout.risk_tier ? tierShares[payout.risk_tier] : 0;
  const kind = payout.kind === 'early' ? (share ? `Early (${share}${NBSP}% tier)` : 'Early') : 'Standard';
  return `${kind}, ${payout.method === 'stripe' ? 'through Stripe' : 'paid by Access Plus staff'}`;
}

/** The sentence under a payout's status: why it waits, stopped or failed, or its reference. */
export function payoutStatusNote(
  payout: Pick<Payout, 'status' | 'status_reason' | 'manual_reference' | 'method'>,
): string | null {
  if (payout.status === 'paid' && payout.manual_reference) return `Reference: ${payout.manual_reference}`;
  if (payout.status_reason) return payout.status_reason;
  if (payout.status === 'held') return 'Access Plus staff stopped this payout for a review.';
  if (payout.status === 'failed') return 'The bank refused the payout; the money is owed to you again.';
  if (payout.status === 'scheduled' && payout.method === 'manual') return 'Access Plus staff send it by hand.';
  return null;
}
