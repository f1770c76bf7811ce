import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { type StripeTestApp, startStripeTestApp } from '../../test/stripe-app.ts';
import { stripeFee } from '../../test/stripe-server.ts';

/**
 * Every shape of cart, placed, paid and refunded step by step, checked against the ledger: the
 * order adds up to its lines, every ledger transaction balances, and each account holds exactly
 * what the order says. A new shape is a new row.
 */

let card: TestApp; // cards through the test provider, and cash
let stripe: StripeTestApp; // cards through (the fake) Stripe, into the organizer's Express account

beforeAll(async () => {
  [card, stripe] = await Promise.all([startTestApp(), startStripeTestApp()]);
});
afterAll(async () => {
  await Promise.all([card?.stop(), stripe?.stop()]);
});

type Method = 'card' | 'cash' | 'partner' | 'stripe';
type Part = 'ticket' | 'add_on' | 'donation';

interface Shape {
  tickets?: { priceCents: number; quantity: number };
  addOns?: { priceCents: number; quantity: number };
  donationCents?: number;
  promo?: { kind: 'percent'; percent_off_bp: number } | { kind: 'amount'; amount_off_cents: number };
  taxPpm?: number;
  fees?: { percentBp: number; flatCents: number; impactBp: number; paidBy: 'buyer' | 'organizer'; taxable: boolean };
  /** Refunded one at a time before the rest of the order is refunded. */
  partialRefunds: Part[];
  methods: Method[];
}

const buyerFees = { percentBp: 500, flatCents: 50, impactBp: 1000, paidBy: 'buyer', taxable: false } as const;
const ALL: Method[] = ['card', 'cash', 'stripe'];

const shapes: [string, Shape][] = [
  [
    'tickets only',
    { tickets: { priceCents: 2500, quantity: 2 }, fees: buyerFees, partialRefunds: ['ticket'], methods: ALL },
  ],
  [
    'tickets and add-ons',
    {
      tickets: { priceCents: 2500, quantity: 2 },
      addOns: { priceCents: 1800, quantity: 2 },
      fees: buyerFees,
      partialRefunds: ['add_on', 'ticket'],
      methods: ['card'],
    },
  ],
  [
    'tickets and a donation',
    {
      tickets: { priceCents: 2500, quantity: 3 },
      donationCents: 1500,
      fees: buyerFees,
      partialRefunds: ['donation', 'ticket'],
      methods: [...ALL, 'partner'],
    },
  ],
  [
    'a donation alone, at an organizer with fees and sales tax',
    { donationCents: 2000, fees: buyerFees, taxPpm: 60_000, partialRefunds: [], methods: ALL },
  ],
  [
    'tickets with a percent code',
    {
      tickets: { priceCents: 3000, quantity: 3 },
      promo: { kind: 'percent', percent_off_bp: 1500 },
      fees: buyerFees,
      partialRefunds: ['ticket'],
      methods: ['card'],
    },
  ],
  [
    'tickets with an amount code',
    {
      tickets: { priceCents: 1999, quantity: 3 },
      promo: { kind: 'amount', amount_off_cents: 700 },
      fees: buyerFees,
      partialRefunds: ['ticket'],
      methods: ['card'],
    },
  ],
  [
    'tickets with sales tax on the tickets and the fee',
    {
      tickets: { priceCents: 2500, quantity: 2 },
      taxPpm: 88_750,
      fees: { ...buyerFees, taxable: true },
      partialRefunds: ['ticket'],
      methods: ['card'],
    },
  ],
  [
    'tickets, add-ons and a donation with a code and sales tax',
    {
      tickets: { priceCents: 2500, quantity: 3 },
      addOns: { priceCents: 1250, quantity: 2 },
      donationCents: 2500,
      promo: { kind: 'percent', percent_off_bp: 1000 },
      taxPpm: 60_000,
      fees: { ...buyerFees, taxable: true },
      partialRefunds: ['donation', 'add_on', 'ticket'],
      methods: ALL,
    },
  ],
  [
    'tickets and a donation, taxed, the fee absorbed by the organizer',
    {
      tickets: { priceCents: 4000, quantity: 2 },
      donationCents: 1000,
      taxPpm: 60_000,
      fees: { ...buyerFees, paidBy: 'organizer' },
      partialRefunds: ['donation', 'ticket'],
      methods: ALL,
    },
  ],
  [
    'add-ons and a donation, no tickets, taxed',
    {
      addOns: { priceCents: 1200, quantity: 1 },
      donationCents: 500,
      taxPpm: 60_000,
      fees: buyerFees,
      partialRefunds: ['donation'],
      methods: ALL,
    },
  ],
];

