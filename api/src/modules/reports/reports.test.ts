import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectErrorShape, type Organizer, publishedEvent } from '../../test/app.ts';
import { type StripeTestApp, startStripeTestApp } from '../../test/stripe-app.ts';

/**
 * One organizer's two years: card, cash and partner sales with a promo code, sales tax in two
 * states, add-ons and donations; a partial refund, full refunds and a lost dispute, spread over
 * several months either side of New Year. Each ledger transaction is dated as the test says
 * (the ledger keeps when money moved in `occurred_at`). Every report and the Form 1099-K figures
 * must then equal sums taken straight from the ledger, and from the orders.
 */

let s: StripeTestApp;
let organizer: Organizer & { account: string };
let owner: ReturnType<typeof as>;
const ids = { harvest: '', general: '', vip: '', concert: '', concertTier: '', tote: '' };
const orders: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  s = await startStripeTestApp();
  organizer = await s.connectedOrganizer();
  owner = as(s.t.app, organizer.token);
  const settings = await owner.patch('/v1/organizer/checkout-settings', {
    service_fee_percent_bp: 500,
    service_fee_flat_cents: 50,
    impact_fee_share_bp: 1000,
    impact_fund_name: 'Youth scholarships',
    offline_methods: ['cash', 'partner'],
    community_partners: ['Merkato Market'],
  });
  expect(settings.statusCode, settings.body).toBe(200);
  for (const rate of [
    { state: 'MD', rate_ppm: 60_000 },
    { state: 'NY', city: 'Albany', rate_ppm: 80_000 },
  ]) {
    expect((await owner.post('/v1/tax-rates', rate)).statusCode).toBe(201);
  }
  ids.harvest = await publishedEvent(s.t.app, organizer.token, {
    title: { en: 'Harvest festival' },
    donations_enabled: true,
    donation_goal_cents: 100_000,
    tiers: [
      { name: { en: 'General' }, price_cents: 2500, quantity: 100 },
      { name: { en: 'VIP' }, price_cents: 6000, quantity: 20 },
    ],
  });
  const harvest = (await owner.get(`/v1/events/${ids.harvest}`)).json();
  ids.general = harvest.tiers[0].id;
  ids.vip = harvest.tiers[1].id;
  ids.concert = await publishedEvent(s.t.app, organizer.token, {
    title: { en: 'New Year concert' },
    city: 'Albany',
    state: 'NY',
    tiers: [{ name: { en: 'Seat' }, price_cents: 4000, quantity: 100 }],
  });
  ids.concertTier = (await owner.get(`/v1/events/${ids.concert}`)).json().tiers[0].id;
  ids.tote = (
    await owner.post('/v1/products', {
      event_id: ids.harvest,
      name: { en: 'Tote bag' },
      price_cents: 1800,
      quantity: 20,
    })
  ).json().id;
  const code = await owner.post('/v1/promo-codes', { code: 'HARVEST10', kind: 'percent', percent_off_bp: 1000 });
  expect(code.statusCode, code.body).toBe(201);

  // O1: card, two tiers, an add-on, a donation and a code — November 2025.
  orders.o1 = await hold({
    tickets: [
      { tier_id: ids.general, quantity: 2 },
      { tier_id: ids.vip, quantity: 1 },
    ],
    add_ons: [{ product_id: ids.tote, quantity: 1 }],
    donations: [{ event_id: ids.harvest, amount_cents: 2000 }],
    promo_code: 'HARVEST10',
  });
  await s.payByCard(organizer.slug, orders.o1);
  await dated(orders.o1.id, ['sale', 'processor_fee'], '2025-11-14T15:00:00Z');
  // O5: card, later disputed — December 2025.
  orders.o5 = await hold({ tickets: [{ tier_id: ids.vip, quantity: 1 }] });
  const disputedIntent = await s.payByCard(organizer.slug, orders.o5);
  await dated(orders.o5.id, ['sale', 'processor_fee'], '2025-12-10T16:00:00Z');
  // O2: cash at the door, with a small gift — December 2025.
  orders.o2 = await hold({
    tickets: [{ tier_id: ids.general, quantity: 1 }],
    donations: [{ event_id: ids.harvest, amount_cents: 500 }],
  });
  await payInPerson(orders.o2, 'cash');
  await dated(orders.o2.id, ['offline_sale'], '2025-12-20T18:00:00Z');
  // O4: card, 10 pm on New Year's Eve in New York, already 2026 in UTC.
  orders.o4 = await hold({ tickets: [{ tier_id: ids.concertTier, quantity: 3 }] });
  await s.payByCard(organizer.slug, orders.o4);
  await dated(orders.o4.id, ['sale', 'processor_fee'], '2026-01-01T03:00:00Z');
  // O3: through a community partner — January 2026.
  orders.o3 = await hold({ tickets: [{ tier_id: ids.concertTier, quantity: 2 }] });
  await payInPerson(orders.o3, 'partner');
  await dated(orders.o3.id, ['offline_sale'], '2026-01-05T17:00:00Z');

  // O1 gives back one General ticket in January and the tote in February.
  const o1 = (await owner.get(`/v1/orders/${orders.o1.id}`)).json();
  const general = o1.tickets.find((ticket: { tier_id: string }) => ticket.tier_id === ids.general);
  expect((await owner.post(`/v1/orders/${orders.o1.id}/refunds`, { ticket_ids: [general.id] })).statusCode).toBe(200);
  await dated(orders.o1.id, ['refund'], '2026-01-10T15:00:00Z');
  const tote = o1.lines.find((line: { kind: string }) => line.kind === 'product');
  expect((await owner.post(`/v1/orders/${orders.o1.id}/refunds`, { line_ids: [tote.id] })).statusCode).toBe(200);
  await dated(orders.o1.id, ['refund'], '2026-02-14T15:00:00Z');
  // O5's buyer disputes in February, and the organizer loses.
  const dispute = s.stripe.openDispute(s.stripe.objects.get(disputedIntent)?.latest_charge as string);
  s.stripe.closeDispute(dispute.id, 'lost');
  const disputeEvents = [
    s.lastEvent('charge.dispute.created', dispute.id),
    s.lastEvent('charge.dispute.closed', dispute.id),
  ];
  for (const event of disputeEvents) await s.deliver(event);
  await s.processed(disputeEvents.map((event) => event.id));
  await dated(orders.o5.id, ['dispute'], '2026-02-03T12:00:00Z');
  // O2's cash goes back whole in March, and O4 is refunded whole in March too.
  expect((await owner.post(`/v1/orders/${orders.o2.id}/refunds`, {})).statusCode).toBe(200);
  await dated(orders.o2.id, ['refund'], '2026-03-01T15:00:00Z');
  expect((await owner.post(`/v1/orders/${orders.o4.id}/refunds`, {})).statusCode).toBe(200);
  await dated(orders.o4.id, ['refund', 'processor_fee'], '2026-03-15T15:00:00Z');
});

