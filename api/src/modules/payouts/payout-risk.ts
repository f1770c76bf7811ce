/**
 * Organizer payout risk: turns what we know about an organizer and an event into a score from 0 to 100, an early
 * payout tier and the reasons behind them. It is pure and synchronous so that the payout scheduler, the organizer
 * dashboard and staff review all explain a payout decision the same way, and the reasons can be stored with it.
 *
 * Score = BASE (40) + the points of every reason, clamped to 0..100. Points per factor:
 *   account_age      days old: < 30 → 0, 30+ → +3, 90+ → +6, 180+ → +10, 365+ → +15
 *   verification     owner's email verified → +5
 *   payout_account   Stripe account may be paid → +5; otherwise 0, and the tier is 'none' whatever the score
 *   history          +3 per past event with paid tickets, at most +20 (7 events)
 *   refund_rate      refunded / gross: < 2% → 0, 2% → −5, 5% → −15, 10% → −25, 20%+ → −40
 *   chargeback_rate  disputed / paid orders: < 0.25% → 0, 0.25% → −10, 0.5% → −25, 1% → −40, 2%+ → −60
 *   event_type       religious, community, cultural, education → +5; nightlife, festival → −5; concert by a promoter
 *                    with fewer than 3 past events → −5; anything else, unknown or none → 0
 *   ticket_price     average price over 50.00 → −3, over 100.00 → −6, over 250.00 → −10
 *   event_size       expected gross over 10,000.00 → −3, over 50,000.00 → −6, over 200,000.00 → −10
 * Trust is capped (at most +50, so 90) and penalties are not: the rates alone can take a score to 0. Both rates need
 * 20 paid orders in the past year; below that each gives a 0-point reason saying there is too little history yet.
 * Rates are compared in integer arithmetic (refunded × 10,000 ≥ gross × threshold bp), so no float decides a band.
 * The event slugs cover both the generic names and this platform's category ids (religious-celebration, ...).
 * daysUntilStart is not scored: when money may leave is the scheduler's call, and the reserve covers the wait.
 *
 * Tiers (first whose minimum the score reaches): early_100 ≥ 80, early_50 ≥ 65, early_25 ≥ 50, else none. Hard rules
 * override the score: an unverified payout account means 'none'; a dispute lost in the past year caps the tier at
 * early_25 (it adds a 0-point chargeback_rate reason saying so). The reserve (5 / 10 / 15%) stays unpaid until the
 * standard payout, so at most min(earlyShare, 100% − reserve) is paid before the event: payableEarlyBp.
 *
 * Clamping: the reasons always add up to rawScore − BASE; `score` is rawScore clamped to 0..100. Clamping is not a
 * reason of its own; a caller that shows a sum sees it in rawScore ≠ score. Every reason's message carries its
 * points as "(+n)" or "(−n)". Amounts in messages are in the event's currency, as people read it ("$1,234.50").
 *
 * Invalid input throws a RangeError. Callers build facts from the database; this is the last guard.
 */

export interface RiskFacts {
  /** Days since the organizer's account was created. */
  accountAgeDays: number;
  /** Owner's email verified. */
  emailVerified: boolean;
  /** Stripe says the connected account may be paid (payouts enabled, details submitted). */
  payoutAccountVerified: boolean;
  /** Past events that ended with at least one paid ticket. */
  pastEventsHeld: number;
  /** Over the organizer's past 365 days: gross card+offline sales, refunded and disputed amounts, counts. */
  grossSalesCents: number;
  refundedCents: number;
  paidOrders: number;
  disputedOrders: number; // chargebacks opened (any outcome)
  lostDisputes: number;
  /** The event the payout is for. */
  event: {
    categorySlug: string | null; // unknown slugs are neutral
    /** ISO 4217 code of the event's money (the organizer's currency): the amounts below are in its minor unit. */
    currency: string;
    averageTicketPriceCents: number;
    /** Expected gross: sum over tiers of quantity × price. */
    expectedGrossCents: number;
    daysUntilStart: number;
  };
}

export type EarlyPayoutTier = 'none' | 'early_25' | 'early_50' | 'early_100';

export type RiskFactor =
  | 'account_age'
  | 'verification'
  | 'payout_account'
  | 'history'
  | 'refund_rate'
  | 'chargeback_rate'
  | 'event_type'
  | 'ticket_price'
  | 'event_size';

