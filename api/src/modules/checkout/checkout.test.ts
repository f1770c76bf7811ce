import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTenantAsSystem } from '../../context.ts';
import { withLapsedHolds } from '../../db/tenant.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  statedLimits,
  type TestApp,
} from '../../test/app.ts';
import { getCatalogEvent } from '../catalog/catalog.service.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';

let t: TestApp;
let org: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

const CARD_OK = '4242424242424242';

async function eventWithTier(quantity: number, price = 2500, overrides: Record<string, unknown> = {}) {
  const eventId = await publishedEvent(t.app, org.token, {
    tiers: [{ name: { en: 'General' }, price_cents: price, quantity, max_per_order: 10 }],
    ...overrides,
  });
  const event = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json();
  return { eventId, tierId: event.tiers[0].id as string };
}

function buy(tierId: string, quantity = 1, buyer = `buyer-${Math.random().toString(36).slice(2)}@example.org`) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${org.slug}/orders`,
    payload: { buyer: { name: 'Hana Tesfaye', email: buyer }, tickets: [{ tier_id: tierId, quantity }] },
  });
}

function pay(
  orderId: string,
  token: string,
  payment: Record<string, unknown> = { method: 'card', card_number: CARD_OK },
) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${org.slug}/orders/${orderId}/pay?token=${encodeURIComponent(token)}`,
    payload: payment,
  });
}

