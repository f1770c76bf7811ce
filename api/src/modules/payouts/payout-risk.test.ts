import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessPayoutRisk,
  EARLY_PAYOUT_TIERS,
  type EarlyPayoutTier,
  MIN_ORDERS_FOR_RATES,
  RISK_SCORE_BASE,
  type RiskAssessment,
  type RiskFacts,
  tierForScore,
} from './payout-risk.ts';

const TIER_ORDER: readonly EarlyPayoutTier[] = ['none', 'early_25', 'early_50', 'early_100'];
const rank = (tier: EarlyPayoutTier) => TIER_ORDER.indexOf(tier);
const pointsOf = (assessment: RiskAssessment) =>
  assessment.reasons.map((reason) => [reason.factor, reason.points] as const);

/** Days-old promoter, email unverified, a nightlife party at $120.00 a ticket. */
const newPromoter: RiskFacts = {
  accountAgeDays: 3,
  emailVerified: false,
  payoutAccountVerified: true,
  pastEventsHeld: 0,
  grossSalesCents: 0,
  refundedCents: 0,
  paidOrders: 0,
  disputedOrders: 0,
  lostDisputes: 0,
  event: {
    categorySlug: 'nightlife',
    currency: 'USD',
    averageTicketPriceCents: 12_000,
    expectedGrossCents: 6_000_000,
    daysUntilStart: 21,
  },
};

/** Three-year-old mosque, 12 past events, 0.75% refunds, one chargeback in 1,600 orders. */
const mosque: RiskFacts = {
  accountAgeDays: 1100,
  emailVerified: true,
  payoutAccountVerified: true,
  pastEventsHeld: 12,
  grossSalesCents: 4_800_000,
  refundedCents: 36_000,
  paidOrders: 1600,
  disputedOrders: 1,
  lostDisputes: 0,
  event: {
    categorySlug: 'religious-celebration',
    currency: 'USD',
    averageTicketPriceCents: 2500,
    expectedGrossCents: 1_500_000,
    daysUntilStart: 30,
  },
};

/** Two-year-old church, 3 past events, one chargeback in 1,000 orders, and that dispute was lost. */
const churchWithLostDispute: RiskFacts = {
  accountAgeDays: 730,
  emailVerified: true,
  payoutAccountVerified: true,
  pastEventsHeld: 3,
  grossSalesCents: 2_500_000,
  refundedCents: 25_000,
  paidOrders: 1000,
  disputedOrders: 1,
  lostDisputes: 1,
  event: {
    categorySlug: 'religious',
    currency: 'USD',
    averageTicketPriceCents: 2000,
    expectedGrossCents: 400_000,
    daysUntilStart: 14,
  },
};

/** An experienced concert promoter who refunded 15% of sales last year. */
const highRefunds: RiskFacts = {
  accountAgeDays: 800,
  emailVerified: true,
  payoutAccountVerified: true,
  pastEventsHeld: 8,
  grossSalesCents: 10_000_000,
  refundedCents: 1_500_000,
  paidOrders: 2000,
  disputedOrders: 4,
  lostDisputes: 0,
  event: {
    categorySlug: 'concert',
    currency: 'USD',
    averageTicketPriceCents: 4000,
    expectedGrossCents: 800_000,
    daysUntilStart: 45,
  },
};