export interface RiskReason {
  factor: RiskFactor;
  points: number;
  /** English sentence, e.g. "Your account is 400 days old (+15)." */
  message: string;
}

export interface RiskAssessment {
  /** rawScore clamped to 0..100. */
  score: number;
  /** RISK_SCORE_BASE plus the reasons' points, before clamping. */
  rawScore: number;
  tier: EarlyPayoutTier;
  /** Share of settled net sales that may be paid before the event, basis points (0, 2500, 5000, 10000). */
  earlyShareBp: number;
  /** Share of settled net sales kept back as a reserve until the standard payout, basis points. */
  reserveBp: number;
  /** What may actually be paid before the event: min(earlyShareBp, 10000 − reserveBp). */
  payableEarlyBp: number;
  reasons: RiskReason[];
}

export const RISK_SCORE_BASE = 40;
/** Paid orders in the past year below which refund and chargeback rates say nothing yet. */
export const MIN_ORDERS_FOR_RATES = 20;

export const EARLY_PAYOUT_TIERS: Readonly<
  Record<EarlyPayoutTier, Readonly<{ minScore: number; earlyShareBp: number; reserveBp: number }>>
> = Object.freeze({
  none: Object.freeze({ minScore: 0, earlyShareBp: 0, reserveBp: 0 }),
  early_25: Object.freeze({ minScore: 50, earlyShareBp: 2500, reserveBp: 500 }),
  early_50: Object.freeze({ minScore: 65, earlyShareBp: 5000, reserveBp: 1000 }),
  early_100: Object.freeze({ minScore: 80, earlyShareBp: 10_000, reserveBp: 1500 }),
});

/** Lowest to highest; a tier cap picks the lower of two by this order. */
const TIER_ORDER: readonly EarlyPayoutTier[] = ['none', 'early_25', 'early_50', 'early_100'];
const BASIS_POINTS = 10_000;

/** A step table: the points of the last step whose `from` the value reaches (steps ascend by `from`). */
interface Step {
  from: number;
  points: number;
}

const ACCOUNT_AGE_STEPS: readonly Step[] = [
  { from: 0, points: 0 },
  { from: 30, points: 3 },
  { from: 90, points: 6 },
  { from: 180, points: 10 },
  { from: 365, points: 15 },
];
const EMAIL_VERIFIED_POINTS = 5;
const PAYOUT_ACCOUNT_POINTS = 5;
const POINTS_PER_PAST_EVENT = 3;
const MAX_HISTORY_POINTS = 20;
/** Rate bands in basis points of the rate: refunded / gross and disputed / paid orders. */
const REFUND_RATE_STEPS: readonly Step[] = [
  { from: 0, points: 0 },
  { from: 200, points: -5 },
  { from: 500, points: -15 },
  { from: 1000, points: -25 },
  { from: 2000, points: -40 },
];
const CHARGEBACK_RATE_STEPS: readonly Step[] = [
  { from: 0, points: 0 },
  { from: 25, points: -10 },
  { from: 50, points: -25 },
  { from: 100, points: -40 },
  { from: 200, points: -60 },
];
/** Price and size bands: `from` is the first amount in cents past the threshold. */
const TICKET_PRICE_STEPS: readonly Step[] = [
  { from: 0, points: 0 },
  { from: 5000 + 1, points: -3 },
  { from: 10_000 + 1, points: -6 },
  { from: 25_000 + 1, points: -10 },
];
const EVENT_SIZE_STEPS: readonly Step[] = [
  { from: 0, points: 0 },
  { from: 1_000_000 + 1, points: -3 },
  { from: 5_000_000 + 1, points: -6 },
  { from: 20_000_000 + 1, points: -10 },
];
const EVENT_TYPE_POINTS = 5;
/** A concert promoter with fewer past events than this is new. */
const ESTABLISHED_PROMOTER_EVENTS = 3;

const LOW_RISK_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['religious', 'Religious events'],
  ['religious-celebration', 'Religious celebrations'],
  ['community', 'Community events'],
  ['community-meeting', 'Community meetings'],
  ['cultural', 'Cultural events'],
  ['national-day', 'National day celebrations'],
  ['diaspora-film', 'Diaspora film screenings'],
  ['education', 'Educational events'],
  ['class-workshop', 'Classes and workshops'],
]);
const HIGH_RISK_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['nightlife', 'Nightlife events'],
  ['festival', 'Festivals'],
]);
const CONCERT_CATEGORIES: ReadonlySet<string> = new Set(['concert', 'afrobeat-concert']);

