import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CartLine, type FeePolicy, orderTotal, type PricedLine, type PromoRule, priceOrder } from './pricing.ts';

const NYC_TAX_PPM = 88_750; // 8.875%

const ticket = (refId: string, unitPriceCents: number, quantity = 1, taxRatePpm = 0): CartLine => ({
  kind: 'ticket',
  refId,
  quantity,
  unitPriceCents,
  taxRatePpm,
});
const product = (refId: string, unitPriceCents: number, quantity = 1, taxRatePpm = 0): CartLine => ({
  kind: 'product',
  refId,
  quantity,
  unitPriceCents,
  taxRatePpm,
});
const donation = (refId: string, amountCents: number, taxRatePpm = 0): CartLine => ({
  kind: 'donation',
  refId,
  quantity: 1,
  unitPriceCents: amountCents,
  taxRatePpm,
});

const noFees: FeePolicy = { percentBp: 0, flatCents: 0, paidBy: 'buyer', impactShareBp: 0, feesTaxable: false };
/** 3% + 99¢ per ticket, paid by the buyer. */
const standardFees: FeePolicy = {
  percentBp: 300,
  flatCents: 99,
  paidBy: 'buyer',
  impactShareBp: 0,
  feesTaxable: false,
};

const amountOff = (amountOffCents: number, tierIds: string[] = []): PromoRule => ({
  kind: 'amount',
  amountOffCents,
  tierIds,
});
const percentOff = (percentOffBp: number, tierIds: string[] = []): PromoRule => ({
  kind: 'percent',
  percentOffBp,
  tierIds,
});

const figures = (line: PricedLine) => ({
  subtotal: line.subtotalCents,
  discount: line.discountCents,
  fee: line.feeCents,
  organizerFee: line.organizerFeeCents,
  impact: line.impactFeeCents,
  tax: line.taxCents,
  total: line.totalCents,
});

