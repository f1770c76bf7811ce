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
import { privateSigningKey, signOrderAccess } from '../tickets/ticket-codes.ts';

let t: TestApp;
let org: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

const CARD_OK = '4242424242424242';
let people = 0;
const person = (name: string) => `${name.toLowerCase()}-${++people}@example.org`;

async function eventWithTier(quantity: number, tier: Record<string, unknown> = {}) {
  const eventId = await publishedEvent(t.app, org.token, {
    tiers: [{ name: { en: 'General' }, price_cents: 2500, quantity, max_per_order: 4, ...tier }],
  });
  const event = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json();
  return { eventId, tierId: event.tiers[0].id as string };
}

function buy(tierId: string, email: string, quantity = 1) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${org.slug}/orders`,
    payload: { buyer: { name: 'Hana Tesfaye', email }, tickets: [{ tier_id: tierId, quantity }] },
  });
}

function pay(orderId: string, token: string) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${org.slug}/orders/${orderId}/pay?token=${encodeURIComponent(token)}`,
    payload: { method: 'card', card_number: CARD_OK },
  });
}

/** Buys and pays; returns the paid order's id. */
async function bought(tierId: string, email = person('buyer'), quantity = 1): Promise<string> {
  const held = await buy(tierId, email, quantity);
  expect(held.statusCode, held.body).toBe(201);
  const paid = await pay(held.json().order.id, held.json().access_token);
  expect(paid.statusCode, paid.body).toBe(200);
  return held.json().order.id;
}

function join(body: Record<string, unknown>, slug = org.slug) {
  return t.app.inject({ method: 'POST', url: `/v1/public/organizers/${slug}/waitlist`, payload: body });
}