describe('assessPayoutRisk: seeded organizers', () => {
  it('gives a brand-new nightlife promoter no early payout, and says why', () => {
    const assessment = assessPayoutRisk(newPromoter);
    // 40 + 0 + 0 + 5 + 0 + 0 + 0 − 5 − 6 − 6 = 28.
    expect(assessment).toMatchObject({ score: 28, rawScore: 28, tier: 'none', earlyShareBp: 0, reserveBp: 0 });
    expect(assessment.reasons).toEqual([
      { factor: 'account_age', points: 0, message: 'Your account is 3 days old (+0). At 30 days it earns +3.' },
      {
        factor: 'verification',
        points: 0,
        message: "Your email address isn't verified yet (+0). Verify it with the link we emailed you to earn +5.",
      },
      { factor: 'payout_account', points: 5, message: 'Your Stripe payout account is verified (+5).' },
      {
        factor: 'history',
        points: 0,
        message: "You haven't held an event with paid tickets yet (+0). Each event you hold adds +3, up to +20.",
      },
      {
        factor: 'refund_rate',
        points: 0,
        message:
          'You have 0 paid orders in the past year, too few to judge your refund rate yet (+0). It counts from 20 orders.',
      },
      {
        factor: 'chargeback_rate',
        points: 0,
        message:
          'You have 0 paid orders in the past year, too few to judge your chargeback rate yet (+0). It counts from 20 orders.',
      },
      {
        factor: 'event_type',
        points: -5,
        message: 'Nightlife events see more cancellations and chargebacks than most events (−5).',
      },
      {
        factor: 'ticket_price',
        points: -6,
        message:
          'Tickets for this event average $120.00 (−6). Pricier tickets mean larger refunds if the event is cancelled; up to $50.00 costs nothing.',
      },
      {
        factor: 'event_size',
        points: -6,
        message:
          'This event could sell up to $60,000.00 in tickets (−6). The more an event can sell, the more is paid out before it happens; up to $10,000.00 costs nothing.',
      },
    ]);
  });

  it('pays a three-year-old mosque with 12 events the full early tier, less the reserve', () => {
    const assessment = assessPayoutRisk(mosque);
    // 40 + 15 + 5 + 5 + 20 + 0 + 0 + 5 + 0 − 3 = 87.
    expect(assessment).toMatchObject({
      score: 87,
      tier: 'early_100',
      earlyShareBp: 10_000,
      reserveBp: 1500,
      payableEarlyBp: 8500,
    });
    expect(pointsOf(assessment)).toEqual([
      ['account_age', 15],
      ['verification', 5],
      ['payout_account', 5],
      ['history', 20],
      ['refund_rate', 0],
      ['chargeback_rate', 0],
      ['event_type', 5],
      ['ticket_price', 0],
      ['event_size', -3],
    ]);
    expect(assessment.reasons.map((reason) => reason.message)).toEqual(
      expect.arrayContaining([
        'You have held 12 events with paid tickets (+20).',
        'Refunds were 0.7% of your sales in the past year (+0).',
        '1 of your 1600 paid orders in the past year (0.06%) had a chargeback (+0).',
        'Religious celebrations like this one rarely end in refunds or chargebacks (+5).',
      ]),
    );
  });

  it('caps a church with a lost dispute at early_25 although its score reaches early_50', () => {
    const assessment = assessPayoutRisk(churchWithLostDispute);
    // 40 + 15 + 5 + 5 + 9 + 0 (1%) + 0 (0.1%) + 5 + 0 + 0 = 79.
    expect(assessment.score).toBe(79);
    expect(tierForScore(assessment.score)).toBe('early_50');
    expect(assessment).toMatchObject({ tier: 'early_25', earlyShareBp: 2500, reserveBp: 500, payableEarlyBp: 2500 });
    expect(assessment.reasons).toContainEqual({
      factor: 'chargeback_rate',
      points: 0,
      message:
        'You lost 1 chargeback dispute in the past year (+0). Early payouts are capped at 25% of sales while a lost dispute is less than a year old.',
    });
  });

  it('leaves a low score under the lost-dispute cap alone', () => {
    const assessment = assessPayoutRisk({ ...churchWithLostDispute, accountAgeDays: 10, pastEventsHeld: 0 });
    // 79 − 15 − 9 = 55: early_25 by score already.
    expect(assessment).toMatchObject({ score: 55, tier: 'early_25' });
    const weaker = assessPayoutRisk({
      ...churchWithLostDispute,
      accountAgeDays: 10,
      pastEventsHeld: 0,
      emailVerified: false,
    });
    expect(weaker).toMatchObject({ score: 50, tier: 'early_25' });
  });

  it('gives a good organizer no early payout while the Stripe account is not verified', () => {
    const assessment = assessPayoutRisk({ ...mosque, payoutAccountVerified: false });
    expect(assessment.score).toBe(82);
    expect(tierForScore(assessment.score)).toBe('early_100');
    expect(assessment).toMatchObject({ tier: 'none', earlyShareBp: 0, reserveBp: 0, payableEarlyBp: 0 });
    expect(assessment.reasons).toContainEqual({
      factor: 'payout_account',
      points: 0,
      message:
        "Your Stripe payout account isn't ready to receive payouts (+0). Early payouts stay off until it is, whatever your score: finish your account details in Stripe.",
    });
  });

  it('pulls a high-refund organizer down a tier, and to none when refunds pass 20%', () => {
    const assessment = assessPayoutRisk(highRefunds);
    // 40 + 15 + 5 + 5 + 20 − 25 + 0 (0.2%) + 0 (experienced concert promoter) + 0 + 0 = 60.
    expect(assessment).toMatchObject({ score: 60, tier: 'early_25' });
    expect(assessment.reasons).toContainEqual({
      factor: 'refund_rate',
      points: -25,
      message: 'Refunds were 15% of your sales in the past year (−25). Under 2% costs nothing.',
    });
    expect(assessPayoutRisk({ ...highRefunds, refundedCents: 2_000_000 })).toMatchObject({ score: 45, tier: 'none' });
    expect(assessPayoutRisk({ ...highRefunds, refundedCents: 100_000 })).toMatchObject({
      score: 85,
      tier: 'early_100',
    });
  });

  it('marks concerts down only for promoters with fewer than 3 past events', () => {
    const concert = (pastEventsHeld: number) =>
      assessPayoutRisk({ ...highRefunds, pastEventsHeld }).reasons.find((reason) => reason.factor === 'event_type');
    expect(concert(2)).toEqual({
      factor: 'event_type',
      points: -5,
      message:
        'Concerts by promoters with fewer than 3 past events see more cancellations and chargebacks (−5). This lifts once you have held 3 events.',
    });
    expect(concert(3)?.points).toBe(0);
  });

  it('treats unknown and missing categories as neutral', () => {
    for (const categorySlug of ['sports', 'business', 'other', 'underwater-basket-weaving', null]) {
      const reason = assessPayoutRisk({ ...mosque, event: { ...mosque.event, categorySlug } }).reasons.find(
        (r) => r.factor === 'event_type',
      );
      expect(reason).toEqual({
        factor: 'event_type',
        points: 0,
        message: "This event's category neither raises nor lowers the score (+0).",
      });
    }
  });

  it('ignores rates below 20 paid orders, whatever they are', () => {
    const facts = { ...mosque, paidOrders: MIN_ORDERS_FOR_RATES - 1, disputedOrders: 10, refundedCents: 4_000_000 };
    expect(pointsOf(assessPayoutRisk(facts)).filter(([factor]) => factor.endsWith('_rate'))).toEqual([
      ['refund_rate', 0],
      ['chargeback_rate', 0],
    ]);
    const counted = assessPayoutRisk({ ...facts, paidOrders: MIN_ORDERS_FOR_RATES });
    expect(pointsOf(counted).filter(([factor]) => factor.endsWith('_rate'))).toEqual([
      ['refund_rate', -40],
      ['chargeback_rate', -60],
    ]);
  });

  it('reports the clamp through rawScore while the reasons still sum to rawScore − base', () => {
    const worst: RiskFacts = {
      ...newPromoter,
      payoutAccountVerified: false,
      grossSalesCents: 100_000,
      refundedCents: 50_000,
      paidOrders: 40,
      disputedOrders: 10,
      lostDisputes: 3,
      event: { ...newPromoter.event, averageTicketPriceCents: 30_000, expectedGrossCents: 30_000_000 },
    };
    const assessment = assessPayoutRisk(worst);
    // 40 + 0 + 0 + 0 + 0 − 40 − 60 + 0 − 5 − 10 − 10 = −85.
    expect(assessment).toMatchObject({ score: 0, rawScore: -85, tier: 'none' });
    expect(assessment.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(-85 - RISK_SCORE_BASE);
  });
});

describe("assessPayoutRisk: amounts in the event's currency", () => {
  const messages = (currency: string, averageTicketPriceCents: number, expectedGrossCents: number) =>
    assessPayoutRisk({
      ...newPromoter,
      event: { ...newPromoter.event, currency, averageTicketPriceCents, expectedGrossCents },
    })
      .reasons.filter((reason) => reason.factor === 'ticket_price' || reason.factor === 'event_size')
      .map((reason) => reason.message.replace(/ \(.*$/, ''));

  it('writes each amount with its currency, as the admin shows money', () => {
    expect(messages('USD', 7738, 3_250_000)).toEqual([
      'Tickets for this event average $77.38',
      'This event could sell up to $32,500.00 in tickets',
    ]);
    expect(messages('CAD', 4000, 800_000)[0]).toBe('Tickets for this event average CA$40.00');
    expect(messages('EUR', 4000, 800_000)[0]).toBe('Tickets for this event average €40.00');
  });

  it("uses each currency's own minor unit, and no float on the way", () => {
    expect(messages('JPY', 1500, 800_000)).toEqual([
      'Tickets for this event average ¥1,500',
      'This event could sell up to ¥800,000 in tickets',
    ]);
    expect(messages('KWD', 12_345, 0)[0]).toMatch(/^Tickets for this event average KWD\s12\.345$/u);
    expect(messages('USD', 0, Number.MAX_SAFE_INTEGER)[1]).toBe(
      'This event could sell up to $90,071,992,547,409.91 in tickets',
    );
  });

  it('refuses a currency that is not an ISO code', () => {
    expect(() => assessPayoutRisk({ ...mosque, event: { ...mosque.event, currency: 'usd' } })).toThrow(RangeError);
  });
});

describe('assessPayoutRisk: thresholds in integer arithmetic', () => {
  const rateOf = (facts: RiskFacts, factor: 'refund_rate' | 'chargeback_rate') =>
    assessPayoutRisk(facts).reasons.find((reason) => reason.factor === factor)?.points;

  it('puts a refund rate of exactly 5% in the 5% band and one cent less below it', () => {
    expect(rateOf({ ...mosque, grossSalesCents: 1_000_000, refundedCents: 50_000 }, 'refund_rate')).toBe(-15);
    expect(rateOf({ ...mosque, grossSalesCents: 1_000_000, refundedCents: 49_999 }, 'refund_rate')).toBe(-5);
    // 0.1 + 0.2 ≠ 0.3 in floats; 3 of 30 cents is still exactly 10%.
    expect(rateOf({ ...mosque, grossSalesCents: 30, refundedCents: 3 }, 'refund_rate')).toBe(-25);
  });

  it('puts a chargeback rate of exactly 0.5% in the 0.5% band and just under it below', () => {
    expect(rateOf({ ...mosque, paidOrders: 200, disputedOrders: 1 }, 'chargeback_rate')).toBe(-25);
    expect(rateOf({ ...mosque, paidOrders: 201, disputedOrders: 1 }, 'chargeback_rate')).toBe(-10);
  });

  it('decides rates exactly past 2^53', () => {
    const gross = Number.MAX_SAFE_INTEGER; // × 10,000 is far past 2^53
    const atTwoPercent = Math.ceil(gross / 50); // the smallest amount whose rate is at least 2%
    expect(rateOf({ ...mosque, grossSalesCents: gross, refundedCents: atTwoPercent }, 'refund_rate')).toBe(-5);
    expect(rateOf({ ...mosque, grossSalesCents: gross, refundedCents: atTwoPercent - 1 }, 'refund_rate')).toBe(0);
  });

  it('counts the ticket price and event size bands from just past each threshold', () => {
    const price = (averageTicketPriceCents: number) =>
      assessPayoutRisk({ ...mosque, event: { ...mosque.event, averageTicketPriceCents } }).reasons.find(
        (reason) => reason.factor === 'ticket_price',
      )?.points;
    expect([5000, 5001, 10_000, 10_001, 25_000, 25_001].map(price)).toEqual([0, -3, -3, -6, -6, -10]);
    const size = (expectedGrossCents: number) =>
      assessPayoutRisk({ ...mosque, event: { ...mosque.event, expectedGrossCents } }).reasons.find(
        (reason) => reason.factor === 'event_size',
      )?.points;
    expect([1_000_000, 1_000_001, 5_000_001, 20_000_000, 20_000_001].map(size)).toEqual([0, -3, -6, -6, -10]);
  });

  it('rejects facts that are not whole numbers in range', () => {
    expect(() => assessPayoutRisk({ ...mosque, accountAgeDays: -1 })).toThrow(RangeError);
    expect(() => assessPayoutRisk({ ...mosque, refundedCents: 10.5 })).toThrow(RangeError);
    expect(() => assessPayoutRisk({ ...mosque, paidOrders: Number.NaN })).toThrow(RangeError);
    expect(() =>
      assessPayoutRisk({ ...mosque, event: { ...mosque.event, expectedGrossCents: Number.POSITIVE_INFINITY } }),
    ).toThrow(RangeError);
    expect(assessPayoutRisk({ ...mosque, event: { ...mosque.event, daysUntilStart: -2 } }).tier).toBe('early_100');
  });
});

const categories = [
  'religious',
  'religious-celebration',
  'community',
  'community-meeting',
  'cultural',
  'national-day',
  'education',
  'class-workshop',
  'concert',
  'afrobeat-concert',
  'nightlife',
  'festival',
  'sports',
  'business',
  'other',
  'comedy',
  'no-such-category',
];

const facts: fc.Arbitrary<RiskFacts> = fc
  .record({
    accountAgeDays: fc.integer({ min: 0, max: 4000 }),
    emailVerified: fc.boolean(),
    payoutAccountVerified: fc.boolean(),
    pastEventsHeld: fc.integer({ min: 0, max: 40 }),
    grossSalesCents: fc.integer({ min: 0, max: 1_000_000_000 }),
    refundShare: fc.integer({ min: 0, max: 10_000 }),
    paidOrders: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 20_000 })),
    disputeShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 10_000 })),
    lostShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
    categorySlug: fc.option(fc.constantFrom(...categories), { nil: null }),
    currency: fc.constantFrom('USD', 'CAD', 'EUR', 'JPY', 'KWD'),
    averageTicketPriceCents: fc.integer({ min: 0, max: 100_000 }),
    expectedGrossCents: fc.integer({ min: 0, max: 100_000_000 }),
    daysUntilStart: fc.integer({ min: -3, max: 400 }),
  })
  .map((r) => {
    const disputedOrders = Math.floor((r.paidOrders * r.disputeShare) / 10_000);
    return {
      accountAgeDays: r.accountAgeDays,
      emailVerified: r.emailVerified,
      payoutAccountVerified: r.payoutAccountVerified,
      pastEventsHeld: r.pastEventsHeld,
      grossSalesCents: r.grossSalesCents,
      refundedCents: Math.floor((r.grossSalesCents * r.refundShare) / 10_000),
      paidOrders: r.paidOrders,
      disputedOrders,
      lostDisputes: Math.floor((disputedOrders * r.lostShare) / 10_000),
      event: {
        categorySlug: r.categorySlug,
        currency: r.currency,
        averageTicketPriceCents: r.averageTicketPriceCents,
        expectedGrossCents: r.expectedGrossCents,
        daysUntilStart: r.daysUntilStart,
      },
    };
  });

