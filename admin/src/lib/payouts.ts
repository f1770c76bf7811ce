import type { Payout, PayoutAccount, PayoutStatus, RiskTier } from './api-types';
import type { Messages } from './messages';

/** The standard payout comes this many days after an event ends (the API's `Payout.kind`). */
export const STANDARD_PAYOUT_DELAY_DAYS = 2;
/** Keeps "50 %" on one line. */
const NBSP = '\u00a0';

export type AccountStage = 'manual' | 'not_connected' | 'needs_details' | 'in_review' | 'enabled' | 'rejected';

/** The catalogue keys of the plain words for Stripe's requirements and disabled reasons. */
type RequirementWords = Exclude<Extract<keyof Messages, `sales_requirement_${string}`>, 'sales_requirement_other'>;
type DisabledWords = Extract<keyof Messages, `sales_disabledReason_${string}`>;

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
const requirementWords: [RegExp, RequirementWords][] = [
  [/^external_account$/, 'sales_requirement_bankAccount'],
  [/^(individual|representative)\.dob\./, 'sales_requirement_dateOfBirth'],
  [/^(individual|representative)\.(first|last)_name$/, 'sales_requirement_legalName'],
  [/^(individual|representative)\.ssn_last_4$/, 'sales_requirement_ssnLast4'],
  [/^(individual|representative)\.id_number$/, 'sales_requirement_idNumber'],
  [/^(individual|representative)\.verification\.(additional_)?document/, 'sales_requirement_idDocument'],
  [/^(individual|representative)\.address\./, 'sales_requirement_homeAddress'],
  [/^(individual|representative)\.email$/, 'sales_requirement_email'],
  [/^(individual|representative)\.phone$/, 'sales_requirement_phone'],
  [/^(individual|representative)\.(relationship|title)/, 'sales_requirement_role'],
  [/^business_type$/, 'sales_requirement_businessType'],
  [/^business_profile\.(mcc|product_description)$/, 'sales_requirement_businessActivity'],
  [/^business_profile\.(url|support_)/, 'sales_requirement_businessWebsite'],
  [/^company\.(name|structure)$/, 'sales_requirement_companyName'],
  [/^company\.tax_id$/, 'sales_requirement_companyTaxId'],
  [/^company\.address\./, 'sales_requirement_companyAddress'],
  [/^company\.phone$/, 'sales_requirement_companyPhone'],
  [/^company\.verification\./, 'sales_requirement_companyDocument'],
  [/^(company\.)?(owners|directors|executives)(_provided|\.)/, 'sales_requirement_owners'],
  [/^(person|representative)_/, 'sales_requirement_person'],
  [/^tos_acceptance\./, 'sales_requirement_terms'],
];

/** A Stripe requirement in plain words; one Stripe has not taught us yet keeps its own name. */
export function requirementLabel(requirement: string, t: Messages): string {
  for (const [pattern, words] of requirementWords) if (pattern.test(requirement)) return t[words];
  return t.sales_requirement_other({ requirement });
}

/** Stripe's requirement names in plain words, each said once, in the order Stripe gave them. */
export function requirementLabels(requirements: readonly string[], t: Messages): string[] {
  return [...new Set(requirements.map((requirement) => requirementLabel(requirement, t)))];
}

const disabledReasons: Record<string, DisabledWords> = {
  'requirements.past_due': 'sales_disabledReason_pastDue',
  'requirements.pending_verification': 'sales_disabledReason_pendingVerification',
  'action_required.requested_capabilities': 'sales_disabledReason_requestedCapabilities',
  under_review: 'sales_disabledReason_underReview',
  listed: 'sales_disabledReason_listed',
  platform_paused: 'sales_disabledReason_platformPaused',
};

/** Why Stripe turned an account off, in words an organizer can act on. */
export function disabledReasonLabel(reason: string | null, t: Messages): string | null {
  if (!reason) return null;
  if (reason.startsWith('rejected.')) return t.sales_disabledReason_rejected;
  return t[disabledReasons[reason] ?? 'sales_disabledReason_other'];
}