async function joined(tierId: string, email: string, quantity = 1): Promise<string> {
  const response = await join({ tier_id: tierId, email, name: `Waiting ${email}`, quantity });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function refund(orderId: string) {
  const response = await as(t.app, org.token).post(`/v1/orders/${orderId}/refunds`, {});
  expect(response.statusCode, response.body).toBe(200);
}

interface Entry {
  id: string;
  tier_id: string;
  email: string;
  status: string;
  position_in_line: number | null;
  offer: { order_id: string | null; offered_at: string; expires_at: string } | null;
}

async function waitlistOf(eventId: string, query = ''): Promise<Entry[]> {
  const response = await as(t.app, org.token).get(`/v1/events/${eventId}/waitlist?limit=100${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

async function entry(eventId: string, entryId: string): Promise<Entry> {
  const found = (await waitlistOf(eventId)).find((e) => e.id === entryId);
  if (!found) throw new Error(`entry ${entryId} is not listed`);
  return found;
}

/** Polls until `probe` gives something `done` accepts; fails with the last value after the timeout. */
async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const offered = (eventId: string, entryId: string) =>
  until(
    `an offer to ${entryId}`,
    () => entry(eventId, entryId),
    (e) => e.status === 'offered',
  );

/** Jobs of `task` still queued or running (graphile-worker's public view leaves the payload out). */
async function queuedJobs(task: string): Promise<{ payload: Record<string, string>; failed: boolean }[]> {
  const { rows } = await t.admin.query(
    `select j.payload, j.attempts >= j.max_attempts as failed from graphile_worker._private_jobs j
     join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = $1`,
    [task],
  );
  return rows;
}

/** Waits until no offer job of the tier is queued or running: its runs made every offer they will. */
async function offerJobsDone(tierId: string) {
  await until(
    'the waitlist job to finish',
    async () =>
      (await queuedJobs('waitlist__offer_seats')).filter((job) => job.payload.tierId === tierId && !job.failed),
    (jobs) => jobs.length === 0,
  );
}

async function remaining(eventId: string, tierId: string): Promise<number> {
  const tier = await as(t.app, org.token).get(`/v1/events/${eventId}/tiers/${tierId}`);
  return tier.json().remaining;
}

/** The access token the offer email's link carries (signed as the notification job signs it). */
async function offerToken(orderId: string): Promise<string> {
  const { rows } = await t.admin.query(
    'select id, private_key from ticket_signing_keys where tenant_id = $1 and retired_at is null',
    [org.organizerId],
  );
  return signOrderAccess(privateSigningKey(rows[0].id, rows[0].private_key), org.organizerId, orderId);
}

async function addJob(task: string, payload: Record<string, string>, jobKey: string | null = null) {
  await t.admin.query('select graphile_worker.add_job($1, $2::json, job_key => $3)', [
    task,
    JSON.stringify(payload),
    jobKey,
  ]);
}

describe('joining', () => {
  it('takes a place at the end of the line of a sold-out tier', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    await bought(tierId);
    const soldOut = await buy(tierId, person('late'));
    expectErrorShape(soldOut, 409, 'sold_out');

    const first = await join({
      tier_id: tierId,
      email: 'Selam@Example.org',
      name: ' Selam ',
      quantity: 1,
      locale: 'am',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({
      id: expect.any(String),
      tier_id: tierId,
      status: 'waiting',
      position_in_line: 1,
      quantity: 1,
      created_at: expect.any(String),
    });
    const second = await join({ tier_id: tierId, email: person('dawit'), name: 'Dawit', quantity: 2 });
    expect(second.json()).toMatchObject({ status: 'waiting', position_in_line: 2, quantity: 2 });

    const listed = await waitlistOf(eventId);
    expect(listed.map((e) => [e.id, e.position_in_line])).toEqual([
      [first.json().id, 1],
      [second.json().id, 2],
    ]);
    expect(listed[0]).toMatchObject({ email: 'selam@example.org', name: 'Selam', locale: 'am', offer: null });
  });

  it('allows one open place per email and tier', async () => {
    const { tierId } = await eventWithTier(1);
    await bought(tierId);
    const email = person('twice');
    await joined(tierId, email);
    const again = await join({ tier_id: tierId, email: email.toUpperCase(), name: 'Again', quantity: 2 });
    expectErrorShape(again, 409, 'already_on_waitlist');
    expect(again.json().error.details[0].field).toBe('body.email');
  });

  it('sends people to buy while enough tickets are left', async () => {
    const { tierId } = await eventWithTier(3);
    await bought(tierId, person('early'), 2);
    const available = await join({ tier_id: tierId, email: person('eager'), name: 'Eager', quantity: 1 });
    expectErrorShape(available, 409, 'tickets_available');
    expect(available.json().error.message).toContain('Buy them now');
    // One left, two wanted: sold out for this request.
    expect((await join({ tier_id: tierId, email: person('pair'), name: 'Pair', quantity: 2 })).statusCode).toBe(201);
  });

  it('refuses hidden tiers, unknown tiers, unpublished events and quantities outside the per-order limits', async () => {
    const { eventId, tierId } = await eventWithTier(1, { max_per_order: 2 });
    await bought(tierId);
    const body = { tier_id: tierId, email: person('rules'), name: 'Rules', quantity: 1 };
    expectErrorShape(await join({ ...body, quantity: 3 }), 422, 'invalid_input');
    expectErrorShape(await join({ ...body, tier_id: '00000000-0000-4000-8000-000000000000' }), 422, 'invalid_input');
    expectErrorShape(await join(body, 'no-such-organizer'), 404, 'not_found');

    const owner = as(t.app, org.token);
    expect((await owner.patch(`/v1/events/${eventId}/tiers/${tierId}`, { hidden: true })).statusCode).toBe(200);
    expectErrorShape(await join(body), 422, 'invalid_input');
    expect((await owner.patch(`/v1/events/${eventId}/tiers/${tierId}`, { hidden: false })).statusCode).toBe(200);
    expect((await owner.post(`/v1/events/${eventId}/unpublish`)).statusCode).toBe(200);
    expectErrorShape(await join(body), 422, 'not_on_sale');
    expect(await waitlistOf(eventId)).toEqual([]);
  });
  it('refuses newcomers while the organizer keeps no waitlist; people already in line keep their place', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const orderToRefund = await bought(tierId);
    const early = await joined(tierId, person('early'));
    const owner = as(t.app, org.token);
    const closed = await owner.patch(`/v1/events/${eventId}`, { waitlist_enabled: false });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().waitlist_enabled).toBe(false);

    const late = { tier_id: tierId, email: person('late'), name: 'Late', quantity: 1 };
    const refused = expectErrorShape(await join(late), 409, 'waitlist_closed');
    expect(refused.message).toContain('no waitlist for this event');
    expect(refused.details.map((detail) => detail.field)).toEqual(['body.tier_id']);
    expect((await waitlistOf(eventId)).map((e) => e.id)).toEqual([early]);

    await refund(orderToRefund);
    await offered(eventId, early);
    expect((await owner.patch(`/v1/events/${eventId}`, { waitlist_enabled: true })).statusCode).toBe(200);
    expect((await join(late)).statusCode).toBe(201);
  });

  it('limits joins per email and per client address with 429 in the error shape', async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      const eventId = await publishedEvent(limited.app, owner.token);
      const tierId = (await as(limited.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
      const join = (email: string, address = '203.0.113.9') =>
        limited.app.inject({
          method: 'POST',
          url: `/v1/public/organizers/${owner.slug}/waitlist`,
          remoteAddress: address,
          payload: { tier_id: tierId, email, name: 'Waiting person', quantity: 1 },
        });
      // Refused while tickets are left, but each try still counts.
      for (let i = 0; i < 2; i++) expectErrorShape(await join('line@example.org'), 409, 'tickets_available');
      const blocked = expectErrorShape(await join('line@example.org'), 429, 'rate_limited');
      expect(blocked.message).toMatch(/waitlists/);
      expectErrorShape(await join('LINE@example.org', '203.0.113.10'), 429, 'rate_limited');
      expectErrorShape(await join('other@example.org'), 409, 'tickets_available');
    } finally {
      await limited.stop();
    }
  });
});

describe('offers', () => {
  it('sold out → join → a refund → an offer holding the seat → the buyer pays → a paid order, entry claimed', async () => {
    const { eventId, tierId } = await eventWithTier(2);
    const firstOrder = await bought(tierId, person('abebe'));
    await bought(tierId, person('bethlehem'));
    expectErrorShape(await buy(tierId, person('chaltu')), 409, 'sold_out');
    const chaltu = person('chaltu');
    const entryId = await joined(tierId, chaltu);
    await offerJobsDone(tierId);
    expect((await entry(eventId, entryId)).status).toBe('waiting');

    await refund(firstOrder);
    const offer = await offered(eventId, entryId);
    expect(offer.position_in_line).toBeNull();
    const orderId = offer.offer?.order_id as string;
    expect(orderId).toEqual(expect.any(String));
    const minutes =
      (Date.parse(offer.offer?.expires_at as string) - Date.parse(offer.offer?.offered_at as string)) / 60_000;
    expect(minutes).toBeCloseTo(60, 0);

    // The offer is a pending order for Chaltu holding the returned seat: nobody else can take it.
    const order = (await as(t.app, org.token).get(`/v1/orders/${orderId}`)).json();
    expect(order).toMatchObject({
      status: 'pending',
      waitlist_offer: true,
      buyer: { email: chaltu },
      total_cents: 2500,
      expires_at: offer.offer?.expires_at,
    });
    expect(order.lines).toMatchObject([{ kind: 'ticket', tier_id: tierId, quantity: 1 }]);
    expect(await remaining(eventId, tierId)).toBe(0);
    const publicTier = (await t.app.inject({ method: 'GET', url: `/v1/public/events/${eventId}` })).json().tiers[0];
    expect(publicTier).toMatchObject({ remaining: 0, sold_out: true });
    expectErrorShape(await buy(tierId, person('dereje')), 409, 'sold_out');

    // The link in the offer email opens the order; paying it claims the seat.
    const token = await offerToken(orderId);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${orderId}?token=${encodeURIComponent(token)}`,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const paid = await pay(orderId, token);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().order).toMatchObject({ status: 'paid', waitlist_offer: true });
    expect(paid.json().order.tickets).toHaveLength(1);
    expect(paid.json().order.tickets[0]).toMatchObject({ tier_id: tierId, status: 'valid', code: expect.any(String) });
    expect((await entry(eventId, entryId)).status).toBe('claimed');
    expect(await remaining(eventId, tierId)).toBe(0);
  });

  it('holds returned seats for the line from the moment they return: nobody outside it can buy them first', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const order = await bought(tierId);
    const waiting = await joined(tierId, person('first-in-line'));
    await refund(order);
    // The refund itself made the offer, in its own transaction; no job had to run first.
    expect((await entry(eventId, waiting)).status).toBe('offered');
    expectErrorShape(await buy(tierId, person('outsider')), 409, 'sold_out');
  });

  it('claims an offer of free tickets without charging anything', async () => {
    const { eventId, tierId } = await eventWithTier(1, { price_cents: 0 });
    const free = (await buy(tierId, person('free'))).json();
    expect(free.order).toMatchObject({ status: 'paid', payment_method: 'free' });
    const entryId = await joined(tierId, person('next'));
    await refund(free.order.id);
    const orderId = (await offered(eventId, entryId)).offer?.order_id as string;

    // Whatever method the storefront sends, a free order is claimed, not charged.
    const claimed = await pay(orderId, await offerToken(orderId));
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().order).toMatchObject({
      status: 'paid',
      payment_method: 'free',
      test_mode: false,
      total_cents: 0,
    });
    expect(claimed.json().order.tickets).toHaveLength(1);
    const { rows } = await t.admin.query('select provider, amount_cents from payments where order_id = $1', [orderId]);
    expect(rows).toEqual([{ provider: 'free', amount_cents: 0 }]);
    expect((await entry(eventId, entryId)).status).toBe('claimed');
  });

  it('emails the offer with a link that opens the held order', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const orderToRefund = await bought(tierId);
    const email = person('mail');
    const entryId = await joined(tierId, email);
    await refund(orderToRefund);
    const offer = await offered(eventId, entryId);
    const started = Date.now();
    while (
      !t.buyerMail.sent.some((m) => m.kind === 'waitlist_offer' && m.to === email) &&
      Date.now() - started < 10_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mail = t.buyerMail.sent.find((m) => m.kind === 'waitlist_offer' && m.to === email);
    expect(mail?.link).toContain(`/orders/${offer.offer?.order_id}?token=`);
    const link = new URL(mail?.link ?? 'http://x');
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${offer.offer?.order_id}?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().order).toMatchObject({ status: 'pending', waitlist_offer: true });
  });

  it('passes an offer that lapses to the next person in line', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const orderToRefund = await bought(tierId);
    const first = await joined(tierId, person('first'));
    const second = await joined(tierId, person('second'));
    await refund(orderToRefund);
    const offer = await offered(eventId, first);
    const orderId = offer.offer?.order_id as string;
    expect((await entry(eventId, second)).status).toBe('waiting');

    // Time passes: the offer's hold lapses and the sweep of lapsed holds runs.
    await t.admin.query(`update orders set expires_at = now() - interval '1 second' where id = $1`, [orderId]);
    await addJob('orders__sweep_holds', {}, 'sweep-holds');

    const next = await offered(eventId, second);
    expect((await entry(eventId, first)).status).toBe('expired');
    expect((await as(t.app, org.token).get(`/v1/orders/${orderId}`)).json().status).toBe('expired');
    expect(next.offer?.order_id).not.toBe(orderId);
    expect(await remaining(eventId, tierId)).toBe(0);
    // The lapsed offer can no longer be paid.
    expectErrorShape(await pay(orderId, await offerToken(orderId)), 409, 'hold_expired');
  });

  it('keeps strict line order: a smaller request behind does not jump a larger one', async () => {
    const { eventId, tierId } = await eventWithTier(2);
    const one = await bought(tierId);
    const other = await bought(tierId);
    const pair = await joined(tierId, person('pair'), 2);
    const single = await joined(tierId, person('single'), 1);
    await refund(one);
    await offerJobsDone(tierId);
    expect((await entry(eventId, pair)).status).toBe('waiting');
    expect((await entry(eventId, single)).status).toBe('waiting');
    expect(await remaining(eventId, tierId)).toBe(1);

    await refund(other);
    await offered(eventId, pair);
    await offerJobsDone(tierId);
    expect((await entry(eventId, single)).status).toBe('waiting');
    expect(await remaining(eventId, tierId)).toBe(0);
  });

  it('offers several people at once while tickets last, and running the job again offers nothing twice', async () => {
    const { eventId, tierId } = await eventWithTier(3);
    const order = await bought(tierId, person('group'), 3);
    const ids = [
      await joined(tierId, person('a')),
      await joined(tierId, person('b')),
      await joined(tierId, person('c'), 2),
    ];
    await refund(order);
    await offered(eventId, ids[1] as string);
    await offerJobsDone(tierId);
    // Two seats for the first two; the third wants two and one is left.
    expect((await waitlistOf(eventId)).map((e) => e.status)).toEqual(['offered', 'offered', 'waiting']);
    expect(await remaining(eventId, tierId)).toBe(1);

    for (let i = 0; i < 3; i++) await addJob('waitlist__offer_seats', { tenantId: org.organizerId, tierId });
    await offerJobsDone(tierId);
    const { rows } = await t.admin.query(
      `select waitlist_entry_id, count(*)::int as n from orders where waitlist_entry_id = any($1::uuid[]) group by 1`,
      [ids],
    );
    expect(rows.map((row) => row.n)).toEqual([1, 1]);
    expect((await waitlistOf(eventId)).map((e) => e.status)).toEqual(['offered', 'offered', 'waiting']);
    expect(await remaining(eventId, tierId)).toBe(1);
  });

  it('makes no offer while the waitlist is paused, and offers once it is unpaused', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const order = await bought(tierId);
    const waiting = await joined(tierId, person('patient'));
    const owner = as(t.app, org.token);
    const paused = await owner.patch(`/v1/events/${eventId}/tiers/${tierId}`, { waitlist_paused: true });
    expect(paused.statusCode, paused.body).toBe(200);

    await refund(order);
    await offerJobsDone(tierId);
    expect((await entry(eventId, waiting)).status).toBe('waiting');
    expect(await remaining(eventId, tierId)).toBe(1);

    expect((await owner.patch(`/v1/events/${eventId}/tiers/${tierId}`, { waitlist_paused: false })).statusCode).toBe(
      200,
    );
    await offered(eventId, waiting);
    expect(await remaining(eventId, tierId)).toBe(0);
  });
});