export function assessPayoutRisk(facts: RiskFacts): RiskAssessment {
  checkFacts(facts);
  const reasons: RiskReason[] = [
    accountAgeReason(facts.accountAgeDays),
    verificationReason(facts.emailVerified),
    payoutAccountReason(facts.payoutAccountVerified),
    historyReason(facts.pastEventsHeld),
    refundRateReason(facts),
    chargebackRateReason(facts),
  ];
  if (facts.lostDisputes > 0) reasons.push(lostDisputeReason(facts.lostDisputes));
  reasons.push(
    eventTypeReason(facts.event.categorySlug, facts.pastEventsHeld),
    ticketPriceReason(facts.event.averageTicketPriceCents, facts.event.currency),
    eventSizeReason(facts.event.expectedGrossCents, facts.event.currency),
  );

  const rawScore = RISK_SCORE_BASE + reasons.reduce((sum, reason) => sum + reason.points, 0);
  const score = Math.min(100, Math.max(0, rawScore));
  let tier = tierForScore(score);
  if (!facts.payoutAccountVerified) tier = 'none';
  else if (facts.lostDisputes > 0) tier = lowerTier(tier, 'early_25');
  const { earlyShareBp, reserveBp } = EARLY_PAYOUT_TIERS[tier];
  return {
    score,
    rawScore,
    tier,
    earlyShareBp,
    reserveBp,
    payableEarlyBp: Math.min(earlyShareBp, BASIS_POINTS - reserveBp),
    reasons,
  };
}

/** The highest tier whose minimum score `score` reaches, ignoring the hard rules. */
export function tierForScore(score: number): EarlyPayoutTier {
  let best: EarlyPayoutTier = 'none';
  for (const tier of TIER_ORDER) if (score >= EARLY_PAYOUT_TIERS[tier].minScore) best = tier;
  return best;
}

const lowerTier = (a: EarlyPayoutTier, b: EarlyPayoutTier) => (TIER_ORDER.indexOf(a) <= TIER_ORDER.indexOf(b) ? a : b);

function accountAgeReason(days: number): RiskReason {
  const { points, next } = stepFor(ACCOUNT_AGE_STEPS, days);
  const nextHint = next ? ` At ${next.from} days it earns ${signed(next.points)}.` : '';
  return reason('account_age', points, `Your account is ${count(days, 'day')} old`, nextHint);
}

function verificationReason(emailVerified: boolean): RiskReason {
  return emailVerified
    ? reason('verification', EMAIL_VERIFIED_POINTS, 'Your email address is verified')
    : reason(
        'verification',
        0,
        "Your email address isn't verified yet",
        ` Verify it with the link we emailed you to earn ${signed(EMAIL_VERIFIED_POINTS)}.`,
      );
}

function payoutAccountReason(verified: boolean): RiskReason {
  return verified
    ? reason('payout_account', PAYOUT_ACCOUNT_POINTS, 'Your Stripe payout account is verified')
    : reason(
        'payout_account',
        0,
        "Your Stripe payout account isn't ready to receive payouts",
        ' Early payouts stay off until it is, whatever your score: finish your account details in Stripe.',
      );
}

function historyReason(pastEvents: number): RiskReason {
  const points = Math.min(MAX_HISTORY_POINTS, pastEvents * POINTS_PER_PAST_EVENT);
  const each = pastEvents === 0 ? 'Each event you hold' : 'Each further event';
  const hint =
    points < MAX_HISTORY_POINTS
      ? ` ${each} adds ${signed(POINTS_PER_PAST_EVENT)}, up to ${signed(MAX_HISTORY_POINTS)}.`
      : '';
  return pastEvents === 0
    ? reason('history', points, "You haven't held an event with paid tickets yet", hint)
    : reason('history', points, `You have held ${count(pastEvents, 'event')} with paid tickets`, hint);
}

function refundRateReason(facts: RiskFacts): RiskReason {
  if (facts.paidOrders < MIN_ORDERS_FOR_RATES) return tooLittleHistory('refund_rate', 'refund', facts.paidOrders);
  const band = rateBand(REFUND_RATE_STEPS, facts.refundedCents, facts.grossSalesCents);
  const rate = formatRate(facts.refundedCents, facts.grossSalesCents, 1);
  const hint = band.points < 0 ? ` Under ${formatBp(firstPenalty(REFUND_RATE_STEPS))} costs nothing.` : '';
  return reason('refund_rate', band.points, `Refunds were ${rate} of your sales in the past year`, hint);
}