afterAll(async () => {
  await s?.stop();
});

async function hold(cart: Record<string, unknown>) {
  const held = await s.t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${organizer.slug}/orders`,
    payload: { buyer: { name: 'Amina Yusuf', email: 'amina@example.org' }, ...cart },
  });
  expect(held.statusCode, held.body).toBe(201);
  return { id: held.json().order.id as string, token: held.json().access_token as string };
}

async function payInPerson(order: { id: string; token: string }, method: 'cash' | 'partner') {
  const reserved = await s.t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${organizer.slug}/orders/${order.id}/pay?token=${encodeURIComponent(order.token)}`,
    payload: method === 'cash' ? { method } : { method, partner: 'Merkato Market' },
  });
  expect(reserved.statusCode, reserved.body).toBe(200);
  const marked = await owner.post(`/v1/orders/${order.id}/mark-paid`, { receipt_reference: 'Receipt 7' });
  expect(marked.statusCode, marked.body).toBe(200);
}

/** Dates the order's ledger transactions of these kinds that were posted just now (not dated yet). */
async function dated(orderId: string, kinds: string[], at: string) {
  const { rowCount } = await s.t.admin.query(
    'update ledger_transactions set occurred_at = $3 where order_id = $1 and kind = any($2) and occurred_at = created_at',
    [orderId, kinds, at],
  );
  expect(rowCount).toBeGreaterThan(0);
}