describe('priceOrder: worked examples', () => {
  it('two $25 tickets, 3% + 99¢ fee paid by the buyer, NYC tax on tickets and fee', () => {
    const order = priceOrder([ticket('general', 2500, 2, NYC_TAX_PPM)], { ...standardFees, feesTaxable: true }, null);
    // fee: 3% of 5000 = 150, plus 2 × 99 = 348. tax: 8.875% of (5000 + 348) = 474.635 → 475.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 5000, discount: 0, fee: 348, organizerFee: 0, impact: 0, tax: 475, total: 5823 },
    ]);
    expect(order).toMatchObject({ subtotalCents: 5000, feeCents: 348, taxCents: 475, totalCents: 5823 });
  });

  it('taxes only the tickets when fees are not taxable', () => {
    const order = priceOrder([ticket('general', 2500, 2, NYC_TAX_PPM)], standardFees, null);
    // tax: 8.875% of 5000 = 443.75 → 444.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 5000, discount: 0, fee: 348, organizerFee: 0, impact: 0, tax: 444, total: 5792 },
    ]);
  });

  it('keeps an organizer-absorbed fee out of what the buyer pays and out of the tax base', () => {
    const fees: FeePolicy = { ...standardFees, paidBy: 'organizer', feesTaxable: true };
    const order = priceOrder([ticket('general', 2500, 2, NYC_TAX_PPM)], fees, null);
    // Same 348 fee, absorbed; tax on 5000 alone = 443.75 → 444.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 5000, discount: 0, fee: 0, organizerFee: 348, impact: 0, tax: 444, total: 5444 },
    ]);
    expect(order).toMatchObject({ feeCents: 0, organizerFeeCents: 348, totalCents: 5444 });
  });

  it('gives the impact fund its share of the fee whoever pays it', () => {
    const lines = [ticket('general', 2500, 2)];
    // 10% of the 348 fee = 34.8 → 35.
    for (const paidBy of ['buyer', 'organizer'] as const) {
      const order = priceOrder(lines, { ...standardFees, paidBy, impactShareBp: 1000 }, null);
      expect(order.impactFeeCents).toBe(35);
      expect(order.feeCents + order.organizerFeeCents).toBe(348);
    }
  });

  it('spreads a $10-off code over lines of $10, $20 and $30 by largest remainder', () => {
    const lines = [ticket('a', 1000), ticket('b', 2000), ticket('c', 3000), product('tote', 1500)];
    const order = priceOrder(lines, noFees, amountOff(1000));
    // Exact shares 166.67 + 333.33 + 500 → whole cents 166 + 333 + 500 = 999; the cent left goes to the
    // largest fraction (.67). The add-on is never discounted.
    expect(order.lines.map((line) => line.discountCents)).toEqual([167, 333, 500, 0]);
    expect(order).toMatchObject({ subtotalCents: 7500, discountCents: 1000, totalCents: 6500 });
  });

  it('breaks ties in the split by line order', () => {
    const order = priceOrder([ticket('a', 1000), ticket('a', 1000), ticket('a', 1000)], noFees, amountOff(1000));
    // 333.33 each: the one cent left goes to the first line.
    expect(order.lines.map((line) => line.discountCents)).toEqual([334, 333, 333]);
  });

  it('caps an amount code at the covered tickets, and a fully discounted ticket carries no fee', () => {
    const lines = [ticket('general', 1200), ticket('vip', 3000)];
    const order = priceOrder(lines, standardFees, amountOff(5000, ['general']));
    // general: 1200 off, nothing left to charge a fee on. vip: not covered; fee 3% of 3000 = 90, plus 99.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 1200, discount: 1200, fee: 0, organizerFee: 0, impact: 0, tax: 0, total: 0 },
      { subtotal: 3000, discount: 0, fee: 189, organizerFee: 0, impact: 0, tax: 0, total: 3189 },
    ]);
  });

  it('applies a percent code to its tier only, and charges the fee on the price after discount', () => {
    const lines = [ticket('general', 2500, 2), ticket('vip', 10_000), product('parking', 1500)];
    const fees: FeePolicy = { ...noFees, percentBp: 500 };
    const order = priceOrder(lines, fees, percentOff(2000, ['vip']));
    // general: fee 5% of 5000 = 250. vip: 20% of 10000 = 2000 off, fee 5% of 8000 = 400. parking: untouched.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 5000, discount: 0, fee: 250, organizerFee: 0, impact: 0, tax: 0, total: 5250 },
      { subtotal: 10_000, discount: 2000, fee: 400, organizerFee: 0, impact: 0, tax: 0, total: 8400 },
      { subtotal: 1500, discount: 0, fee: 0, organizerFee: 0, impact: 0, tax: 0, total: 1500 },
    ]);
    expect(order).toMatchObject({ subtotalCents: 16_500, discountCents: 2000, feeCents: 650, totalCents: 15_150 });
  });

  it('rounds half a cent up and less than half down', () => {
    // 50% of 99¢ = 49.5 → 50.
    expect(priceOrder([ticket('a', 99)], noFees, percentOff(5000)).lines[0]?.discountCents).toBe(50);
    // 5% tax on 10¢ = 0.5 → 1; on 9¢ = 0.45 → 0.
    const taxed = priceOrder([product('mint', 10, 1, 50_000), product('gum', 9, 1, 50_000)], noFees, null);
    expect(taxed.lines.map((line) => line.taxCents)).toEqual([1, 0]);
  });

  it('charges no fee on free tickets', () => {
    const order = priceOrder([ticket('volunteer', 0, 4, NYC_TAX_PPM)], { ...standardFees, feesTaxable: true }, null);
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 0, discount: 0, fee: 0, organizerFee: 0, impact: 0, tax: 0, total: 0 },
    ]);
  });

  it('prices a full order: tickets with a code, a taxed add-on, and a donation that nothing applies to', () => {
    const lines = [
      ticket('general', 2500, 2, NYC_TAX_PPM),
      product('tote', 1800, 1, NYC_TAX_PPM),
      donation('e1', 1000),
    ];
    const order = priceOrder(lines, { ...standardFees, feesTaxable: true }, percentOff(1000));
    // general: 10% of 5000 = 500 off; fee 3% of 4500 = 135, plus 198 = 333; tax 8.875% of 4833 = 428.93 → 429.
    // tote: tax 8.875% of 1800 = 159.75 → 160.
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 5000, discount: 500, fee: 333, organizerFee: 0, impact: 0, tax: 429, total: 5262 },
      { subtotal: 1800, discount: 0, fee: 0, organizerFee: 0, impact: 0, tax: 160, total: 1960 },
      { subtotal: 1000, discount: 0, fee: 0, organizerFee: 0, impact: 0, tax: 0, total: 1000 },
    ]);
    // The donation is counted once, apart from the goods' subtotal: 6800 − 500 + 333 + 589 + 1000.
    expect(order).toMatchObject({
      subtotalCents: 6800,
      discountCents: 500,
      feeCents: 333,
      taxCents: 589,
      donationCents: 1000,
      totalCents: 8222,
    });
  });

  it('never discounts, charges a fee on or taxes a donation', () => {
    const fees: FeePolicy = { ...standardFees, feesTaxable: true };
    const order = priceOrder([donation('e1', 2000, NYC_TAX_PPM)], fees, amountOff(2000));
    expect(order.lines.map(figures)).toEqual([
      { subtotal: 2000, discount: 0, fee: 0, organizerFee: 0, impact: 0, tax: 0, total: 2000 },
    ]);
    expect(order).toMatchObject({ subtotalCents: 0, donationCents: 2000, totalCents: 2000 });
  });

  it('stays exact at the largest supported amounts', () => {
    const fees: FeePolicy = {
      percentBp: 10_000,
      flatCents: 100_000,
      paidBy: 'buyer',
      impactShareBp: 10_000,
      feesTaxable: true,
    };
    const order = priceOrder([ticket('a', 10_000_000, 1000, 300_000)], fees, null);
    // fee 100% of 10^10 + 1000 × 100,000 = 1.01·10^10; tax 30% of 2.01·10^10 = 6.03·10^9.
    expect(order.lines.map(figures)).toEqual([
      {
        subtotal: 10_000_000_000,
        discount: 0,
        fee: 10_100_000_000,
        organizerFee: 0,
        impact: 10_100_000_000,
        tax: 6_030_000_000,
        total: 26_130_000_000,
      },
    ]);
  });

  it('refuses amounts whose products would pass 2^53 rather than lose cents', () => {
    expect(() => priceOrder([product('yacht', 1e12, 1000, 300_000)], noFees, null)).toThrow(RangeError);
  });
});