const runs = { numRuns: 1000 };

describe('assessPayoutRisk: properties', () => {
  it('scores an integer from 0 to 100, the clamp of rawScore', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const { score, rawScore } = assessPayoutRisk(f);
        expect(Number.isInteger(score)).toBe(true);
        expect(Number.isInteger(rawScore)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(score).toBe(Math.min(100, Math.max(0, rawScore)));
      }),
      runs,
    );
  });

  it('explains every point: reasons sum to rawScore − base, one per factor, each stating its points', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const assessment = assessPayoutRisk(f);
        const sum = assessment.reasons.reduce((total, reason) => total + reason.points, 0);
        expect(sum).toBe(assessment.rawScore - RISK_SCORE_BASE);
        const factors = assessment.reasons.map((reason) => reason.factor);
        expect(new Set(factors).size).toBe(9);
        expect(factors.length).toBe(f.lostDisputes > 0 ? 10 : 9);
        for (const reason of assessment.reasons) {
          expect(Number.isInteger(reason.points)).toBe(true);
          const points = reason.points < 0 ? `(−${-reason.points})` : `(+${reason.points})`;
          expect(reason.message).toContain(points);
          expect(reason.message).toMatch(/^[A-Z0-9].*\.$/);
        }
      }),
      runs,
    );
  });

  it('gives the score tier, then applies the hard rules, and pays at most 100% − reserve early', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const assessment = assessPayoutRisk(f);
        const byScore = TIER_ORDER.filter((tier) => assessment.score >= EARLY_PAYOUT_TIERS[tier].minScore).at(-1);
        let expected = byScore ?? 'none';
        if (!f.payoutAccountVerified) expected = 'none';
        else if (f.lostDisputes > 0 && rank(expected) > rank('early_25')) expected = 'early_25';
        expect(assessment.tier).toBe(expected);
        const { earlyShareBp, reserveBp } = EARLY_PAYOUT_TIERS[assessment.tier];
        expect(assessment).toMatchObject({ earlyShareBp, reserveBp });
        expect(assessment.payableEarlyBp).toBe(Math.min(earlyShareBp, 10_000 - reserveBp));
        expect(assessment.payableEarlyBp + assessment.reserveBp).toBeLessThanOrEqual(10_000);
      }),
      runs,
    );
  });

  it('never lowers the score or tier for an older account or more past events', () => {
    fc.assert(
      fc.property(
        facts,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 20 }),
        (f, moreDays, moreEvents) => {
          const before = assessPayoutRisk(f);
          for (const after of [
            assessPayoutRisk({ ...f, accountAgeDays: f.accountAgeDays + moreDays }),
            assessPayoutRisk({ ...f, pastEventsHeld: f.pastEventsHeld + moreEvents }),
          ]) {
            expect(after.rawScore).toBeGreaterThanOrEqual(before.rawScore);
            expect(rank(after.tier)).toBeGreaterThanOrEqual(rank(before.tier));
          }
        },
      ),
      runs,
    );
  });

  it('never raises the score or tier for more chargebacks, lost disputes or refunds', () => {
    fc.assert(
      fc.property(
        facts,
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (f, more, cents) => {
          const before = assessPayoutRisk(f);
          for (const after of [
            assessPayoutRisk({ ...f, disputedOrders: f.disputedOrders + more }),
            assessPayoutRisk({ ...f, disputedOrders: f.disputedOrders + more, lostDisputes: f.lostDisputes + more }),
            assessPayoutRisk({ ...f, refundedCents: f.refundedCents + cents }),
          ]) {
            expect(after.rawScore).toBeLessThanOrEqual(before.rawScore);
            expect(rank(after.tier)).toBeLessThanOrEqual(rank(before.tier));
          }
        },
      ),
      runs,
    );
  });

  it('gives neutral rate reasons below the order minimum', () => {
    fc.assert(
      fc.property(facts, (f) => {
        fc.pre(f.paidOrders < MIN_ORDERS_FOR_RATES);
        for (const reason of assessPayoutRisk(f).reasons) {
          if (reason.factor === 'refund_rate' || (reason.factor === 'chargeback_rate' && f.lostDisputes === 0)) {
            expect(reason.points).toBe(0);
            expect(reason.message).toContain('too few to judge');
          }
        }
      }),
      runs,
    );
  });

  it('is pure: same facts, same assessment, facts untouched', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const frozen = Object.freeze({ ...f, event: Object.freeze({ ...f.event }) });
        expect(assessPayoutRisk(frozen)).toEqual(assessPayoutRisk(structuredClone(f)));
        expect(frozen).toEqual(f);
      }),
      runs,
    );
  });
});