/** A sum of ledger lines, straight from the tables: accounts, transaction kinds and a window in New York time. */
async function ledger(accounts: string[], kinds: string[], window: { from?: string; to?: string } = {}) {
  const { rows } = await s.t.admin.query<{ n: string }>(
    `select coalesce(sum(l.amount_cents), 0)::text as n
     from ledger_lines l join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
     where l.tenant_id = $1 and l.account = any($2) and t.kind = any($3)
       and ($4::date is null or t.occurred_at >= ($4::date)::timestamp at time zone 'America/New_York')
       and ($5::date is null or t.occurred_at < ($5::date + 1)::timestamp at time zone 'America/New_York')`,
    [organizer.organizerId, accounts, kinds, window.from ?? null, window.to ?? null],
  );
  return Number(rows[0]?.n);
}

/** A credit balance as a positive amount (0 − x rather than −x, so an empty sum is 0, not −0). */
async function credited(accounts: string[], kinds: string[], window: { from?: string; to?: string } = {}) {
  return 0 - (await ledger(accounts, kinds, window));
}

const SELLING = ['sale', 'offline_sale', 'refund'];

async function ordersSum(column: string, where = 'true') {
  const { rows } = await s.t.admin.query<{ n: string }>(
    `select coalesce(sum(${column}), 0)::text as n from orders where tenant_id = $1 and ${where}`,
    [organizer.organizerId],
  );
  return Number(rows[0]?.n);
}