describe('priceOrder: input guard', () => {
  const line = ticket('a', 1000);
  const cases: [string, CartLine[], FeePolicy, PromoRule | null, RegExp][] = [
    ['negative price', [{ ...line, unitPriceCents: -1 }], noFees, null, /lines\[0\]\.unitPriceCents/],
    ['fractional price', [{ ...line, unitPriceCents: 12.5 }], noFees, null, /lines\[0\]\.unitPriceCents/],
    ['NaN price', [{ ...line, unitPriceCents: Number.NaN }], noFees, null, /lines\[0\]\.unitPriceCents/],
    ['zero quantity', [line, { ...line, quantity: 0 }], noFees, null, /lines\[1\]\.quantity/],
    ['fractional quantity', [{ ...line, quantity: 1.5 }], noFees, null, /lines\[0\]\.quantity/],
    ['donation of two', [{ ...donation('e1', 500), quantity: 2 }], noFees, null, /lines\[0\]\.quantity/],
    ['negative tax rate', [{ ...line, taxRatePpm: -1 }], noFees, null, /lines\[0\]\.taxRatePpm/],
    ['tax rate over 30%', [{ ...line, taxRatePpm: 300_001 }], noFees, null, /lines\[0\]\.taxRatePpm/],
    ['fee over 100%', [line], { ...noFees, percentBp: 10_001 }, null, /fees\.percentBp/],
    ['negative fee', [line], { ...noFees, percentBp: -1 }, null, /fees\.percentBp/],
    ['negative flat fee', [line], { ...noFees, flatCents: -1 }, null, /fees\.flatCents/],
    ['fractional flat fee', [line], { ...noFees, flatCents: 0.5 }, null, /fees\.flatCents/],
    ['impact share over 100%', [line], { ...noFees, impactShareBp: 10_001 }, null, /fees\.impactShareBp/],
    ['0% off', [line], noFees, percentOff(0), /promo\.percentOffBp/],
    ['over 100% off', [line], noFees, percentOff(10_001), /promo\.percentOffBp/],
    ['negative amount off', [line], noFees, amountOff(-100), /promo\.amountOffCents/],
    ['infinite amount off', [line], noFees, amountOff(Number.POSITIVE_INFINITY), /promo\.amountOffCents/],
  ];

  it.each(cases)('throws a RangeError for %s', (_label, lines, fees, promo, field) => {
    expect(() => priceOrder(lines, fees, promo)).toThrow(RangeError);
    expect(() => priceOrder(lines, fees, promo)).toThrow(field);
  });

  it('prices an empty cart as zero', () => {
    expect(priceOrder([], standardFees, null)).toEqual({
      lines: [],
      subtotalCents: 0,
      discountCents: 0,
      feeCents: 0,
      organizerFeeCents: 0,
      impactFeeCents: 0,
      taxCents: 0,
      donationCents: 0,
      totalCents: 0,
    });
  });
});