describe('the organizer', () => {
  it('reorders the line, and the next offer goes to whoever is first', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const order = await bought(tierId);
    const x = await joined(tierId, person('x'));
    const y = await joined(tierId, person('y'));
    const z = await joined(tierId, person('z'));
    const owner = as(t.app, org.token);
    const line = async () => (await waitlistOf(eventId, `&tier_id=${tierId}`)).map((e) => [e.id, e.position_in_line]);

    const moved = await owner.post(`/v1/waitlist/${z}/move`, { before_entry_id: x });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: z, status: 'waiting', position_in_line: 1 });
    expect(await line()).toEqual([
      [z, 1],
      [x, 2],
      [y, 3],
    ]);
    expect((await owner.post(`/v1/waitlist/${x}/move`, { after_entry_id: y })).statusCode).toBe(200);
    expect(await line()).toEqual([
      [z, 1],
      [y, 2],
      [x, 3],
    ]);
    // Many moves into one gap stay in order (positions are spaced out again when they run out).
    for (let i = 0; i < 60; i++) {
      const [mover, anchor] = i % 2 === 0 ? [x, y] : [y, x];
      expect((await owner.post(`/v1/waitlist/${mover}/move`, { before_entry_id: anchor })).statusCode).toBe(200);
    }
    expect(await line()).toEqual([
      [z, 1],
      [y, 2],
      [x, 3],
    ]);
    expect((await owner.post(`/v1/waitlist/${y}/move`, { before_entry_id: z })).statusCode).toBe(200);

    await refund(order);
    await offered(eventId, y);
    expect((await entry(eventId, z)).status).toBe('waiting');

    const offeredMove = await owner.post(`/v1/waitlist/${y}/move`, { after_entry_id: x });
    expectErrorShape(offeredMove, 409, 'not_waiting');
    expectErrorShape(await owner.post(`/v1/waitlist/${x}/move`, { before_entry_id: y }), 422, 'invalid_input');
    expectErrorShape(await owner.post(`/v1/waitlist/${x}/move`, { before_entry_id: x }), 422, 'invalid_input');
    const elsewhere = await eventWithTier(1);
    await bought(elsewhere.tierId);
    const stranger = await joined(elsewhere.tierId, person('stranger'));
    const otherTier = await owner.post(`/v1/waitlist/${x}/move`, { after_entry_id: stranger });
    expect(expectErrorShape(otherTier, 422, 'invalid_input').details[0]?.field).toBe('body.after_entry_id');
  });

  it('removes people; an open offer is cancelled and passes to the next person', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    const order = await bought(tierId);
    const first = await joined(tierId, person('first'));
    const second = await joined(tierId, person('second'));
    const third = await joined(tierId, person('third'));
    const owner = as(t.app, org.token);

    const removed = await owner.delete(`/v1/waitlist/${second}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await owner.delete(`/v1/waitlist/${second}`)).statusCode).toBe(204);
    const line = await waitlistOf(eventId);
    expect(line.map((e) => [e.status, e.position_in_line])).toEqual([
      ['waiting', 1],
      ['removed', null],
      ['waiting', 2],
    ]);
    expect((await waitlistOf(eventId, '&status=removed')).map((e) => e.id)).toEqual([second]);

    await refund(order);
    const offer = await offered(eventId, first);
    expect((await owner.delete(`/v1/waitlist/${first}`)).statusCode).toBe(204);
    expect((await owner.get(`/v1/orders/${offer.offer?.order_id}`)).json().status).toBe('cancelled');
    expect((await entry(eventId, first)).status).toBe('removed');
    const next = await offered(eventId, third);

    expect(
      (await pay(next.offer?.order_id as string, await offerToken(next.offer?.order_id as string))).statusCode,
    ).toBe(200);
    expectErrorShape(await owner.delete(`/v1/waitlist/${third}`), 409, 'offer_claimed');
    expect((await entry(eventId, third)).status).toBe('claimed');
  });

  it('lets every member read the waitlist and only editors change it', async () => {
    const { eventId, tierId } = await eventWithTier(1);
    await bought(tierId);
    const a = await joined(tierId, person('a'));
    const b = await joined(tierId, person('b'));
    const email = person('door');
    expect((await as(t.app, org.token).post('/v1/organizer/members', { email, role: 'check_in' })).statusCode).toBe(
      201,
    );
    const password = 'chosen by the invitee';
    const reset = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token: (await t.mail.received('invitation', email)).token, password },
    });
    expect(reset.statusCode, reset.body).toBeLessThan(300);
    const signIn = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    const door = as(t.app, signIn.json().token);

    const list = await door.get(`/v1/events/${eventId}/waitlist`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toHaveLength(2);
    expectErrorShape(await door.post(`/v1/waitlist/${b}/move`, { before_entry_id: a }), 403, 'forbidden');
    expectErrorShape(await door.delete(`/v1/waitlist/${a}`), 403, 'forbidden');
    expect((await waitlistOf(eventId)).map((e) => [e.id, e.status])).toEqual([
      [a, 'waiting'],
      [b, 'waiting'],
    ]);
  });

  it('pages through a long waitlist by tier, then place in line', async () => {
    const eventId = await publishedEvent(t.app, org.token, {
      tiers: [
        { name: { en: 'Front' }, price_cents: 5000, quantity: 1 },
        { name: { en: 'Back' }, price_cents: 1000, quantity: 1 },
      ],
    });
    const tiers = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers as { id: string }[];
    const [front, back] = tiers.map((tier) => tier.id) as [string, string];
    await bought(front);
    await bought(back);
    const expected: string[] = [];
    for (let i = 0; i < 3; i++) expected.push(await joined(front, person('front')));
    const backIds: string[] = [];
    for (let i = 0; i < 3; i++) backIds.push(await joined(back, person('back')));
    expected.push(...backIds);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await as(t.app, org.token).get(`/v1/events/${eventId}/waitlist${query}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().data.map((e: Entry) => e.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect((await waitlistOf(eventId, `&tier_id=${back}`)).map((e) => e.position_in_line)).toEqual([1, 2, 3]);
    expectErrorShape(
      await as(t.app, org.token).get(`/v1/events/${eventId}/waitlist?cursor=garbage`),
      400,
      'invalid_cursor',
    );
    expectErrorShape(await as(t.app, org.token).get(`/v1/events/${eventId}/waitlist?status=gone`), 400);
  });
});
