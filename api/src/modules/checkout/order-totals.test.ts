import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, publishedEvent, signUpOrganizer, startTestApp, type TestApp } from '../../test/app.ts';
import { type CartLine, type FeePolicy, type PricedOrder, type PromoRule, priceOrder } from './pricing.ts';

/**
 * The pricing engine and the `orders` and `order_lines` tables each state how an order's figures
 * add up. Here the engine's figures for arbitrary carts are written to the real tables, whose
 * checks must take every one of them.
 */

let t: TestApp;
let refs: { tenantId: string; eventId: string; tierIds: string[]; productId: string };

beforeAll(async () => {
  t = await startTestApp();
  const organizer = await signUpOrganizer(t.app);
  const eventId = await publishedEvent(t.app, organizer.token, {
    donations_enabled: true,
    tiers: [
      { name: { en: 'General' }, price_cents: 2500, quantity: 100 },
      { name: { en: 'Student' }, price_cents: 1000, quantity: 100 },
    ],
  });
  const client = as(t.app, organizer.token);
  const tiers = (await client.get(`/v1/events/${eventId}`)).json().tiers as { id: string }[];
  const product = (
    await client.post('/v1/products', { event_id: eventId, name: { en: 'Tote' }, price_cents: 1800, quantity: 10 })
  ).json();
  refs = { tenantId: organizer.organizerId, eventId, tierIds: tiers.map((tier) => tier.id), productId: product.id };
});
afterAll(() => t.stop());

// Carts within what checkout accepts (an order of at most $10,000,000, amounts in 32-bit columns).
const line: fc.Arbitrary<CartLine> = fc.oneof(
  fc.record({
    kind: fc.constant('ticket' as const),
    refId: fc.constantFrom('tier:0', 'tier:1'),
    quantity: fc.integer({ min: 1, max: 50 }),
    unitPriceCents: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
    taxRatePpm: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300_000 })),
  }),
  fc.record({
    kind: fc.constant('product' as const),
    refId: fc.constant('product'),
    quantity: fc.integer({ min: 1, max: 50 }),
    unitPriceCents: fc.integer({ min: 0, max: 1_000_000 }),
    taxRatePpm: fc.integer({ min: 0, max: 300_000 }),
  }),
  fc.record({
    kind: fc.constant('donation' as const),
    refId: fc.constant('event'),
    quantity: fc.constant(1),
    unitPriceCents: fc.integer({ min: 100, max: 10_000_000 }),
    taxRatePpm: fc.integer({ min: 0, max: 300_000 }),
  }),
);
const fees: fc.Arbitrary<FeePolicy> = fc.record({
  percentBp: fc.integer({ min: 0, max: 5000 }),
  flatCents: fc.integer({ min: 0, max: 10_000 }),
  paidBy: fc.constantFrom('buyer' as const, 'organizer' as const),
  impactShareBp: fc.integer({ min: 0, max: 10_000 }),
  feesTaxable: fc.boolean(),
});
const promo: fc.Arbitrary<PromoRule | null> = fc.oneof(
  fc.constant(null),
  fc.record({
    kind: fc.constant('percent' as const),
    percentOffBp: fc.integer({ min: 1, max: 10_000 }),
    tierIds: fc.subarray(['tier:0', 'tier:1']),
  }),
  fc.record({
    kind: fc.constant('amount' as const),
    amountOffCents: fc.integer({ min: 0, max: 5_000_000 }),
    tierIds: fc.subarray(['tier:0', 'tier:1']),
  }),
);

/** Writes a priced cart as a pending order with its lines, as checkout does, inside a savepoint it then undoes. */
async function write(client: pg.PoolClient, lines: readonly CartLine[], priced: PricedOrder): Promise<void> {
  await client.query('savepoint priced_cart');
  try {
    const order = await client.query<{ id: string }>(
      `insert into orders (tenant_id, number, buyer_name, buyer_email, currency, subtotal_cents, discount_cents,
         fee_cents, impact_fee_cents, organizer_fee_cents, tax_cents, donation_cents, total_cents, expires_at)
       values ($1, 'TOTALS22', 'Hana Tesfaye', 'hana@example.org', 'USD', $2, $3, $4, $5, $6, $7, $8, $9,
         now() + interval '10 minutes')
       returning id`,
      [
        refs.tenantId,
        priced.subtotalCents,
        priced.discountCents,
        priced.feeCents,
        priced.impactFeeCents,
        priced.organizerFeeCents,
        priced.taxCents,
        priced.donationCents,
        priced.totalCents,
      ],
    );
    for (const [i, priced_line] of priced.lines.entries()) {
      const kind = lines[i]?.kind;
      const ref = lines[i]?.refId ?? '';
      await client.query(
        `insert into order_lines (tenant_id, order_id, kind, event_id, tier_id, product_id, quantity, unit_price_cents,
           subtotal_cents, discount_cents, fee_cents, impact_fee_cents, organizer_fee_cents, tax_cents, total_cents,
           position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          refs.tenantId,
          order.rows[0]?.id,
          kind,
          kind === 'product' ? null : refs.eventId,
          kind === 'ticket' ? refs.tierIds[Number(ref.split(':')[1])] : null,
          kind === 'product' ? refs.productId : null,
          priced_line.quantity,
          priced_line.unitPriceCents,
          priced_line.subtotalCents,
          priced_line.discountCents,
          priced_line.feeCents,
          priced_line.impactFeeCents,
          priced_line.organizerFeeCents,
          priced_line.taxCents,
          priced_line.totalCents,
          i,
        ],
      );
    }
  } finally {
    await client.query('rollback to savepoint priced_cart');
  }
}

describe("the engine's totals and the tables' checks", () => {
  it('every priced cart (tickets, add-ons, donations, promos, fees, tax) is an order the database accepts', async () => {
    const client = await t.admin.connect();
    try {
      await client.query('begin');
      await fc.assert(
        fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 5 }), fees, promo, async (lines, policy, rule) => {
          const priced = priceOrder(lines, policy, rule);
          fc.pre(priced.totalCents <= 1_000_000_000);
          await write(client, lines, priced);
        }),
        { numRuns: 300 },
      );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('the check refuses an order whose donation is counted twice', async () => {
    const client = await t.admin.connect();
    try {
      await client.query('begin');
      const lines: CartLine[] = [
        { kind: 'ticket', refId: 'tier:0', quantity: 2, unitPriceCents: 2500, taxRatePpm: 0 },
        { kind: 'donation', refId: 'event', quantity: 1, unitPriceCents: 1500, taxRatePpm: 0 },
      ];
      const priced = priceOrder(
        lines,
        { percentBp: 0, flatCents: 0, paidBy: 'buyer', impactShareBp: 0, feesTaxable: false },
        null,
      );
      await write(client, lines, priced);
      await expect(write(client, lines, { ...priced, subtotalCents: 6500 })).rejects.toMatchObject({ code: '23514' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