/** The organizer's Stripe account as a person reads it: where it stands and what to do next. */
export function describePayoutAccount(account: PayoutAccount, t: Messages): PayoutAccountView {
  const due = requirementLabels(account.requirements_due, t);
  const disabled = disabledReasonLabel(account.disabled_reason, t);
  const view = (stage: AccountStage, headline: string, detail: string, canContinue: boolean): PayoutAccountView => ({
    stage,
    headline,
    detail,
    due,
    disabled,
    canContinue,
  });
  if (!account.billing_available) {
    return view('manual', t.sales_account_manualHeadline, t.sales_account_manualDetail, false);
  }
  if (!account.connected) {
    return view('not_connected', t.sales_account_notConnectedHeadline, t.sales_account_notConnectedDetail, true);
  }
  if (account.disabled_reason?.startsWith('rejected.')) {
    return view('rejected', t.sales_account_rejectedHeadline, t.sales_account_rejectedDetail, false);
  }
  if (account.payouts_enabled) {
    return view(
      'enabled',
      t.sales_account_enabledHeadline,
      account.charges_enabled ? t.sales_account_enabledDetailWithCharges : t.sales_account_enabledDetail,
      due.length > 0,
    );
  }
  if (due.length > 0 || !account.details_submitted) {
    const needsDetails = view(
      'needs_details',
      t.sales_account_needsDetailsHeadline,
      t.sales_account_needsDetailsDetail,
      true,
    );
    // Stripe marks an account that still needs details as past due from its first day; the list
    // of what it needs says all there is to say.
    return account.disabled_reason === 'requirements.past_due' && due.length > 0
      ? { ...needsDetails, disabled: null }
      : needsDetails;
  }
  return view('in_review', t.sales_account_inReviewHeadline, t.sales_account_inReviewDetail, false);
}

const tierShares: Record<RiskTier, number> = { none: 0, early_25: 25, early_50: 50, early_100: 100 };

/** The early payout tier in words: "Early payout: 50 % of settled sales before the event". */
export function tierLabel(tier: RiskTier | null, t: Messages, locale = 'en-US'): string {
  const share = tier ? tierShares[tier] : 0;
  if (!share) return t.sales_tier_none;
  return t.sales_tier_early({ share: formatShare(share * 100, locale) });
}

/** Basis points as a percentage: 1000 → "10 %", 250 → "2.5 %" (in French "2,5 %"). */
export function formatShare(bp: number, locale = 'en-US'): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bp / 100)}${NBSP}%`;
}

export interface PayoutStatusLabel {
  label: string;
  tone: 'live' | 'pending' | 'off' | 'stopped';
}

const statusTones: Record<PayoutStatus, PayoutStatusLabel['tone']> = {
  scheduled: 'pending',
  blocked: 'pending',
  held: 'stopped',
  in_transit: 'pending',
  paid: 'live',
  failed: 'stopped',
  cancelled: 'off',
};

/** A payout's status in words, with its badge tone; a status the admin does not know keeps its name. */
export function payoutStatusLabel(status: string, t: Messages): PayoutStatusLabel {
  if (!Object.hasOwn(statusTones, status)) return { label: status, tone: 'off' };
  return { label: t[`sales_payoutStatus_${status as PayoutStatus}`], tone: statusTones[status as PayoutStatus] };
}

/** What kind of payout it is and how the money travels: "Early (25 % tier), through Stripe". */
export function payoutKindLabel(
  payout: Pick<Payout, 'kind' | 'method' | 'risk_tier'>,
  t: Messages,
  locale = 'en-US',
): string {
  const share = payout.risk_tier ? tierShares[payout.risk_tier] : 0;
  const stripe = payout.method === 'stripe';
  if (payout.kind !== 'early') return stripe ? t.sales_payoutKind_standardStripe : t.sales_payoutKind_standardManual;
  if (!share) return stripe ? t.sales_payoutKind_earlyStripe : t.sales_payoutKind_earlyManual;
  const tier = { share: formatShare(share * 100, locale) };
  return stripe ? t.sales_payoutKind_earlyTierStripe(tier) : t.sales_payoutKind_earlyTierManual(tier);
}

/** The sentence under a payout's status: why it waits, stopped or failed, or its reference. */
export function payoutStatusNote(
  payout: Pick<Payout, 'status' | 'status_reason' | 'manual_reference' | 'method'>,
  t: Messages,
): string | null {
  if (payout.status === 'paid' && payout.manual_reference) {
    return t.sales_payoutNote_reference({ reference: payout.manual_reference });
  }
  if (payout.status_reason) return payout.status_reason;
  if (payout.status === 'held') return t.sales_payoutNote_held;
  if (payout.status === 'failed') return t.sales_payoutNote_failed;
  if (payout.status === 'scheduled' && payout.method === 'manual') return t.sales_payoutNote_manual;
  return null;
}