async function counts(tierId: string) {
  const { rows } = await t.admin.query(
    `select
       (select taken_count from ticket_tiers where id = $1) as taken,
       (select quantity from ticket_tiers where id = $1) as quantity,
       (select count(*)::int from tickets where tier_id = $1 and status = 'valid') as tickets,
       (select coalesce(sum(l.quantity), 0)::int from order_lines l join orders o on o.id = l.order_id
         where l.tier_id = $1 and o.status = 'paid') as paid_quantity,
       (select coalesce(sum(l.quantity), 0)::int from order_lines l join orders o on o.id = l.order_id
         where l.tier_id = $1 and o.status = 'pending') as pending_quantity`,
    [tierId],
  );
  return rows[0] as {
    taken: number;
    quantity: number;
    tickets: number;
    paid_quantity: number;
    pending_quantity: number;
  };
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('checkout', () => {
  it('holds, prices all-in, charges exactly the quote, and issues one signed ticket per admission', async () => {
    const { tierId } = await eventWithTier(20, 2500, { state: 'NY', city: 'New York' });
    const owner = as(t.app, org.token);
    expect(
      (
        await owner.patch('/v1/organizer/checkout-settings', {
          service_fee_percent_bp: 300,
          service_fee_flat_cents: 99,
          impact_fee_share_bp: 1000,
          impact_fund_name: 'Youth music fund',
          fees_taxable: true,
        })
      ).statusCode,
    ).toBe(200);
    expect((await owner.post('/v1/tax-rates', { state: 'NY', city: 'New York', rate_ppm: 88_750 })).statusCode).toBe(
      201,
    );

    const quote = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/quote`,
      payload: { tickets: [{ tier_id: tierId, quantity: 2 }] },
    });
    expect(quote.statusCode, quote.body).toBe(200);
    // 2 × $25: fee 3% of 5000 = 150 + 2 × 99 = 348; tax 8.875% of (5000 + 348) = 474.635 → 475.
    expect(quote.json()).toMatchObject({
      subtotal_cents: 5000,
      fee_cents: 348,
      impact_fee_cents: 35,
      tax_cents: 475,
      total_cents: 5823,
      impact_fund_name: 'Youth music fund',
    });

    const held = await buy(tierId, 2);
    expect(held.statusCode, held.body).toBe(201);
    const { order, access_token } = held.json();
    expect(order).toMatchObject({ status: 'pending', total_cents: 5823, tickets: [] });
    expect(new Date(order.expires_at).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(order.number).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const tier = (await owner.get(`/v1/events/${order.lines[0].event_id}/tiers/${tierId}`)).json();
    expect(tier).toMatchObject({ held_count: 2, sold_count: 0, remaining: 18 });

    const paid = await pay(order.id, access_token);
    expect(paid.statusCode, paid.body).toBe(200);
    const done = paid.json().order;
    expect(done).toMatchObject({ status: 'paid', payment_method: 'test', test_mode: true, total_cents: 5823 });
    expect(done.tickets).toHaveLength(2);
    expect(done.tickets[0].code).toMatch(/^AP1\./);
    const { rows } = await t.admin.query(`select sum(amount_cents)::int as paid from payments where order_id = $1`, [
      order.id,
    ]);
    expect(rows[0].paid).toBe(5823);
    expect((await counts(tierId)).tickets).toBe(2);

    const again = await pay(order.id, access_token);
    expectErrorShape(again, 409, 'already_paid');
    const reopened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${order.id}?token=${encodeURIComponent(access_token)}`,
    });
    expect(reopened.json().order.tickets).toHaveLength(2);
    const forged = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${order.id}?token=${encodeURIComponent(`${access_token.slice(0, -3)}AAA`)}`,
    });
    expectErrorShape(forged, 404, 'not_found');

    await owner.patch('/v1/organizer/checkout-settings', {
      service_fee_percent_bp: 0,
      service_fee_flat_cents: 0,
      impact_fee_share_bp: 0,
      fees_taxable: false,
    });
  });

  it('places and pays an order with a donation, with tickets or alone, for what the quote said', async () => {
    const { eventId, tierId } = await eventWithTier(10, 2500, { donations_enabled: true });
    const gift = { event_id: eventId, amount_cents: 1500 };
    for (const cart of [{ tickets: [{ tier_id: tierId, quantity: 2 }], donations: [gift] }, { donations: [gift] }]) {
      const quote = await t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${org.slug}/quote`,
        payload: cart,
      });
      expect(quote.statusCode, quote.body).toBe(200);
      const held = await t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${org.slug}/orders`,
        payload: { buyer: { name: 'Hana Tesfaye', email: 'giver@example.org' }, ...cart },
      });
      expect(held.statusCode, held.body).toBe(201);
      const { order, access_token } = held.json();
      const goods = cart.tickets ? 5000 : 0;
      expect(order).toMatchObject({ subtotal_cents: goods, donation_cents: 1500, total_cents: goods + 1500 });
      expect(order.total_cents).toBe(quote.json().total_cents);
      const paid = await pay(order.id, access_token);
      expect(paid.statusCode, paid.body).toBe(200);
      expect(paid.json().order).toMatchObject({ status: 'paid', total_cents: goods + 1500, donation_cents: 1500 });
    }
  });

  it('declines like the test cards say, and the order stays payable', async () => {
    const { tierId } = await eventWithTier(5);
    const { order, access_token } = (await buy(tierId)).json();
    const declined = await pay(order.id, access_token, { method: 'card', card_number: '4000 0000 0000 0002' });
    expectErrorShape(declined, 402, 'card_declined');
    const typo = await pay(order.id, access_token, { method: 'card', card_number: '4242424242424241' });
    expectErrorShape(typo, 402, 'invalid_number');
    expect((await pay(order.id, access_token)).statusCode).toBe(200);
  });

  it('completes a free order at once', async () => {
    const { tierId } = await eventWithTier(5, 0);
    const response = await buy(tierId, 3);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().order).toMatchObject({ status: 'paid', payment_method: 'free', total_cents: 0 });
    expect(response.json().order.tickets).toHaveLength(3);
    const { number, id } = response.json().order;
    const mail = await until(
      async () => t.buyerMail.sent.find((m) => m.kind === 'order_confirmation' && m.orderNumber === number),
      (found) => found !== undefined,
    );
    expect(mail?.link).toMatch(new RegExp(`^http://${org.slug}\\.localhost:5173/orders/${id}\\?token=`));
    const token = new URL(mail?.link ?? 'http://x').searchParams.get('token') ?? '';
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${id}?token=${encodeURIComponent(token)}`,
    });
    expect(opened.json().order.tickets).toHaveLength(3);
  });

  it('reserves a cash order until staff record the payment', async () => {
    const { tierId } = await eventWithTier(5);
    const owner = as(t.app, org.token);
    const { order, access_token } = (await buy(tierId, 2)).json();
    expectErrorShape(await pay(order.id, access_token, { method: 'cash' }), 422, 'payment_method_unavailable');
    await owner.patch('/v1/organizer/checkout-settings', {
      offline_methods: ['cash', 'partner'],
      community_partners: ['Merkato Market, Silver Spring'],
      offline_payment_hours: 48,
    });
    expectErrorShape(await pay(order.id, access_token, { method: 'partner', partner: 'Somebody else' }), 422);
    const reserved = await pay(order.id, access_token, { method: 'cash' });
    expect(reserved.statusCode, reserved.body).toBe(200);
    const pending = reserved.json().order;
    expect(pending).toMatchObject({ status: 'pending', payment_method: 'cash', tickets: [] });
    expect(new Date(pending.expires_at).getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);

    const marked = await owner.post(`/v1/orders/${order.id}/mark-paid`, { receipt_reference: 'Receipt 0042' });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ status: 'paid', payment_method: 'cash', payment_reference: 'Receipt 0042' });
    expect(marked.json().tickets).toHaveLength(2);
    expectErrorShape(
      await owner.post(`/v1/orders/${order.id}/mark-paid`, { receipt_reference: 'x' }),
      409,
      'not_pending',
    );
  });

  it('lets a lapsed hold go: availability at once, stock by the worker, and no late payment', async () => {
    const { eventId, tierId } = await eventWithTier(3);
    const { order, access_token } = (await buy(tierId, 3)).json();
    expectErrorShape(await buy(tierId), 409, 'sold_out');
    await t.admin.query(`update orders set expires_at = now() - interval '1 second' where id = $1`, [order.id]);

    const tier = (await as(t.app, org.token).get(`/v1/events/${eventId}/tiers/${tierId}`)).json();
    expect(tier.remaining).toBe(3);
    expectErrorShape(await pay(order.id, access_token), 409, 'hold_expired');
    // A new buyer gets the seats even before the worker has released the lapsed hold.
    const next = await buy(tierId, 3);
    expect(next.statusCode, next.body).toBe(201);
    const after = await counts(tierId);
    expect(after.taken).toBe(3);
    const status = await t.admin.query(`select status from orders where id = $1`, [order.id]);
    expect(status.rows[0].status).toBe('expired');
  });

  it("ends a hold at the order's expiry for stock and payment alike, and keeps it while the expiry is ahead", async () => {
    const { eventId, tierId } = await eventWithTier(3);
    const { order, access_token } = (await buy(tierId, 3)).json();
    const seen = async () => ({
      organizer: (await as(t.app, org.token).get(`/v1/events/${eventId}/tiers/${tierId}`)).json().remaining,
      catalog: (await getCatalogEvent(t.app.services, eventId)).tiers[0]?.remaining,
    });
    const expireIn = (interval: string) =>
      t.admin.query(`update orders set expires_at = now() + $2::interval where id = $1`, [order.id, interval]);

    // The order's time is up: its seats count as free, and it can no longer be paid.
    await expireIn('-1 second');
    expect(await seen()).toEqual({ organizer: 3, catalog: 3 });
    expectErrorShape(await pay(order.id, access_token), 409, 'hold_expired');

    // The converse (an extended hold): the seats are held again, and paying works.
    await expireIn('1 hour');
    expect(await seen()).toEqual({ organizer: 0, catalog: 0 });
    expectErrorShape(await buy(tierId), 409, 'sold_out');
    const paid = await pay(order.id, access_token);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(await counts(tierId)).toMatchObject({ taken: 3, tickets: 3 });
  });

  it('releases a hold when its time is up, by the worker alone', async () => {
    const { tierId } = await eventWithTier(2);
    const { order } = (await buy(tierId, 2)).json();
    await t.admin.query(`update orders set expires_at = now() where id = $1`, [order.id]);
    await t.admin.query(`select graphile_worker.add_job('orders__sweep_holds', '{}'::json)`);
    const released = await until(
      () => counts(tierId),
      (c) => c.taken === 0,
    );
    expect(released.taken).toBe(0);
  });

  it("refuses at commit an add-on or an event's capacity that runs short, naming the line, and holds nothing", async () => {
    const owner = as(t.app, org.token);
    const eventId = await publishedEvent(t.app, org.token, {
      capacity: 3,
      tiers: [
        { name: { en: 'Adult' }, price_cents: 2000, quantity: 5 },
        { name: { en: 'Child' }, price_cents: 1000, quantity: 5 },
      ],
    });
    const [adult, child] = (await owner.get(`/v1/events/${eventId}`))
      .json()
      .tiers.map((tier: { id: string }) => tier.id);
    const parking = (
      await owner.post('/v1/products', { name: { en: 'Parking' }, price_cents: 800, quantity: 1 })
    ).json();
    const order = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${org.slug}/orders`,
        payload: { buyer: { name: 'Selam Bekele', email: 'selam@example.org' }, ...payload },
      });

    expect(
      (await order({ tickets: [{ tier_id: adult, quantity: 2 }], add_ons: [{ product_id: parking.id, quantity: 1 }] }))
        .statusCode,
    ).toBe(201);
    const full = expectErrorShape(await order({ tickets: [{ tier_id: child, quantity: 2 }] }), 409, 'sold_out');
    expect(full.details).toEqual([{ field: 'body.tickets', message: 'the event is full' }]);
    const noParking = expectErrorShape(
      await order({ tickets: [{ tier_id: child, quantity: 1 }], add_ons: [{ product_id: parking.id, quantity: 1 }] }),
      409,
      'sold_out',
    );
    expect(noParking.details).toEqual([{ field: 'body.add_ons.0.product_id', message: 'sold out' }]);
    expect((await order({ tickets: [{ tier_id: child, quantity: 1 }] })).statusCode).toBe(201);

    const { rows } = await t.admin.query(
      `select (select taken_count from events where id = $1) as event,
         (select sum(taken_count)::int from ticket_tiers where event_id = $1) as tiers,
         (select taken_count from products where id = $2) as parking,
         (select count(*)::int from orders o where exists (select 1 from order_lines l where l.order_id = o.id and l.event_id = $1)) as orders`,
      [eventId, parking.id],
    );
    expect(rows[0]).toEqual({ event: 3, tiers: 3, parking: 1, orders: 2 });
  });

  it("checks an order line's tier as its transaction commits, and still refuses one that does not exist", async () => {
    const { tierId } = await eventWithTier(5);
    const held = (await buy(tierId)).json();
    const client = await t.admin.connect();
    try {
      await client.query('begin');
      // Checked at commit (so a checkout in flight does not lock the hot tier row before then)...
      await client.query(
        `insert into order_lines (tenant_id, order_id, kind, event_id, tier_id, description, quantity,
           unit_price_cents, subtotal_cents, total_cents)
         select tenant_id, order_id, 'ticket', event_id, gen_random_uuid(), description, 1, 0, 0, 0
         from order_lines where order_id = $1`,
        [held.order.id],
      );
      await expect(client.query('commit')).rejects.toMatchObject({ code: '23503' });
    } finally {
      client.release();
    }
    // ...while deleting a tier that lines refer to is refused at once, as before (PostgreSQL 18
    // calls it restrict_violation, earlier versions foreign_key_violation).
    const refused = await t.admin.query('delete from ticket_tiers where id = $1', [tierId]).catch((error) => error);
    expect(['23001', '23503']).toContain(refused.code);
  });

  it('lists orders oldest or newest first, a page at a time, filtered by event, status and email', async () => {
    const { eventId, tierId } = await eventWithTier(10);
    const placed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const held = (await buy(tierId, 1, `lister-${i}-${eventId.slice(0, 8)}@example.org`)).json();
      if (i % 2 === 0) expect((await pay(held.order.id, held.access_token)).statusCode).toBe(200);
      placed.push(held.order.id);
    }
    const owner = as(t.app, org.token);
    const all = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await owner.get(
          `/v1/orders?event_id=${eventId}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.statusCode, page.body).toBe(200);
        ids.push(...page.json().data.map((order: { id: string }) => order.id));
        cursor = page.json().next_cursor;
      } while (cursor);
      return ids;
    };
    expect(await all('')).toEqual(placed);
    expect(await all('order=newest_first')).toEqual([...placed].reverse());
    expect(await all('order=newest_first&status=paid')).toEqual([placed[4], placed[2], placed[0]]);
    const one = await owner.get(
      `/v1/orders?email=${encodeURIComponent(`LISTER-3-${eventId.slice(0, 8)}@example.org`)}`,
    );
    expect(one.json().data.map((order: { id: string }) => order.id)).toEqual([placed[3]]);
    expectErrorShape(await owner.get('/v1/orders?order=sideways'), 400);
  });

  it("sweeps every organizer's lapsed holds, under a scope that shows pending orders and nothing else", async () => {
    const { tierId } = await eventWithTier(5);
    const lapsed = (await buy(tierId)).json().order.id as string;
    const live = (await buy(tierId)).json().order.id as string;
    const held = (await buy(tierId)).json();
    expect((await pay(held.order.id, held.access_token)).statusCode).toBe(200);
    const other = await signUpOrganizer(t.app);
    const otherEvent = (
      await as(t.app, other.token).get(
        `/v1/events/${await publishedEvent(t.app, other.token, { tiers: [{ name: { en: 'Door' }, price_cents: 900, quantity: 3 }] })}`,
      )
    ).json();
    const otherLapsed = (
      await t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${other.slug}/orders`,
        payload: {
          buyer: { name: 'Amina Yusuf', email: 'amina@example.org' },
          tickets: [{ tier_id: otherEvent.tiers[0].id, quantity: 2 }],
        },
      })
    ).json().order.id as string;
    for (const id of [lapsed, otherLapsed]) {
      await t.admin.query(`update orders set expires_at = now() - interval '1 second' where id = $1`, [id]);
    }

    const seen = await withLapsedHolds(t.runtime.db, async (trx) => ({
      orders: (await trx.selectFrom('orders').select(['id', 'status']).execute()).map((o) => o.id),
      lines: (await trx.selectFrom('order_lines').select('id').execute()).length,
      tiers: (await trx.selectFrom('ticket_tiers').select('id').execute()).length,
    }));
    expect(seen.orders).toEqual(expect.arrayContaining([lapsed, otherLapsed, live]));
    expect(seen.orders).not.toContain(held.order.id);
    expect({ lines: seen.lines, tiers: seen.tiers }).toEqual({ lines: 0, tiers: 0 });

    await t.admin.query(`select graphile_worker.add_job('orders__sweep_holds', '{}'::json)`);
    const statuses = async () =>
      (
        await t.admin.query(`select id, status from orders where id = any($1::uuid[]) order by id`, [
          [lapsed, live, otherLapsed],
        ])
      ).rows.map((row) => `${row.id === live ? 'live' : 'lapsed'}:${row.status}`);
    expect(await until(statuses, (now) => !now.includes('lapsed:pending'))).toEqual(
      expect.arrayContaining(['lapsed:expired', 'lapsed:expired', 'live:pending']),
    );
    expect((await counts(tierId)).taken).toBe(2);
    const { rows } = await t.admin.query('select taken_count from ticket_tiers where id = $1', [
      otherEvent.tiers[0].id,
    ]);
    expect(rows[0].taken_count).toBe(0);
  });

  it('refuses carts that break the rules, with the field named', async () => {
    const { eventId, tierId } = await eventWithTier(5);
    const post = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: `/v1/public/organizers/${org.slug}/orders`, payload: payload as object });
    const buyer = { name: 'A', email: 'a@example.org' };
    expectErrorShape(await post({ buyer }), 422, 'empty_cart');
    const tooMany = expectErrorShape(await post({ buyer, tickets: [{ tier_id: tierId, quantity: 11 }] }), 422);
    expect(tooMany.details[0]?.field).toBe('body.tickets.0.quantity');
    const unknown = expectErrorShape(
      await post({ buyer, tickets: [{ tier_id: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
      422,
    );
    expect(unknown.details[0]?.field).toBe('body.tickets.0.tier_id');
    expectErrorShape(await post({ buyer, donations: [{ event_id: eventId, amount_cents: 500 }] }), 422);
    expectErrorShape(
      await post({ buyer, tickets: [{ tier_id: tierId, quantity: 1 }], promo_code: 'NOPE' }),
      422,
      'promo_code_invalid',
    );
    const other = await signUpOrganizer(t.app);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${other.slug}/orders`,
      payload: { buyer, tickets: [{ tier_id: tierId, quantity: 1 }] },
    });
    expectErrorShape(foreign, 422);
    expect((await counts(tierId)).taken).toBe(0);
  });

  it('refuses an order without a name on each ticket of an event that requires names; its quote needs none', async () => {
    const named = await eventWithTier(10, 2500, { attendee_names: 'required' });
    const unnamed = await eventWithTier(10, 1000);
    const buyer = { name: 'Hana Tesfaye', email: 'names@example.org' };
    const place = (attendees: string[] | undefined) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${org.slug}/orders`,
        payload: {
          buyer,
          tickets: [
            { tier_id: unnamed.tierId, quantity: 1 },
            { tier_id: named.tierId, quantity: 2, ...(attendees ? { attendee_names: attendees } : {}) },
          ],
        },
      });
    const quote = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/quote`,
      payload: { tickets: [{ tier_id: named.tierId, quantity: 2 }] },
    });
    expect(quote.statusCode, quote.body).toBe(200);

    for (const attendees of [undefined, ['Abebe Bikila'], ['Abebe Bikila', '   '], ['', 'Tirunesh Dibaba']]) {
      const refused = expectErrorShape(await place(attendees), 422, 'attendee_names_required');
      expect(refused.details).toEqual([{ field: 'body.tickets.1.attendee_names', message: 'needs 2 non-blank names' }]);
      expect(refused.message).toBe(
        '"Community Gala" needs a name on each ticket: give 2 names, one per ticket, in attendee_names.',
      );
    }
    expect((await counts(named.tierId)).taken).toBe(0);
    expect((await counts(unnamed.tierId)).taken).toBe(0);

    const placed = await place([' Abebe Bikila ', 'Tirunesh Dibaba']);
    expect(placed.statusCode, placed.body).toBe(201);
    const paid = await pay(placed.json().order.id, placed.json().access_token);
    expect(paid.statusCode, paid.body).toBe(200);
    const tickets = paid.json().order.tickets as { tier_id: string; attendee_name: string }[];
    const names = tickets.filter((ticket) => ticket.tier_id === named.tierId).map((ticket) => ticket.attendee_name);
    expect(names.sort()).toEqual(['Abebe Bikila', 'Tirunesh Dibaba']);
  });

  it("gives an online event's link to the holders of its valid tickets only, on their order", async () => {
    const online = await eventWithTier(10, 2000, {
      venue_name: '',
      city: '',
      state: '',
      online_url: 'https://stream.example.org/live/gala',
    });
    const inPerson = await eventWithTier(10, 1000);
    const held = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/orders`,
      payload: {
        buyer: { name: 'Hana Tesfaye', email: 'online@example.org' },
        tickets: [
          { tier_id: online.tierId, quantity: 1 },
          { tier_id: inPerson.tierId, quantity: 1 },
        ],
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { order, access_token } = held.json();
    expect(held.json().online_events).toEqual([]);
    const opened = () =>
      t.app.inject({
        method: 'GET',
        url: `/v1/public/organizers/${org.slug}/orders/${order.id}?token=${encodeURIComponent(access_token)}`,
      });
    expect((await opened()).json().online_events).toEqual([]);

    const paid = await pay(order.id, access_token);
    const link = [{ event_id: online.eventId, online_url: 'https://stream.example.org/live/gala' }];
    expect(paid.json().online_events).toEqual(link);
    expect((await opened()).json().online_events).toEqual(link);
    // The organizer's own view of the event keeps it; the public one only says it is online.
    expect((await as(t.app, org.token).get(`/v1/events/${online.eventId}`)).json().online_url).toBe(
      link[0]?.online_url,
    );

    const onlineTicket = (paid.json().order.tickets as { id: string; event_id: string }[]).find(
      (ticket) => ticket.event_id === online.eventId,
    );
    const refunded = await as(t.app, org.token).post(`/v1/orders/${order.id}/refunds`, {
      ticket_ids: [onlineTicket?.id],
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect((await opened()).json().online_events).toEqual([]);
  });
});

describe('a rush on one tier', () => {
  it('sells exactly 50 of 50 to 200 concurrent buyers; everyone else gets a clean 409', async () => {
    const { tierId } = await eventWithTier(50);
    const responses = await Promise.all(Array.from({ length: 200 }, () => buy(tierId)));
    const held = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(held).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const response of refused) expectErrorShape(response, 409, 'sold_out');

    const payments = await Promise.all(held.map((r) => pay(r.json().order.id, r.json().access_token)));
    expect(payments.every((r) => r.statusCode === 200)).toBe(true);
    expect(await counts(tierId)).toEqual({
      taken: 50,
      quantity: 50,
      tickets: 50,
      paid_quantity: 50,
      pending_quantity: 0,
    });
    const tier = (
      await as(t.app, org.token).get(`/v1/events/${held[0]?.json().order.lines[0].event_id}/tiers/${tierId}`)
    ).json();
    expect(tier).toMatchObject({ sold_count: 50, held_count: 0, remaining: 0 });
  });

  it('never oversells while holds lapse mid-rush, and resells every lapsed seat', async () => {
    const { tierId } = await eventWithTier(50);
    const first = (await Promise.all(Array.from({ length: 100 }, () => buy(tierId)))).filter(
      (r) => r.statusCode === 201,
    );
    expect(first).toHaveLength(50);
    const abandoned = first.slice(0, 20).map((r) => r.json().order.id as string);
    const keepers = first.slice(20);

    // The abandoned holds lapse while a second wave of buyers arrives and the keepers pay.
    const lapse = t.admin.query(`update orders set expires_at = now() where id = any($1::uuid[])`, [abandoned]);
    const [, second, keptPayments] = await Promise.all([
      lapse,
      Promise.all(Array.from({ length: 100 }, () => buy(tierId))),
      Promise.all(keepers.map((r) => pay(r.json().order.id, r.json().access_token))),
    ]);
    expect(keptPayments.every((r) => r.statusCode === 200)).toBe(true);
    for (const r of second.filter((r) => r.statusCode !== 201)) expectErrorShape(r, 409, 'sold_out');
    const lateAbandoners = await Promise.all(
      first.slice(0, 20).map((r) => pay(r.json().order.id, r.json().access_token)),
    );
    for (const r of lateAbandoners) expectErrorShape(r, 409, 'hold_expired');

    // Whatever the second wave did not get, a third wave does; then it is sold out for good.
    const third = await Promise.all(Array.from({ length: 40 }, () => buy(tierId)));
    const newHolds = [...second, ...third].filter((r) => r.statusCode === 201);
    expect(newHolds).toHaveLength(20);
    await Promise.all(newHolds.map((r) => pay(r.json().order.id, r.json().access_token)));
    const final = await until(
      () => counts(tierId),
      (c) => c.taken === 50,
    );
    expect(final).toEqual({ taken: 50, quantity: 50, tickets: 50, paid_quantity: 50, pending_quantity: 0 });
    const expired = await t.admin.query(
      `select count(*)::int as n from orders where id = any($1::uuid[]) and status = 'expired'`,
      [abandoned],
    );
    expect(expired.rows[0].n).toBe(20);
    expectErrorShape(await buy(tierId), 409, 'sold_out');
  });
});