const cases = shapes.flatMap(([name, shape]) => shape.methods.map((method) => [name, method, shape] as const));

interface OrderRow {
  id: string;
  status: string;
  subtotal_cents: number;
  discount_cents: number;
  fee_cents: number;
  organizer_fee_cents: number;
  impact_fee_cents: number;
  tax_cents: number;
  donation_cents: number;
  total_cents: number;
  refunded_cents: number;
  payment_method: string;
}
interface LineRow extends Omit<OrderRow, 'status' | 'donation_cents' | 'refunded_cents' | 'payment_method'> {
  kind: Part | 'product';
  refunded_cents: number;
}

const ACCOUNTS = [
  'processor_clearing',
  'organizer_collected',
  'organizer_payable',
  'sales_tax_payable',
  'reserve',
  'platform_fees',
  'impact_fund',
  'processor_fees',
  'refunds',
  'payouts',
] as const;
type Accounts = Record<(typeof ACCOUNTS)[number], number>;

/** One organizer selling one event through one way of paying. */
async function setUp(method: Method, shape: Shape) {
  const world = method === 'stripe' ? stripe.t : card;
  const organizer: Organizer & { account?: string } =
    method === 'stripe' ? await stripe.connectedOrganizer() : await signUpOrganizer(world.app);
  const owner = as(world.app, organizer.token);
  const fees = shape.fees;
  const settings = await owner.patch('/v1/organizer/checkout-settings', {
    offline_methods: ['cash', 'partner'],
    community_partners: ['Merkato Market'],
    ...(fees && {
      service_fee_percent_bp: fees.percentBp,
      service_fee_flat_cents: fees.flatCents,
      impact_fee_share_bp: fees.impactBp,
      impact_fund_name: 'Youth scholarships',
      fees_paid_by: fees.paidBy,
      fees_taxable: fees.taxable,
    }),
  });
  expect(settings.statusCode, settings.body).toBe(200);
  if (shape.taxPpm) {
    expect((await owner.post('/v1/tax-rates', { state: 'MD', rate_ppm: shape.taxPpm })).statusCode).toBe(201);
  }
  const eventId = await publishedEvent(world.app, organizer.token, {
    donations_enabled: true,
    tiers: [{ name: { en: 'General' }, price_cents: shape.tickets?.priceCents ?? 2500, quantity: 50 }],
  });
  const tierId = (await owner.get(`/v1/events/${eventId}`)).json().tiers[0].id as string;
  const cart: Record<string, unknown> = {};
  if (shape.tickets) cart.tickets = [{ tier_id: tierId, quantity: shape.tickets.quantity }];
  if (shape.addOns) {
    const product = await owner.post('/v1/products', {
      event_id: eventId,
      name: { en: 'Tote bag' },
      price_cents: shape.addOns.priceCents,
      quantity: 20,
    });
    expect(product.statusCode, product.body).toBe(201);
    cart.add_ons = [{ product_id: product.json().id, quantity: shape.addOns.quantity }];
  }
  if (shape.donationCents) cart.donations = [{ event_id: eventId, amount_cents: shape.donationCents }];
  if (shape.promo) {
    const code = await owner.post('/v1/promo-codes', { code: 'COMMUNITY', ...shape.promo });
    expect(code.statusCode, code.body).toBe(201);
    cart.promo_code = 'COMMUNITY';
  }
  return { world, organizer, owner, eventId, cart };
}