async function report(path: string) {
  const response = await owner.get(path);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('the sales report', () => {
  const years = [{ from: '2025-01-01', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-12-31' }, {}];

  it.each(years)('equals the ledger in %j', async (window) => {
    const query = new URLSearchParams(window as Record<string, string>).toString();
    const { totals, rows } = await report(`/v1/reports/sales?${query}`);
    const card = await ledger(['processor_clearing'], ['sale'], window);
    const inPerson = await ledger(['organizer_collected'], ['offline_sale'], window);
    expect(totals).toEqual({
      sales_cents: card + inPerson,
      card_cents: card,
      in_person_cents: inPerson,
      refunds_cents: await credited(['refunds', 'organizer_collected'], ['refund'], window),
      fees_cents: await credited(['platform_fees', 'impact_fund'], SELLING, window),
      tax_cents: await credited(['sales_tax_payable'], SELLING, window),
      net_cents: await credited(['organizer_payable'], SELLING, window),
    });
    expect(totals.sales_cents - totals.refunds_cents).toBe(totals.fees_cents + totals.tax_cents + totals.net_cents);
    for (const row of rows) {
      expect(row.sales_cents - row.refunds_cents).toBe(row.fees_cents + row.tax_cents + row.net_cents);
    }
  });

  it('agrees with the orders, and puts each sale on its day and year in the organizer’s time zone', async () => {
    const all = await report('/v1/reports/sales');
    expect(all.totals.sales_cents).toBe(await ordersSum('total_cents'));
    expect(all.totals.refunds_cents).toBe(await ordersSum('refunded_cents'));
    expect(all.totals.sales_cents).toBeGreaterThan(0);
    const [y2025, y2026] = await Promise.all([
      report('/v1/reports/sales?from=2025-01-01&to=2025-12-31'),
      report('/v1/reports/sales?from=2026-01-01&to=2026-12-31'),
    ]);
    for (const field of Object.keys(all.totals)) {
      expect(y2025.totals[field] + y2026.totals[field], field).toBe(all.totals[field]);
    }
    // New Year's Eve in New York, though 2026 in UTC.
    const nye = y2025.rows.filter((row: { date: string }) => row.date === '2025-12-31');
    expect(nye.map((row: { tier_id: string }) => row.tier_id)).toEqual([ids.concertTier]);
    expect(nye[0].card_cents).toBe(await ordersSum('total_cents', `id = '${orders.o4?.id}'`));
    expect(y2026.totals.sales_cents).toBe(await ordersSum('total_cents', `id = '${orders.o3?.id}'`));
    // Each tier's, add-on's and donation's money is its order lines'.
    const byItem = new Map<string, { sales: number; refunds: number }>();
    for (const row of all.rows) {
      const key = row.tier_id ?? row.product_id ?? `donation:${row.event_id}`;
      const seen = byItem.get(key) ?? { sales: 0, refunds: 0 };
      byItem.set(key, { sales: seen.sales + row.sales_cents, refunds: seen.refunds + row.refunds_cents });
    }
    const { rows: lines } = await s.t.admin.query<{ key: string; sales: string; refunds: string }>(
      `select coalesce(tier_id::text, product_id::text, 'donation:' || event_id) as key,
         sum(total_cents)::text as sales, sum(refunded_cents)::text as refunds
       from order_lines where tenant_id = $1 group by 1`,
      [organizer.organizerId],
    );
    expect(Object.fromEntries(byItem)).toEqual(
      Object.fromEntries(lines.map((line) => [line.key, { sales: Number(line.sales), refunds: Number(line.refunds) }])),
    );
  });

  it('refuses a range that ends before it starts, in the one error shape', async () => {
    const response = await owner.get('/v1/reports/sales?from=2026-02-01&to=2026-01-01');
    expect(expectErrorShape(response, 422, 'invalid_range').details[0]?.field).toBe('querystring.from');
  });
});

describe('the payout report', () => {
  it('shows per event what the payout outlook owes, with the dispute taken', async () => {
    const { rows, totals } = await report('/v1/reports/payouts');
    for (const eventId of [ids.harvest, ids.concert]) {
      const row = rows.find((candidate: { event_id: string }) => candidate.event_id === eventId);
      const outlook = (await owner.get(`/v1/events/${eventId}/payout-outlook`)).json();
      expect(row.to_pay_cents, eventId).toBe(outlook.owed_cents);
    }
    const { rows: disputes } = await s.t.admin.query<{ n: string }>(
      'select sum(amount_cents + fee_cents)::text as n from disputes where tenant_id = $1',
      [organizer.organizerId],
    );
    expect(totals.disputes_cents).toBe(Number(disputes[0]?.n));
    expect(totals.disputes_cents).toBeGreaterThan(0);
    expect(totals.disputes_cents).toBe(await ledger(['organizer_payable'], ['dispute', 'dispute_reversal']));
    expect(totals.in_person_cents).toBe(await ledger(['organizer_collected'], SELLING));
    expect(totals.net_cents).toBe(
      totals.sales_cents - totals.refunds_cents - totals.fees_cents - totals.disputes_cents,
    );
    // February 2026 holds the dispute and nothing was sold then.
    const february = await report('/v1/reports/payouts?from=2026-02-01&to=2026-02-28');
    expect(february.totals.disputes_cents).toBe(totals.disputes_cents);
    expect(february.totals.sales_cents).toBe(0);
  });
});

describe('the donation report', () => {
  it('counts gifts against the goal and the impact fund, as the ledger does', async () => {
    const { rows, totals } = await report('/v1/reports/donations');
    const harvest = rows.find((row: { event_id: string }) => row.event_id === ids.harvest);
    // O1's 20.00 stays; O2's 5.00 went back with its cash refund.
    expect(harvest).toMatchObject({ goal_cents: 100_000, donated_cents: 2500, refunded_cents: 500, net_cents: 2000 });
    expect(totals.impact_fund_cents).toBe(await credited(['impact_fund'], SELLING));
    // What the orders charged for the fund, less its share of the fees refunded.
    expect(totals.impact_fund_cents).toBe(
      (await ordersSum('impact_fee_cents')) - (await ledger(['impact_fund'], ['refund'])),
    );
  });
});

describe('the sales tax report', () => {
  it('splits tax by state, city and month, and equals the ledger', async () => {
    const { rows, totals } = await report('/v1/reports/sales-tax');
    expect(totals.tax_cents).toBe(await credited(['sales_tax_payable'], SELLING));
    expect(totals.tax_collected_cents).toBe(await ordersSum('tax_cents'));
    const places = [...new Set(rows.map((row: { state: string; city: string }) => `${row.state} ${row.city}`))].sort();
    expect(places).toEqual(['MD Silver Spring', 'NY Albany']);
    const albany = rows.filter((row: { state: string }) => row.state === 'NY');
    // O4 on New Year's Eve (December 2025), O3 in January, O4's refund in March.
    expect(albany.map((row: { period_start: string }) => row.period_start)).toEqual([
      '2025-12-01',
      '2026-01-01',
      '2026-03-01',
    ]);
    const o4Tax = await ordersSum('tax_cents', `id = '${orders.o4?.id}'`);
    expect(albany[0].tax_collected_cents).toBe(o4Tax);
    expect(albany[2].tax_refunded_cents).toBe(o4Tax);
    const quarters = await report('/v1/reports/sales-tax?period=quarter&from=2026-01-01&to=2026-12-31');
    expect(quarters.rows.every((row: { period_start: string }) => ['2026-01-01'].includes(row.period_start))).toBe(
      true,
    );
  });
});

describe('Form 1099-K', () => {
  it('gives per year and month the card payments the ledger took, apart from money taken in person', async () => {
    const y2025 = (await owner.get('/v1/tax-forms/1099-k?year=2025')).json();
    const cardIn2025 = await ledger(['processor_clearing'], ['sale'], { from: '2025-01-01', to: '2025-12-31' });
    expect(y2025.gross_cents).toBe(cardIn2025);
    expect(y2025.gross_cents).toBe(
      await ordersSum('total_cents', `id in ('${orders.o1?.id}', '${orders.o5?.id}', '${orders.o4?.id}')`),
    );
    expect(y2025.transactions).toBe(3);
    const month = (year: typeof y2025, n: number) => year.months[n - 1];
    expect(month(y2025, 11)).toMatchObject({ box: '5k', transactions: 1 });
    expect(month(y2025, 12)).toMatchObject({ box: '5l', transactions: 2 });
    expect(y2025.months.reduce((sum: number, m: { gross_cents: number }) => sum + m.gross_cents, 0)).toBe(
      y2025.gross_cents,
    );
    // Refunds and the dispute of 2026 leave 2025's gross as it was; 2026 took no card payment.
    const y2026 = (await owner.get('/v1/tax-forms/1099-k?year=2026')).json();
    expect(y2026).toMatchObject({ gross_cents: 0, transactions: 0, over_threshold: false });
    expect(y2026.card_refunds_cents).toBe(
      await credited(['refunds'], ['refund'], { from: '2026-01-01', to: '2026-12-31' }),
    );
    expect(y2026.card_refunds_cents).toBeGreaterThan(0);
    expect(y2025.in_person_cents).toBe(await ordersSum('total_cents', `id = '${orders.o2?.id}'`));
    expect(y2026.in_person_cents).toBe(await ordersSum('total_cents', `id = '${orders.o3?.id}'`));
    expect(y2025.threshold).toEqual({ amount_cents: 2_000_000, transactions: 200, rule: 'tpso_20000_200' });
    const y2024 = (await owner.get('/v1/tax-forms/1099-k?year=2024')).json();
    expect(y2024.threshold).toMatchObject({ amount_cents: 500_000, transactions: null });
  });

  it('passes the threshold only past both its amount and its count', async () => {
    const { passes1099K, form1099KThreshold } = await import('../tax-forms/tax-forms.thresholds.ts');
    const rule = form1099KThreshold(2026);
    expect(passes1099K(rule, 2_000_001, 201)).toBe(true);
    expect(passes1099K(rule, 2_000_000, 500)).toBe(false);
    expect(passes1099K(rule, 9_000_000, 200)).toBe(false);
    expect(passes1099K(form1099KThreshold(2024), 500_001, 1)).toBe(true);
  });
});