// Arbitrary carts: a few tiers so promos sometimes cover lines and sometimes not, prices biased towards small and
// zero but reaching the supported maximum, and rates over their whole range.
const TIERS = ['general', 'vip', 'student'] as const;
const cents = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000_000 }));
const quantity = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 1000 }));
const taxRatePpm = fc.oneof(fc.constant(0), fc.constant(NYC_TAX_PPM), fc.integer({ min: 0, max: 300_000 }));
const basisPoints = fc.oneof(fc.constant(0), fc.constant(10_000), fc.integer({ min: 0, max: 10_000 }));

const cartLine: fc.Arbitrary<CartLine> = fc.oneof(
  fc.record({
    kind: fc.constant('ticket' as const),
    refId: fc.constantFrom(...TIERS),
    quantity,
    unitPriceCents: cents,
    taxRatePpm,
  }),
  fc.record({
    kind: fc.constant('product' as const),
    refId: fc.constant('tote'),
    quantity,
    unitPriceCents: cents,
    taxRatePpm,
  }),
  fc.record({
    kind: fc.constant('donation' as const),
    refId: fc.constant('event'),
    quantity: fc.constant(1),
    unitPriceCents: cents,
    taxRatePpm,
  }),
);
const cart = fc.array(cartLine, { minLength: 1, maxLength: 8 });

const feePolicy: fc.Arbitrary<FeePolicy> = fc.record({
  percentBp: basisPoints,
  flatCents: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100_000 })),
  paidBy: fc.constantFrom('buyer' as const, 'organizer' as const),
  impactShareBp: basisPoints,
  feesTaxable: fc.boolean(),
});

const tierIds = fc.subarray([...TIERS, 'elsewhere']);
const amountPromo: fc.Arbitrary<PromoRule> = fc.record({
  kind: fc.constant('amount' as const),
  amountOffCents: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 20_000_000_000 })),
  tierIds,
});
const percentPromo: fc.Arbitrary<PromoRule> = fc.record({
  kind: fc.constant('percent' as const),
  percentOffBp: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 10_000 })),
  tierIds,
});
const promo: fc.Arbitrary<PromoRule | null> = fc.oneof(fc.constant(null), amountPromo, percentPromo);