function chargebackRateReason(facts: RiskFacts): RiskReason {
  const { paidOrders, disputedOrders } = facts;
  if (paidOrders < MIN_ORDERS_FOR_RATES) return tooLittleHistory('chargeback_rate', 'chargeback', paidOrders);
  const band = rateBand(CHARGEBACK_RATE_STEPS, disputedOrders, paidOrders);
  if (disputedOrders === 0) {
    return reason(
      'chargeback_rate',
      band.points,
      `None of your ${paidOrders} paid orders in the past year had a chargeback`,
    );
  }
  const rate = formatRate(disputedOrders, paidOrders, 2);
  const hint =
    band.points < 0
      ? ` Under ${formatBp(firstPenalty(CHARGEBACK_RATE_STEPS))} costs nothing; answer disputes with proof of attendance.`
      : '';
  return reason(
    'chargeback_rate',
    band.points,
    `${disputedOrders} of your ${paidOrders} paid orders in the past year (${rate}) had a chargeback`,
    hint,
  );
}

function lostDisputeReason(lost: number): RiskReason {
  const cap = EARLY_PAYOUT_TIERS.early_25.earlyShareBp;
  return reason(
    'chargeback_rate',
    0,
    `You lost ${count(lost, 'chargeback dispute')} in the past year`,
    ` Early payouts are capped at ${formatBp(cap)} of sales while a lost dispute is less than a year old.`,
  );
}

function tooLittleHistory(factor: RiskFactor, what: string, paidOrders: number): RiskReason {
  return reason(
    factor,
    0,
    `You have ${count(paidOrders, 'paid order')} in the past year, too few to judge your ${what} rate yet`,
    ` It counts from ${MIN_ORDERS_FOR_RATES} orders.`,
  );
}

function eventTypeReason(slug: string | null, pastEvents: number): RiskReason {
  const lowRisk = slug === null ? undefined : LOW_RISK_CATEGORIES.get(slug);
  if (lowRisk)
    return reason('event_type', EVENT_TYPE_POINTS, `${lowRisk} like this one rarely end in refunds or chargebacks`);
  const highRisk = slug === null ? undefined : HIGH_RISK_CATEGORIES.get(slug);
  if (highRisk) {
    return reason(
      'event_type',
      -EVENT_TYPE_POINTS,
      `${highRisk} see more cancellations and chargebacks than most events`,
    );
  }
  if (slug !== null && CONCERT_CATEGORIES.has(slug)) {
    return pastEvents < ESTABLISHED_PROMOTER_EVENTS
      ? reason(
          'event_type',
          -EVENT_TYPE_POINTS,
          `Concerts by promoters with fewer than ${count(ESTABLISHED_PROMOTER_EVENTS, 'past event')} see more cancellations and chargebacks`,
          ` This lifts once you have held ${count(ESTABLISHED_PROMOTER_EVENTS, 'event')}.`,
        )
      : reason('event_type', 0, 'Concerts count as neutral for a promoter with your track record');
  }
  return reason('event_type', 0, "This event's category neither raises nor lowers the score");
}

function ticketPriceReason(averageCents: number, currency: string): RiskReason {
  const { points } = stepFor(TICKET_PRICE_STEPS, averageCents);
  const hint =
    points < 0
      ? ` Pricier tickets mean larger refunds if the event is cancelled; up to ${formatAmount(5000, currency)} costs nothing.`
      : '';
  return reason('ticket_price', points, `Tickets for this event average ${formatAmount(averageCents, currency)}`, hint);
}

function eventSizeReason(expectedGrossCents: number, currency: string): RiskReason {
  const { points } = stepFor(EVENT_SIZE_STEPS, expectedGrossCents);
  const hint =
    points < 0
      ? ` The more an event can sell, the more is paid out before it happens; up to ${formatAmount(1_000_000, currency)} costs nothing.`
      : '';
  return reason(
    'event_size',
    points,
    `This event could sell up to ${formatAmount(expectedGrossCents, currency)} in tickets`,
    hint,
  );
}