describe('every cart shape, paid and refunded, against the ledger', () => {
  it.each(cases)('%s, paid by %s', async (_name, method, shape) => {
    const { world, organizer, owner, eventId, cart } = await setUp(method, shape);
    const tenantId = organizer.organizerId;
    const offline = method === 'cash' || method === 'partner';
    const storefront = `/v1/public/organizers/${organizer.slug}`;

    const quote = await world.app.inject({ method: 'POST', url: `${storefront}/quote`, payload: cart });
    expect(quote.statusCode, quote.body).toBe(200);
    const held = await world.app.inject({
      method: 'POST',
      url: `${storefront}/orders`,
      payload: { buyer: { name: 'Amina Yusuf', email: `amina-${tenantId.slice(0, 8)}@example.org` }, ...cart },
    });
    expect(held.statusCode, held.body).toBe(201);
    const orderId = held.json().order.id as string;
    const token = held.json().access_token as string;
    const buyerPath = `${storefront}/orders/${orderId}`;
    const withToken = `?token=${encodeURIComponent(token)}`;

    if (method === 'card') {
      const paid = await world.app.inject({
        method: 'POST',
        url: `${buyerPath}/pay${withToken}`,
        payload: { method: 'card', card_number: '4242424242424242' },
      });
      expect(paid.statusCode, paid.body).toBe(200);
    } else if (offline) {
      const reserved = await world.app.inject({
        method: 'POST',
        url: `${buyerPath}/pay${withToken}`,
        payload: method === 'cash' ? { method } : { method, partner: 'Merkato Market' },
      });
      expect(reserved.statusCode, reserved.body).toBe(200);
      const marked = await owner.post(`/v1/orders/${orderId}/mark-paid`, { receipt_reference: 'Receipt 7' });
      expect(marked.statusCode, marked.body).toBe(200);
    } else {
      await stripe.payByCard(organizer.slug, { id: orderId, token });
    }

    const order = async () =>
      (await world.admin.query<OrderRow>('select * from orders where id = $1', [orderId])).rows[0] as OrderRow;
    const lines = async () =>
      (await world.admin.query<LineRow>('select * from order_lines where order_id = $1 order by position', [orderId]))
        .rows;
    const paid = await order();
    const paidLines = await lines();
    expect(paid.status).toBe('paid');

    // The order adds up, and is what the quote said.
    const sum = (pick: (line: LineRow) => number, of = paidLines) => of.reduce((total, line) => total + pick(line), 0);
    const goods = paidLines.filter((line) => line.kind !== 'donation');
    const gifts = paidLines.filter((line) => line.kind === 'donation');
    const figures = {
      subtotal_cents: sum((line) => line.subtotal_cents, goods),
      discount_cents: sum((line) => line.discount_cents),
      fee_cents: sum((line) => line.fee_cents),
      impact_fee_cents: sum((line) => line.impact_fee_cents),
      tax_cents: sum((line) => line.tax_cents),
      donation_cents: sum((line) => line.total_cents, gifts),
      total_cents: sum((line) => line.total_cents),
    };
    expect(paid).toMatchObject({ ...figures, organizer_fee_cents: sum((line) => line.organizer_fee_cents) });
    expect(paid.total_cents).toBe(
      paid.subtotal_cents - paid.discount_cents + paid.fee_cents + paid.tax_cents + paid.donation_cents,
    );
    expect(quote.json()).toMatchObject(figures);
    expect(paid.donation_cents).toBe(shape.donationCents ?? 0);
    for (const gift of gifts) {
      expect(gift).toMatchObject({ discount_cents: 0, fee_cents: 0, organizer_fee_cents: 0, tax_cents: 0 });
    }
    expect(paid.payment_method).toBe(method === 'card' ? 'test' : method);

    // Everyone who shows the order shows the same figures.
    const organizerView = (await owner.get(`/v1/orders/${orderId}`)).json();
    const buyerView = (await world.app.inject({ method: 'GET', url: `${buyerPath}${withToken}` })).json().order;
    for (const view of [organizerView, buyerView]) expect(view).toMatchObject(figures);

    const charge = await world.admin.query<{ amount_cents: number; processor_fee_cents: number }>(
      "select amount_cents, processor_fee_cents from payments where order_id = $1 and kind = 'charge'",
      [orderId],
    );
    expect(charge.rows).toHaveLength(1);
    const processorFee = charge.rows[0]?.processor_fee_cents ?? 0;
    expect(processorFee).toBe(method === 'stripe' ? stripeFee(paid.total_cents) : 0);

    const accounts = async (): Promise<Accounts> => {
      const unbalanced = await world.admin.query(
        'select transaction_id from ledger_lines where tenant_id = $1 group by transaction_id, currency having sum(amount_cents) <> 0',
        [tenantId],
      );
      expect(unbalanced.rows).toEqual([]);
      const { rows } = await world.admin.query<{ account: string; cents: string }>(
        'select account, sum(amount_cents)::text as cents from ledger_lines where tenant_id = $1 group by account',
        [tenantId],
      );
      const result = Object.fromEntries(ACCOUNTS.map((account) => [account, 0])) as Accounts;
      for (const row of rows) result[row.account as keyof Accounts] = Number(row.cents);
      return result;
    };
    const zero = Object.fromEntries(ACCOUNTS.map((account) => [account, 0])) as Accounts;
    // −0 and 0 are the same money.
    const exactly = (expected: Accounts) =>
      Object.fromEntries(Object.entries(expected).map(([account, cents]) => [account, cents || 0]));
    const fees = paid.fee_cents + paid.organizer_fee_cents;
    const shares = {
      organizer_payable: -(paid.total_cents - paid.tax_cents - fees),
      sales_tax_payable: -paid.tax_cents,
      platform_fees: -(fees - paid.impact_fee_cents),
      impact_fund: -paid.impact_fee_cents,
    };
    const sold = offline
      ? // She holds the money, so in effect she owes the platform its fees.
        { ...zero, ...shares, organizer_collected: paid.total_cents }
      : {
          ...zero,
          ...shares,
          processor_clearing: paid.total_cents - processorFee,
          processor_fees: processorFee,
        };
    expect(await accounts()).toEqual(exactly(sold));

    /** What the ledger says the event owes her, which the payout outlook and (for Stripe) her account must show. */
    const expectOwedEverywhere = async (ledger: Accounts) => {
      const owed =
        -(ledger.organizer_payable + ledger.sales_tax_payable + ledger.reserve + ledger.organizer_collected) || 0;
      const outlook = await owner.get(`/v1/events/${eventId}/payout-outlook`);
      expect(outlook.statusCode, outlook.body).toBe(200);
      expect(outlook.json().owed_cents).toBe(owed);
      if (method === 'stripe') expect(stripe.stripe.balance(organizer.account ?? null)).toBe(owed);
    };
    await expectOwedEverywhere(sold);

    // Refunds, one part at a time, then the rest.
    let before = sold;
    let refundedBefore = 0;
    for (const part of shape.partialRefunds) {
      const view = (await owner.get(`/v1/orders/${orderId}`)).json();
      const line = view.lines.find(
        (candidate: { kind: string }) => candidate.kind === (part === 'add_on' ? 'product' : part),
      );
      const body =
        part === 'ticket'
          ? { ticket_ids: [view.tickets.find((ticket: { status: string }) => ticket.status === 'valid').id] }
          : { line_ids: [line.id] };
      const refunded = await owner.post(`/v1/orders/${orderId}/refunds`, body);
      expect(refunded.statusCode, refunded.body).toBe(200);
      expect(refunded.json().status).toBe('partially_refunded');
      const now = await order();
      const after = await accounts();
      const refund = await world.admin.query<{ amount_cents: number }>(
        "select amount_cents from payments where order_id = $1 and kind = 'refund' order by created_at desc limit 1",
        [orderId],
      );
      expect(refund.rows[0]?.amount_cents).toBe(now.refunded_cents - refundedBefore);
      refundedBefore = now.refunded_cents;
      if (part === 'donation') {
        // The gift goes back whole from her share: no fee and no tax move.
        const donation = shape.donationCents ?? 0;
        expect(refunded.json().lines.find((l: { id: string }) => l.id === line.id).refunded_cents).toBe(donation);
        expect(after).toEqual(
          exactly({
            ...before,
            organizer_payable: before.organizer_payable + donation,
            ...(offline
              ? { organizer_collected: before.organizer_collected - donation }
              : { refunds: before.refunds - donation }),
          }),
        );
      }
      if (!offline) {
        expect(after.refunds).toBe(-now.refunded_cents);
        expect(after.processor_clearing).toBe(sold.processor_clearing);
        // What she, the tax office, the platform and the fund are owed is what the buyer still paid.
        expect(after.organizer_payable + after.sales_tax_payable + after.platform_fees + after.impact_fund).toBe(
          -(now.total_cents - now.refunded_cents),
        );
      } else {
        expect(after.organizer_collected).toBe(now.total_cents - now.refunded_cents);
        expect(after.organizer_payable + after.sales_tax_payable + after.platform_fees + after.impact_fund).toBe(
          -after.organizer_collected,
        );
      }
      await expectOwedEverywhere(after);
      before = after;
    }

    const rest = await owner.post(`/v1/orders/${orderId}/refunds`, {});
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().status).toBe('refunded');
    const done = await order();
    expect(done.refunded_cents).toBe(done.total_cents);
    expect(sum((line) => line.refunded_cents, await lines())).toBe(done.total_cents);
    const refundPayments = await world.admin.query<{ n: number }>(
      "select coalesce(sum(amount_cents), 0)::int as n from payments where order_id = $1 and kind = 'refund'",
      [orderId],
    );
    expect(refundPayments.rows[0]?.n).toBe(done.total_cents);
    const settled = await accounts();
    expect(settled).toEqual(
      exactly(
        offline
          ? zero
          : {
              ...zero,
              processor_clearing: sold.processor_clearing,
              processor_fees: processorFee,
              refunds: -done.total_cents,
            },
      ),
    );
    await expectOwedEverywhere(settled);
    if (method === 'stripe') {
      const refunds = stripe.stripe.requests.filter((request) => request.path === '/v1/refunds');
      const ours = refunds.filter(
        (request) => (request.body.metadata as { order_id?: string } | undefined)?.order_id === orderId,
      );
      expect(ours.reduce((total, request) => total + Number(request.body.amount), 0)).toBe(done.total_cents);
    }
    expectErrorShape(await owner.post(`/v1/orders/${orderId}/refunds`, {}), 409, 'not_refundable');
  });
});