const runs = { numRuns: 500 };

const coveredBy = (line: CartLine, rule: PromoRule | null) =>
  rule !== null && line.kind === 'ticket' && (rule.tierIds.length === 0 || rule.tierIds.includes(line.refId));

/**
 * `rounded` must be numerator / denominator rounded half up: more than half a cent below it is too low, more than half
 * above too high, and exactly half below is a tie rounded the wrong way. Compared as 2·rounded·den − 2·num in BigInt so
 * the check itself is exact.
 */
function expectRoundedHalfUp(rounded: number, numerator: bigint, denominator: bigint) {
  const error = 2n * BigInt(rounded) * denominator - 2n * numerator;
  expect(error).toBeGreaterThan(-denominator);
  expect(error).toBeLessThanOrEqual(denominator);
}

describe('priceOrder: properties', () => {
  it('order figures are the sums of the lines, the subtotal the goods’ alone, and each total adds up', () => {
    fc.assert(
      fc.property(cart, feePolicy, promo, (lines, fees, rule) => {
        const order = priceOrder(lines, fees, rule);
        const sum = (pick: (line: PricedLine) => number) => order.lines.reduce((total, line) => total + pick(line), 0);
        for (const line of order.lines) {
          expect(line.totalCents).toBe(line.subtotalCents - line.discountCents + line.feeCents + line.taxCents);
        }
        expect(order.subtotalCents).toBe(sum((line) => (line.kind === 'donation' ? 0 : line.subtotalCents)));
        expect(order.discountCents).toBe(sum((line) => line.discountCents));
        expect(order.feeCents).toBe(sum((line) => line.feeCents));
        expect(order.organizerFeeCents).toBe(sum((line) => line.organizerFeeCents));
        expect(order.impactFeeCents).toBe(sum((line) => line.impactFeeCents));
        expect(order.taxCents).toBe(sum((line) => line.taxCents));
        expect(order.donationCents).toBe(sum((line) => (line.kind === 'donation' ? line.totalCents : 0)));
        expect(order.totalCents).toBe(sum((line) => line.totalCents));
        expect(order.totalCents).toBe(orderTotal(order));
      }),
      runs,
    );
  });

  it('has no negative or fractional amount, no discount above its subtotal and no impact above its fee', () => {
    fc.assert(
      fc.property(cart, feePolicy, promo, (lines, fees, rule) => {
        const order = priceOrder(lines, fees, rule);
        expect(order.lines).toHaveLength(lines.length);
        for (const [i, line] of order.lines.entries()) {
          for (const amount of Object.values(figures(line))) {
            expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
          }
          expect(line.subtotalCents).toBe(line.unitPriceCents * line.quantity);
          expect(line.discountCents).toBeLessThanOrEqual(line.subtotalCents);
          expect(line.impactFeeCents).toBeLessThanOrEqual(line.feeCents + line.organizerFeeCents);
          expect(fees.paidBy === 'buyer' ? line.organizerFeeCents : line.feeCents).toBe(0);
          expect(line).toMatchObject(lines[i] ?? {});
        }
      }),
      runs,
    );
  });

  it('rounds each discount, fee, impact share and tax within a cent of its exact value', () => {
    fc.assert(
      fc.property(cart, feePolicy, promo, (lines, fees, rule) => {
        const order = priceOrder(lines, fees, rule);
        const covered = lines.map((line) => coveredBy(line, rule));
        const coveredSubtotal = BigInt(
          lines.reduce((total, line, i) => total + (covered[i] ? line.unitPriceCents * line.quantity : 0), 0),
        );
        for (const [i, line] of order.lines.entries()) {
          const subtotal = BigInt(line.subtotalCents);
          if (!covered[i] || rule === null || coveredSubtotal === 0n) {
            expect(line.discountCents).toBe(0);
          } else if (rule.kind === 'percent') {
            expectRoundedHalfUp(line.discountCents, subtotal * BigInt(rule.percentOffBp), 10_000n);
          } else {
            // Exact share: min(amount, covered subtotal) × subtotal / covered subtotal; a split may round either way.
            const amount = BigInt(Math.min(rule.amountOffCents, Number(coveredSubtotal)));
            const error = BigInt(line.discountCents) * coveredSubtotal - amount * subtotal;
            expect(error < 0n ? -error : error).toBeLessThan(coveredSubtotal);
          }

          const net = subtotal - BigInt(line.discountCents);
          const fee = line.feeCents + line.organizerFeeCents;
          if (line.kind === 'ticket' && net > 0n) {
            const exactFee = net * BigInt(fees.percentBp) + BigInt(fees.flatCents * line.quantity) * 10_000n;
            expectRoundedHalfUp(fee, exactFee, 10_000n);
          } else {
            expect(fee).toBe(0);
          }
          expectRoundedHalfUp(line.impactFeeCents, BigInt(fee) * BigInt(fees.impactShareBp), 10_000n);

          if (line.kind === 'donation') {
            expect(line.taxCents).toBe(0);
          } else {
            const base = net + (fees.feesTaxable ? BigInt(line.feeCents) : 0n);
            expectRoundedHalfUp(line.taxCents, base * BigInt(line.taxRatePpm), 1_000_000n);
          }
        }
      }),
      runs,
    );
  });

  it('an amount code takes off exactly min(amount, the covered tickets’ subtotal)', () => {
    fc.assert(
      fc.property(cart, feePolicy, amountPromo, (lines, fees, rule) => {
        if (rule.kind !== 'amount') throw new Error('amountPromo yields amount codes');
        const coveredSubtotal = lines.reduce(
          (total, line) => total + (coveredBy(line, rule) ? line.unitPriceCents * line.quantity : 0),
          0,
        );
        expect(priceOrder(lines, fees, rule).discountCents).toBe(Math.min(rule.amountOffCents, coveredSubtotal));
      }),
      runs,
    );
  });

  it('a fee the organizer absorbs leaves the buyer paying what they would with no fee at all', () => {
    // Holds whether or not fees are taxable: an absorbed fee never enters the buyer's tax base.
    fc.assert(
      fc.property(cart, feePolicy, promo, (lines, fees, rule) => {
        const absorbed = priceOrder(lines, { ...fees, paidBy: 'organizer' }, rule);
        const passedOn = priceOrder(lines, { ...fees, paidBy: 'buyer' }, rule);
        const feeless = priceOrder(lines, { ...fees, percentBp: 0, flatCents: 0 }, rule);
        expect(absorbed.lines.map((line) => [line.taxCents, line.totalCents])).toEqual(
          feeless.lines.map((line) => [line.taxCents, line.totalCents]),
        );
        expect(absorbed.totalCents).toBe(feeless.totalCents);
        expect(absorbed.feeCents).toBe(0);
        expect(absorbed.organizerFeeCents).toBe(passedOn.feeCents);
        expect(absorbed.impactFeeCents).toBe(passedOn.impactFeeCents);
      }),
      runs,
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(cart, feePolicy, promo, (lines, fees, rule) => {
        const before = structuredClone({ lines, fees, rule });
        const first = priceOrder(lines, fees, rule);
        expect({ lines, fees, rule }).toEqual(before);
        expect(priceOrder(lines, fees, rule)).toEqual(first);
        // Frozen input would throw on any write, since modules run in strict mode.
        const frozenLines = Object.freeze(lines.map((line) => Object.freeze({ ...line })));
        const frozenRule = rule && Object.freeze({ ...rule, tierIds: Object.freeze([...rule.tierIds]) });
        expect(priceOrder(frozenLines, Object.freeze({ ...fees }), frozenRule)).toEqual(first);
        for (const [i, line] of first.lines.entries()) expect(line).not.toBe(lines[i]);
      }),
      runs,
    );
  });
});