/** "<clause> (+n).<hint>" — every message states its points the same way. */
function reason(factor: RiskFactor, points: number, clause: string, hint = ''): RiskReason {
  return { factor, points, message: `${clause} (${signed(points)}).${hint}` };
}

function stepFor(steps: readonly Step[], value: number): { points: number; next: Step | undefined } {
  let index = 0;
  steps.forEach((step, i) => {
    if (value >= step.from) index = i;
  });
  return { points: steps[index]?.points ?? 0, next: steps[index + 1] };
}

/**
 * The band of part / whole, deciding each threshold as part × 10,000 ≥ whole × bp in BigInt, so neither float
 * rounding nor products past 2⁵³ can move a rate across a threshold. Nothing of nothing is a rate of 0; something of
 * nothing (refunds of sales from before the window) is the worst band.
 */
function rateBand(steps: readonly Step[], part: number, whole: number): Step {
  let band = steps[0] ?? { from: 0, points: 0 };
  if (part === 0) return band;
  for (const step of steps) {
    if (BigInt(part) * BigInt(BASIS_POINTS) >= BigInt(whole) * BigInt(step.from)) band = step;
  }
  return band;
}

const firstPenalty = (steps: readonly Step[]) => steps.find((step) => step.points < 0)?.from ?? 0;

/** part / whole as a percentage with `decimals` places, rounded down so it never shows a band it is not in. */
function formatRate(part: number, whole: number, decimals: number): string {
  if (whole === 0) return part === 0 ? '0%' : 'more than 100%';
  const scale = 10n ** BigInt(decimals);
  const scaled = (BigInt(part) * 100n * scale) / BigInt(whole);
  return `${formatDecimal(scaled, scale)}%`;
}

/** Basis points as a percentage: 250 → "2.5%", 2500 → "25%". */
const formatBp = (bp: number) => `${formatDecimal(BigInt(bp), 100n)}%`;

function formatDecimal(scaled: bigint, scale: bigint): string {
  const whole = scaled / scale;
  const fraction = (scaled % scale)
    .toString()
    .padStart(scale.toString().length - 1, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/**
 * An amount in the currency's minor unit as the admin shows money: "$1,234.50", "CA$40.00",
 * "¥1,500". Given to Intl as an exact decimal string, so no float rounds a large amount.
 */
function formatAmount(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10n ** BigInt(digits);
  const exact = digits > 0 ? formatDecimal(BigInt(minor), scale) : String(minor);
  return format.format(exact as Intl.StringNumericLiteral);
}

const signed = (points: number) => (points < 0 ? `−${-points}` : `+${points}`);
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function checkFacts(facts: RiskFacts): void {
  requireWhole('accountAgeDays', facts.accountAgeDays, 0);
  requireWhole('pastEventsHeld', facts.pastEventsHeld, 0);
  requireWhole('grossSalesCents', facts.grossSalesCents, 0);
  requireWhole('refundedCents', facts.refundedCents, 0);
  requireWhole('paidOrders', facts.paidOrders, 0);
  requireWhole('disputedOrders', facts.disputedOrders, 0);
  requireWhole('lostDisputes', facts.lostDisputes, 0);
  requireWhole('event.averageTicketPriceCents', facts.event.averageTicketPriceCents, 0);
  requireWhole('event.expectedGrossCents', facts.event.expectedGrossCents, 0);
  requireWhole('event.daysUntilStart', facts.event.daysUntilStart, Number.MIN_SAFE_INTEGER);
  for (const name of ['emailVerified', 'payoutAccountVerified'] as const) {
    if (typeof facts[name] !== 'boolean')
      throw new RangeError(`${name} must be a boolean, got ${String(facts[name])}.`);
  }
  if (typeof facts.event.currency !== 'string' || !/^[A-Z]{3}$/.test(facts.event.currency)) {
    throw new RangeError(`event.currency must be an ISO 4217 code such as USD, got ${String(facts.event.currency)}.`);
  }
  const slug = facts.event.categorySlug;
  if (slug !== null && typeof slug !== 'string') {
    throw new RangeError(`event.categorySlug must be a string or null, got ${String(slug)}.`);
  }
}

function requireWhole(name: string, value: number, min: number): void {
  if (Number.isSafeInteger(value) && value >= min) return;
  throw new RangeError(`${name} must be a whole number of at least ${min}, got ${String(value)}.`);
}