describe('refunding a line', () => {
  it('refuses a line of another order, or one refunded already, and changes nothing', async () => {
    const { world, organizer, owner, cart } = await setUp('card', {
      tickets: { priceCents: 2500, quantity: 1 },
      donationCents: 1000,
      partialRefunds: [],
      methods: ['card'],
    });
    const place = async () => {
      const held = await world.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${organizer.slug}/orders`,
        payload: { buyer: { name: 'Amina Yusuf', email: 'amina@example.org' }, ...cart },
      });
      expect(held.statusCode, held.body).toBe(201);
      const { order, access_token } = held.json();
      const paid = await world.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${organizer.slug}/orders/${order.id}/pay?token=${encodeURIComponent(access_token)}`,
        payload: { method: 'card', card_number: '4242424242424242' },
      });
      expect(paid.statusCode, paid.body).toBe(200);
      return paid.json().order as { id: string; lines: { id: string; kind: string }[] };
    };
    const first = await place();
    const second = await place();
    const gift = (order: typeof first) => order.lines.find((line) => line.kind === 'donation')?.id;

    const foreign = expectErrorShape(
      await owner.post(`/v1/orders/${first.id}/refunds`, { line_ids: [gift(second)] }),
      422,
    );
    expect(foreign.details.map((detail) => detail.field)).toEqual(['body.line_ids.0']);
    expect((await owner.post(`/v1/orders/${first.id}/refunds`, { line_ids: [gift(first)] })).statusCode).toBe(200);
    const again = expectErrorShape(
      await owner.post(`/v1/orders/${first.id}/refunds`, { line_ids: [gift(first)] }),
      422,
    );
    expect(again.details.map((detail) => detail.field)).toEqual(['body.line_ids.0']);
    const { rows } = await world.admin.query(
      "select order_id, kind, amount_cents from payments where order_id = any($1) and kind = 'refund'",
      [[first.id, second.id]],
    );
    expect(rows).toEqual([{ order_id: first.id, kind: 'refund', amount_cents: 1000 }]);
  });
});