describe('limits per client address', () => {
  it('refuses a script holding order after order from one address with 429, and lets every other address buy', async () => {
    const limited = await startTestApp({
      publicRateLimits: {
        orderHolds: { max: 3, windowMs: 60_000 },
        quotes: { max: 2, windowMs: 60_000 },
        waitlistJoins: { max: 50, windowMs: 60_000 },
        contactMessages: { max: 50, windowMs: 60_000 },
      },
    });
    try {
      const owner = await signUpOrganizer(limited.app);
      const eventId = await publishedEvent(limited.app, owner.token);
      const tierId = (await as(limited.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
      const cart = { tickets: [{ tier_id: tierId, quantity: 2 }] };
      const hold = (address: string) =>
        limited.app.inject({
          method: 'POST',
          url: `/v1/public/organizers/${owner.slug}/orders`,
          remoteAddress: address,
          payload: { buyer: { name: 'Scripted', email: 'script@example.org' }, ...cart },
        });
      const script = '198.51.100.7';
      for (const left of [2, 1, 0]) {
        const held = await hold(script);
        expect(held.statusCode, held.body).toBe(201);
        expect(statedLimits(held)['order-holds']).toEqual({
          quota: 3,
          windowSeconds: 60,
          remaining: left,
          resetSeconds: 60,
        });
      }
      const refused = await hold(script);
      const error = expectErrorShape(refused, 429, 'rate_limited');
      expect(error.message).toContain('Too many orders were started from your address');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(statedLimits(refused)['order-holds']).toMatchObject({ remaining: 0, resetSeconds: retryAfter });
      expect((await hold('198.51.100.8')).statusCode).toBe(201);
      // The refused request held nothing: three orders of two tickets from the script, one from the buyer.
      const { rows } = await limited.admin.query(
        `select (select count(*)::int from orders where tenant_id = $1) as orders,
                (select taken_count from ticket_tiers where id = $2) as taken`,
        [owner.organizerId, tierId],
      );
      expect(rows[0]).toEqual({ orders: 4, taken: 8 });

      const quote = (address: string) =>
        limited.app.inject({
          method: 'POST',
          url: `/v1/public/organizers/${owner.slug}/quote`,
          remoteAddress: address,
          payload: cart,
        });
      expect((await quote(script)).statusCode).toBe(200);
      expect((await quote(script)).statusCode).toBe(200);
      expectErrorShape(await quote(script), 429, 'rate_limited');
      expect((await quote('198.51.100.8')).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe("an organizer's first signing key", () => {
  it('is not kept when the transaction that made it rolls back, so later order links still open', async () => {
    const fresh = await signUpOrganizer(t.app);
    // The first sale made the key, then was refused (or lost its connection) before committing.
    await expect(
      runInTenantAsSystem(t.app.services, fresh.organizerId, async (ctx) => {
        await activeSigningKey(ctx.trx, ctx.tenantId);
        throw new Error('the first sale was refused');
      }),
    ).rejects.toThrow('the first sale was refused');
    const eventId = await publishedEvent(t.app, fresh.token, {
      title: { en: 'After a refused first sale' },
      tiers: [{ name: { en: 'General' }, price_cents: 1500, quantity: 10 }],
    });
    const tierId = (await as(t.app, fresh.token).get(`/v1/events/${eventId}`)).json().tiers[0].id as string;
    // Paying opens the order with the link's token, which the key kept in memory signed.
    const { order, accessToken } = await buyTickets(t.app, fresh.slug, { tickets: [{ tier_id: tierId, quantity: 1 }] });
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${fresh.slug}/orders/${order.id}?token=${encodeURIComponent(accessToken)}`,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().order.tickets).toHaveLength(1);
  });
});
