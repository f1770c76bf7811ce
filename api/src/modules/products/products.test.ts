import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

/**
 * An order with `quantity` of the add-on, as checkout records it: the line, and the units taken
 * from the add-on's stock.
 */
async function orderWith(organizer: Organizer, productId: string, quantity: number, status: 'paid' | 'cancelled') {
  const order = await t.admin.query(
    `insert into orders (tenant_id, number, status, buyer_name, buyer_email, currency, subtotal_cents, total_cents,
       paid_at, cancelled_at)
     values ($1, $2, $3, 'Buyer', 'buyer@example.org', 'USD', 0, 0,
       case when $3 = 'paid' then now() end, case when $3 = 'cancelled' then now() end)
     returning id`,
    [organizer.organizerId, `P${Math.floor(Math.random() * 1e8)}`, status],
  );
  await t.admin.query(
    `insert into order_lines (tenant_id, order_id, kind, product_id, quantity, unit_price_cents, subtotal_cents,
       total_cents)
     values ($1, $2, 'product', $3, $4, 0, 0, 0)`,
    [organizer.organizerId, order.rows[0].id, productId, quantity],
  );
  if (status === 'paid') {
    await t.admin.query('update products set taken_count = taken_count + $2 where id = $1', [productId, quantity]);
  }
}

const parking = (overrides: Record<string, unknown> = {}) => ({
  name: { en: 'Parking pass', am: 'የመኪና ማቆሚያ' },
  price_cents: 1500,
  quantity: 40,
  ...overrides,
});

describe('add-ons', () => {
  it("creates an add-on in the organizer's currency, tied to an event or to none", async () => {
    const organizer = await signUpOrganizer(t.app, { currency: 'CAD' });
    const client = as(t.app, organizer.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const created = await client.post(
      '/v1/products',
      parking({ event_id: event.id, description: { en: 'Lot B, all evening.' }, max_per_order: 2, position: 3 }),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      event_id: event.id,
      name: { en: 'Parking pass', am: 'የመኪና ማቆሚያ' },
      description: { en: 'Lot B, all evening.' },
      price_cents: 1500,
      currency: 'CAD',
      quantity: 40,
      sold_count: 0,
      remaining: 40,
      max_per_order: 2,
      active: true,
      position: 3,
    });
    const loose = await client.post('/v1/products', { name: { en: 'Tote bag' }, price_cents: 2000, quantity: 100 });
    expect(loose.json()).toMatchObject({ event_id: null, description: {}, max_per_order: 10, position: 0 });
    expect((await client.get(`/v1/products/${created.json().id}`)).json()).toEqual(created.json());

    const unknown = expectErrorShape(await client.post('/v1/products', parking({ event_id: randomUUID() })), 422);
    expect(unknown.details[0]?.field).toBe('body.event_id');
  });

  it('changes only the fields sent, and moves between events', async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const product = (await client.post('/v1/products', parking())).json();
    const changed = await client.patch(`/v1/products/${product.id}`, {
      name: { en: 'Valet parking' },
      price_cents: 2500,
      event_id: event.id,
      active: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      name: { en: 'Valet parking' },
      price_cents: 2500,
      event_id: event.id,
      active: false,
      quantity: 40,
    });
    expect(Date.parse(changed.json().updated_at)).toBeGreaterThan(Date.parse(product.updated_at));
    expect((await client.patch(`/v1/products/${product.id}`, { event_id: null })).json().event_id).toBeNull();
    expectErrorShape(await client.patch(`/v1/products/${product.id}`, { event_id: randomUUID() }), 422);
  });

  it('counts what sold, never goes below what is taken, and keeps add-ons with sales', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const product = (await client.post('/v1/products', parking({ quantity: 10 }))).json();
    await orderWith(organizer, product.id, 4, 'paid');
    await orderWith(organizer, product.id, 2, 'cancelled');
    expect((await client.get(`/v1/products/${product.id}`)).json()).toMatchObject({
      quantity: 10,
      sold_count: 4,
      remaining: 6,
    });

    const tooFew = expectErrorShape(await client.patch(`/v1/products/${product.id}`, { quantity: 3 }), 422);
    expect(tooFew.details[0]?.field).toBe('body.quantity');
    expect(tooFew.message).toContain('4 of this add-on');
    expect((await client.patch(`/v1/products/${product.id}`, { quantity: 4 })).json()).toMatchObject({
      quantity: 4,
      remaining: 0,
    });

    expectErrorShape(await client.delete(`/v1/products/${product.id}`), 409, 'product_has_sales');
    expect((await client.get(`/v1/products/${product.id}`)).statusCode).toBe(200);

    const unsold = (await client.post('/v1/products', parking())).json();
    expect((await client.delete(`/v1/products/${unsold.id}`)).statusCode).toBe(204);
    expectErrorShape(await client.get(`/v1/products/${unsold.id}`), 404, 'not_found');
  });

  it("lists add-ons in display order, page by page, or one event's", async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const ids: Record<string, string> = {};
    for (const [name, position, eventId] of [
      ['Shirt', 2, null],
      ['Dinner', 1, event.id],
      ['Parking', 1, null],
      ['Poster', 0, event.id],
      ['Mug', 2, event.id],
    ] as const) {
      ids[name] = (
        await client.post('/v1/products', parking({ name: { en: name }, position, event_id: eventId }))
      ).json().id;
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().data.map((product: { name: { en: string } }) => product.name.en));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(['Poster', 'Dinner', 'Parking', 'Shirt', 'Mug']);

    const forEvent = (await client.get(`/v1/products?event_id=${event.id}`)).json();
    expect(forEvent.data.map((product: { id: string }) => product.id)).toEqual([ids.Poster, ids.Dinner, ids.Mug]);
    expect(forEvent.next_cursor).toBeNull();
  });

  it('lets every member read them, staff change them, and check-in staff only read', async () => {
    const organizer = await signUpOrganizer(t.app);
    const product = (await as(t.app, organizer.token).post('/v1/products', parking())).json();
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    const staff = (await signedInMember(t, organizer, 'staff')).client;
    expect((await door.get(`/v1/products/${product.id}`)).statusCode).toBe(200);
    expect((await door.get('/v1/products')).json().data).toHaveLength(1);
    expectErrorShape(await door.post('/v1/products', parking()), 403, 'forbidden');
    expectErrorShape(await door.patch(`/v1/products/${product.id}`, { price_cents: 1 }), 403, 'forbidden');
    expectErrorShape(await door.delete(`/v1/products/${product.id}`), 403, 'forbidden');
    expect((await staff.post('/v1/products', parking())).statusCode).toBe(201);
    expect((await staff.patch(`/v1/products/${product.id}`, { price_cents: 1 })).json().price_cents).toBe(1);
    expect((await staff.delete(`/v1/products/${product.id}`)).statusCode).toBe(204);
  });
});
