import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type BoughtTicket,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { generateSigningKey, privateSigningKey, signTicketCode } from '../tickets/ticket-codes.ts';

let t: TestApp;
let org: Organizer;
let other: Organizer;
const ev = { gala: '', general: '', vip: '', dinner: '', dinnerTier: '' };

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
  other = await signUpOrganizer(t.app);
  ev.gala = await publishedEvent(t.app, org.token, {
    title: { en: 'Spring Gala' },
    tiers: [
      { name: { en: 'General' }, price_cents: 2500, quantity: 500, max_per_order: 50 },
      { name: { en: 'VIP' }, price_cents: 9000, quantity: 50 },
    ],
  });
  const gala = (await as(t.app, org.token).get(`/v1/events/${ev.gala}`)).json();
  ev.general = gala.tiers[0].id;
  ev.vip = gala.tiers[1].id;
  ev.dinner = await publishedEvent(t.app, org.token, { title: { en: 'Harvest Dinner' } });
  ev.dinnerTier = (await as(t.app, org.token).get(`/v1/events/${ev.dinner}`)).json().tiers[0].id;
});
afterAll(() => t.stop());

/** Buys and pays through the storefront, as a buyer would; returns the order and its tickets. */
async function buy(
  organizer: Organizer,
  tierId: string,
  quantity = 1,
  buyer: { name?: string; email?: string; attendee_names?: string[] } = {},
) {
  const { attendee_names, ...who } = buyer;
  const { order } = await buyTickets(t.app, organizer.slug, {
    buyer: who,
    tickets: [{ tier_id: tierId, quantity, ...(attendee_names ? { attendee_names } : {}) }],
  });
  expect(order.tickets).toHaveLength(quantity);
  return { orderId: order.id, number: order.number, tickets: order.tickets };
}

function scan(token: string, eventId: string, code: string, deviceId = 'Door 1 – iPad') {
  return as(t.app, token).post(`/v1/events/${eventId}/scans`, { code, device_id: deviceId });
}

async function ticketRow(ticketId: string) {
  const { rows } = await t.admin.query(
    'select checked_in_at, checked_in_device, checked_in_by from tickets where id = $1',
    [ticketId],
  );
  return rows[0] as { checked_in_at: Date | null; checked_in_device: string | null; checked_in_by: string | null };
}

async function logOf(ticketId: string) {
  const { rows } = await t.admin.query(
    'select action, reason, device_id, user_id from check_ins where ticket_id = $1 order by created_at, id',
    [ticketId],
  );
  return rows as { action: string; reason: string | null; device_id: string; user_id: string | null }[];
}

/** The organizer's own private key, read from the database, to sign codes the API never issued. */
async function privateKeyOf(organizer: Organizer) {
  const { rows } = await t.admin.query(
    'select id, private_key from ticket_signing_keys where tenant_id = $1 and retired_at is null',
    [organizer.organizerId],
  );
  return privateSigningKey(rows[0].id, rows[0].private_key);
}

describe('two scanners, one ticket', () => {
  it('admits exactly once when 20 devices scan the same code at the same moment, for every ticket', async () => {
    const { tickets } = await buy(org, ev.general, 6);
    const scans = tickets.flatMap((ticket) =>
      Array.from({ length: 20 }, (_, i) => ({ ticket, device: `Door ${i + 1} – iPad` })),
    );
    // Interleave the tickets so scans of different tickets contend for connections too.
    scans.sort(() => Math.random() - 0.5);
    const responses = await Promise.all(
      scans.map(async ({ ticket, device }) => ({
        ticket,
        device,
        response: await scan(org.token, ev.gala, ticket.code, device),
      })),
    );

    for (const ticket of tickets) {
      const mine = responses.filter((r) => r.ticket.id === ticket.id);
      expect(mine).toHaveLength(20);
      for (const { response } of mine) expect(response.statusCode, response.body).toBe(200);
      const bodies = mine.map(({ device, response }) => ({ device, body: response.json() }));
      const admitted = bodies.filter(({ body }) => body.outcome === 'admitted');
      expect(admitted).toHaveLength(1);
      const winner = admitted[0] as (typeof bodies)[number];
      expect(winner.body.ticket).toMatchObject({ id: ticket.id, checked_in_device: winner.device });
      const others = bodies.filter(({ body }) => body.outcome !== 'admitted');
      expect(others).toHaveLength(19);
      for (const { body } of others) {
        expect(body).toMatchObject({ outcome: 'already_checked_in', reason: 'already_checked_in' });
        expect(body.ticket).toMatchObject({
          id: ticket.id,
          checked_in_device: winner.device,
          checked_in_at: winner.body.ticket.checked_in_at,
        });
        expect(body.message).toContain(winner.device);
      }

      const row = await ticketRow(ticket.id);
      expect(row.checked_in_at?.toISOString()).toBe(winner.body.ticket.checked_in_at);
      expect(row.checked_in_device).toBe(winner.device);
      expect(row.checked_in_by).toBe(org.userId);
      const log = await logOf(ticket.id);
      expect(log.filter((entry) => entry.action === 'admitted')).toEqual([
        { action: 'admitted', reason: null, device_id: winner.device, user_id: org.userId },
      ]);
      expect(log.filter((entry) => entry.action === 'refused' && entry.reason === 'already_checked_in')).toHaveLength(
        19,
      );
    }
  });

  it('answers a later second scan with when and by which device it was admitted', async () => {
    const { tickets } = await buy(org, ev.general, 1, { attendee_names: ['Selam Bekele'] });
    const ticket = tickets[0] as BoughtTicket;
    const first = await scan(org.token, ev.gala, ticket.code, 'Main entrance – Pixel');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      outcome: 'admitted',
      reason: null,
      ticket: { id: ticket.id, tier_name: { en: 'General' }, attendee_name: 'Selam Bekele' },
    });
    expect(first.json().message).toContain('Selam Bekele');

    const second = await scan(org.token, ev.gala, ` ${ticket.code}\n`, 'Side door – iPad');
    expect(second.statusCode).toBe(200);
    const body = second.json();
    expect(body).toMatchObject({
      outcome: 'already_checked_in',
      reason: 'already_checked_in',
      ticket: {
        id: ticket.id,
        checked_in_device: 'Main entrance – Pixel',
        checked_in_at: first.json().ticket.checked_in_at,
      },
    });
    expect(body.message).toMatch(
      /^Already checked in on \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M by “Main entrance – Pixel”/,
    );
    expect((await ticketRow(ticket.id)).checked_in_device).toBe('Main entrance – Pixel');
    expect((await logOf(ticket.id)).map((entry) => [entry.action, entry.reason, entry.device_id])).toEqual([
      ['admitted', null, 'Main entrance – Pixel'],
      ['refused', 'already_checked_in', 'Side door – iPad'],
    ]);
  });
});

describe('refusals', () => {
  async function expectRefused(code: string, reason: string, eventId = ev.gala) {
    const before = await t.admin.query(
      `select count(*)::int as n from tickets where tenant_id = $1 and checked_in_at is not null`,
      [org.organizerId],
    );
    const response = await scan(org.token, eventId, code, 'Refusal door');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ outcome: 'refused', reason });
    expect(body.message).toMatch(/\.$/);
    const after = await t.admin.query(
      `select count(*)::int as n from tickets where tenant_id = $1 and checked_in_at is not null`,
      [org.organizerId],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const logged = await t.admin.query(
      `select action, reason, ticket_id, event_id from check_ins where tenant_id = $1 and device_id = 'Refusal door'
       order by created_at desc, id desc limit 1`,
      [org.organizerId],
    );
    expect(logged.rows[0]).toMatchObject({ action: 'refused', reason, event_id: eventId });
    return { body, logged: logged.rows[0] as { ticket_id: string | null } };
  }

  it("refuses another event's ticket, naming that event", async () => {
    const { tickets } = await buy(org, ev.dinnerTier);
    const ticket = tickets[0] as BoughtTicket;
    const { body, logged } = await expectRefused(ticket.code, 'wrong_event');
    expect(body.message).toContain('Harvest Dinner');
    expect(body.ticket).toMatchObject({ id: ticket.id, event_id: ev.dinner, checked_in_at: null });
    expect(logged.ticket_id).toBe(ticket.id);
    // At its own event it admits.
    expect((await scan(org.token, ev.dinner, ticket.code)).json().outcome).toBe('admitted');
  });

  it('refuses a refunded ticket, saying so, and still admits the rest of the order', async () => {
    const { orderId, tickets } = await buy(org, ev.general, 2);
    const [refunded, kept] = tickets as [BoughtTicket, BoughtTicket];
    const refund = await as(t.app, org.token).post(`/v1/orders/${orderId}/refunds`, { ticket_ids: [refunded.id] });
    expect(refund.statusCode, refund.body).toBe(200);
    const { body } = await expectRefused(refunded.code, 'revoked');
    expect(body.message).toMatch(/refunded/);
    expect(body.ticket).toMatchObject({ id: refunded.id, status: 'revoked' });
    expect((await scan(org.token, ev.gala, kept.code)).json().outcome).toBe('admitted');
  });

  it('refuses forged and tampered codes', async () => {
    const { tickets } = await buy(org, ev.general, 2);
    const [ticket, sibling] = tickets as [BoughtTicket, BoughtTicket];
    const [version, kid, payload, signature] = ticket.code.split('.') as [string, string, string, string];

    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    await expectRefused(`${version}.${kid}.${payload}.${flip(signature, 20)}`, 'invalid_code');
    // The signature of one ticket on the payload of its sibling.
    const siblingPayload = sibling.code.split('.')[2];
    await expectRefused(`${version}.${kid}.${siblingPayload}.${signature}`, 'invalid_code');

    // Signed by a key that merely claims this organizer's key id.
    const impostor = privateSigningKey(kid, generateSigningKey().privateKeyDer);
    const claims = { tenantId: org.organizerId, eventId: ev.gala, ticketId: ticket.id };
    await expectRefused(signTicketCode(impostor, claims), 'invalid_code');

    // Signed with another organizer's real key, claiming this organizer's ticket.
    await buy(other, (await otherTier()).tierId);
    await expectRefused(signTicketCode(await privateKeyOf(other), claims), 'invalid_code');

    for (const garbage of [
      'hello, world!',
      'AP1.x.y.z',
      `${ticket.code}x`,
      ticket.code.toLowerCase(),
      '{"ticket":1}',
    ]) {
      const { body, logged } = await expectRefused(garbage, 'invalid_code');
      expect(body.ticket).toBeNull();
      expect(logged.ticket_id).toBeNull();
    }
    expect((await ticketRow(ticket.id)).checked_in_at).toBeNull();
    expect((await scan(org.token, ev.gala, ticket.code)).json().outcome).toBe('admitted');
  });

  async function otherTier() {
    const eventId = await publishedEvent(t.app, other.token, { title: { en: 'Other organizer night' } });
    return {
      eventId,
      tierId: (await as(t.app, other.token).get(`/v1/events/${eventId}`)).json().tiers[0].id as string,
    };
  }

  it("refuses another organizer's ticket", async () => {
    const { eventId, tierId } = await otherTier();
    const { tickets } = await buy(other, tierId);
    const ticket = tickets[0] as BoughtTicket;
    const { body } = await expectRefused(ticket.code, 'other_organizer');
    expect(body.ticket).toBeNull();
    expect(body.message).not.toContain('Other organizer night');
    // Still good at its own door.
    expect((await scan(other.token, eventId, ticket.code)).json().outcome).toBe('admitted');
  });

  it('refuses a genuinely signed code of a ticket that does not exist', async () => {
    await buy(org, ev.general);
    const code = signTicketCode(await privateKeyOf(org), {
      tenantId: org.organizerId,
      eventId: ev.gala,
      ticketId: randomUUID(),
    });
    const { body } = await expectRefused(code, 'unknown_ticket');
    expect(body.ticket).toBeNull();
  });

  it('refuses every ticket at a cancelled event', async () => {
    const eventId = await publishedEvent(t.app, org.token, { title: { en: 'Rained out picnic' } });
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { tickets } = await buy(org, tierId);
    const ticket = tickets[0] as BoughtTicket;
    expect((await as(t.app, org.token).post(`/v1/events/${eventId}/cancel`)).statusCode).toBe(200);
    const { body } = await expectRefused(ticket.code, 'event_cancelled', eventId);
    expect(body.message).toMatch(/cancelled/);
  });
});

/** What a person types from a ticket's short code: its letters in another case, spaced or hyphenated differently. */
const typed = {
  lower: (code: string) => code.toLowerCase(),
  bare: (code: string) => code.replaceAll('-', ''),
  spaced: (code: string) => ` ${code.replaceAll('-', '').replace(/(.{2})/g, '$1 ')}`,
};

describe('short codes typed at the door', () => {
  it('issues every ticket a short code, grouped for reading, shown in the order, the door and the attendee list', async () => {
    const { orderId, tickets } = await buy(org, ev.vip, 2);
    const codes = tickets.map((ticket) => (ticket as BoughtTicket).short_code);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(new Set(codes).size).toBe(2);
    const order = (await as(t.app, org.token).get(`/v1/orders/${orderId}`)).json();
    expect(order.tickets.map((ticket: { short_code: string }) => ticket.short_code).sort()).toEqual([...codes].sort());
    const { rows } = await t.admin.query('select id, short_code from tickets where order_id = $1', [orderId]);
    for (const row of rows) {
      const shown = tickets.find((ticket) => ticket.id === row.id) as BoughtTicket;
      expect(shown.short_code.replaceAll('-', '')).toBe(row.short_code);
    }
    const attendees = (await as(t.app, org.token).get(`/v1/events/${ev.gala}/attendees?q=${codes[0]}`)).json().data;
    expect(attendees).toEqual([expect.objectContaining({ ticket_id: tickets[0]?.id, short_code: codes[0] })]);
  });

  it('admits a ticket by its short code typed in any case, with or without hyphens or spaces', async () => {
    const { tickets } = await buy(org, ev.general, 3, {
      attendee_names: ['Lulit Tadesse', 'Kidus Alemu', 'Meron Asfaw'],
    });
    for (const [i, write] of [typed.lower, typed.bare, typed.spaced].entries()) {
      const ticket = tickets[i] as BoughtTicket;
      const response = await scan(org.token, ev.gala, write(ticket.short_code), 'Door 4 – typed');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        outcome: 'admitted',
        reason: null,
        ticket: { id: ticket.id, short_code: ticket.short_code, checked_in_device: 'Door 4 – typed' },
        order: null,
      });
      expect(response.json().message).toContain(ticket.attendee_name);
      expect((await ticketRow(ticket.id)).checked_in_device).toBe('Door 4 – typed');
    }
  });

  it('reads O as zero and I or L as one, as Crockford base32 says', async () => {
    const { tickets } = await buy(org, ev.general);
    const ticket = tickets[0] as BoughtTicket;
    // A code with every digit that has a look-alike letter, so the look-alikes can be typed.
    await t.admin.query(`update tickets set short_code = '01Q4M2XD10' where id = $1`, [ticket.id]);
    const response = await scan(org.token, ev.gala, 'oIq4-m2xd-Lo');
    expect(response.json()).toMatchObject({
      outcome: 'admitted',
      ticket: { id: ticket.id, short_code: '01Q4-M2XD-10' },
    });
  });

  it('says a second typing of the same code is already checked in, and when', async () => {
    const { tickets } = await buy(org, ev.general, 1, { attendee_names: ['Hiwot Girma'] });
    const ticket = tickets[0] as BoughtTicket;
    expect((await scan(org.token, ev.gala, ticket.short_code, 'Main door')).json().outcome).toBe('admitted');
    const again = await scan(org.token, ev.gala, typed.lower(ticket.short_code), 'Side door');
    expect(again.json()).toMatchObject({
      outcome: 'already_checked_in',
      reason: 'already_checked_in',
      ticket: { id: ticket.id, checked_in_device: 'Main door' },
    });
    expect(again.json().message).toMatch(/^Already checked in on .* by “Main door”: Hiwot Girma/);
    // The QR code of the same ticket is the same ticket.
    expect((await scan(org.token, ev.gala, ticket.code, 'Side door')).json().outcome).toBe('already_checked_in');
  });

  it('admits once when two scanners take the same ticket at the same moment, one typing its code and one scanning it', async () => {
    const { tickets } = await buy(org, ev.general, 5);
    for (const ticket of tickets as BoughtTicket[]) {
      const [typedScan, qrScan, typedAgain] = await Promise.all([
        scan(org.token, ev.gala, typed.lower(ticket.short_code), 'Volunteer phone'),
        scan(org.token, ev.gala, ticket.code, 'Hand scanner'),
        scan(org.token, ev.gala, typed.bare(ticket.short_code), 'Second phone'),
      ]);
      const outcomes = [typedScan, qrScan, typedAgain].map((response) => response.json().outcome);
      expect(outcomes.filter((outcome) => outcome === 'admitted')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already_checked_in')).toHaveLength(2);
      const log = await logOf(ticket.id);
      expect(log.filter((entry) => entry.action === 'admitted')).toHaveLength(1);
      expect(log.filter((entry) => entry.reason === 'already_checked_in')).toHaveLength(2);
    }
  });

  it("refuses a short code of another of the organizer's events, naming it", async () => {
    const { tickets } = await buy(org, ev.dinnerTier);
    const ticket = tickets[0] as BoughtTicket;
    const response = await scan(org.token, ev.gala, typed.lower(ticket.short_code));
    expect(response.json()).toMatchObject({
      outcome: 'refused',
      reason: 'wrong_event',
      ticket: { id: ticket.id, event_id: ev.dinner, checked_in_at: null },
    });
    expect(response.json().message).toContain('Harvest Dinner');
    expect((await ticketRow(ticket.id)).checked_in_at).toBeNull();
    expect((await scan(org.token, ev.dinner, ticket.short_code)).json().outcome).toBe('admitted');
  });

  it("does not find another organizer's short code, and says nothing of it", async () => {
    const eventId = await publishedEvent(t.app, other.token, { title: { en: 'Other organizer gala' } });
    const tierId = (await as(t.app, other.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { tickets } = await buy(other, tierId, 1, { name: 'Someone Else' });
    const ticket = tickets[0] as BoughtTicket;
    const response = await scan(org.token, ev.gala, ticket.short_code);
    expect(response.json()).toMatchObject({ outcome: 'refused', reason: 'unknown_ticket', ticket: null, order: null });
    expect(response.json().message).toBe(
      `No ticket of yours has the code ${ticket.short_code}. Check it for a mistyped character and type it again, or look the person up by name.`,
    );
    expect(response.body).not.toContain('Other organizer gala');
    expect(response.body).not.toContain('Someone Else');
    expect((await ticketRow(ticket.id)).checked_in_at).toBeNull();
    const search = await as(t.app, org.token).get(`/v1/events/${ev.gala}/attendees?q=${ticket.short_code}`);
    expect(search.json().data).toEqual([]);
    expect((await scan(other.token, eventId, ticket.short_code)).json().outcome).toBe('admitted');
  });

  it('tells a well-formed code that names no ticket from text that is no code at all', async () => {
    const unknown = await scan(org.token, ev.gala, 'hello world');
    expect(unknown.json()).toMatchObject({ outcome: 'refused', reason: 'unknown_ticket', ticket: null });
    expect(unknown.json().message).toContain('No ticket of yours has the code HE11-0W0R-1D.');
    for (const text of ['7KQ4-M2XD', 'UUUU-UUUU-UU', 'hello, world!']) {
      const response = await scan(org.token, ev.gala, text);
      expect(response.json()).toMatchObject({ outcome: 'refused', reason: 'invalid_code', ticket: null, order: null });
      expect(response.json().message).toMatch(/10 letters and digits, like 7KQ4-M2XD-9P/);
    }
  });
});

describe('an order number typed at the door', () => {
  it("answers with the order's tickets for this event, to check in one by one, not 'not a valid ticket code'", async () => {
    const { orderId, number, tickets } = await buy(org, ev.general, 3, {
      name: 'Almaz Worku',
      attendee_names: ['Almaz Worku', 'Dawit Worku', 'Saba Worku'],
    });
    const response = await scan(org.token, ev.gala, `#${number.toLowerCase()}`, 'Door 5');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      outcome: 'refused',
      reason: 'order_number',
      ticket: null,
      order: { id: orderId, number, status: 'paid', buyer_name: 'Almaz Worku' },
    });
    expect(body.message).toBe(
      'This is the order number of Almaz Worku, not a ticket code. The order has 3 tickets for this event, 3 not checked in yet: check in each person who is here with their own ticket.',
    );
    expect(body.message).not.toMatch(/not a valid ticket code/);
    expect(body.order.tickets.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      tickets.map((ticket) => ticket.id).sort(),
    );
    expect(body.order.tickets[0]).toMatchObject({ order_number: number, status: 'valid', checked_in_at: null });
    expect(body.order.tickets[0].short_code).toMatch(/^.{4}-.{4}-.{2}$/);
    // Nobody was let in by the number itself.
    for (const ticket of tickets) expect((await ticketRow(ticket.id)).checked_in_at).toBeNull();

    // Each person present is checked in with their own ticket's code, from the list.
    const [first] = body.order.tickets as { id: string; short_code: string }[];
    expect((await scan(org.token, ev.gala, first?.short_code ?? '', 'Door 5')).json().outcome).toBe('admitted');
    const after = (await scan(org.token, ev.gala, number, 'Door 5')).json();
    expect(after.message).toContain('3 tickets for this event, 2 not checked in yet');
    expect(after.order.tickets.find((ticket: { id: string }) => ticket.id === first?.id).checked_in_at).not.toBeNull();

    const { rows } = await t.admin.query(
      `select action, reason, ticket_id from check_ins where tenant_id = $1 and device_id = 'Door 5' order by created_at`,
      [org.organizerId],
    );
    expect(rows).toEqual([
      { action: 'refused', reason: 'order_number', ticket_id: null },
      { action: 'admitted', reason: null, ticket_id: first?.id },
      { action: 'refused', reason: 'order_number', ticket_id: null },
    ]);
  });

  it('says when the order has no tickets to admit here', async () => {
    const dinner = await buy(org, ev.dinnerTier, 1, { name: 'Bethel Yohannes' });
    const elsewhere = (await scan(org.token, ev.gala, dinner.number)).json();
    expect(elsewhere).toMatchObject({ reason: 'order_number', order: { tickets: [] } });
    expect(elsewhere.message).toContain('The order has no tickets for this event. Do not let anyone in on it here.');

    const { order: held } = await buyTickets(t.app, org.slug, {
      buyer: { name: 'Pending Buyer' },
      tickets: [{ tier_id: ev.general, quantity: 1 }],
      pay: false,
    });
    const pending = (await scan(org.token, ev.gala, held.number)).json();
    expect(pending).toMatchObject({ reason: 'order_number', order: { status: 'pending', tickets: [] } });
    expect(pending.message).toContain('The order is not paid yet, so it has no tickets');

    const refunded = await buy(org, ev.general, 1, { name: 'Refunded Buyer' });
    await as(t.app, org.token).post(`/v1/orders/${refunded.orderId}/refunds`, {});
    const revoked = (await scan(org.token, ev.gala, refunded.number)).json();
    expect(revoked).toMatchObject({
      reason: 'order_number',
      order: { status: 'refunded', tickets: [{ status: 'revoked' }] },
    });
    expect(revoked.message).toContain('were refunded or cancelled');
  });

  it("does not find another organizer's order number", async () => {
    const eventId = await publishedEvent(t.app, other.token, { title: { en: 'Other organizer picnic' } });
    const tierId = (await as(t.app, other.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const theirs = await buy(other, tierId, 1, { name: 'Their Buyer' });
    const response = await scan(org.token, ev.gala, theirs.number);
    expect(response.json()).toMatchObject({ outcome: 'refused', reason: 'invalid_code', ticket: null, order: null });
    expect(response.body).not.toContain('Their Buyer');
  });

  it('finds the tickets of an order by its number in the attendee search', async () => {
    const eventId = await publishedEvent(t.app, org.token, { title: { en: 'Order search night' } });
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const family = await buy(org, tierId, 2, { name: 'Genet Mulugeta', attendee_names: ['Genet', 'Abel'] });
    await buy(org, tierId, 1, { name: 'Another Buyer' });
    const found = (await as(t.app, org.token).get(`/v1/events/${eventId}/attendees?q=${family.number}`)).json().data;
    expect(found.map((attendee: { ticket_id: string }) => attendee.ticket_id).sort()).toEqual(
      family.tickets.map((ticket) => ticket.id).sort(),
    );
  });
});

describe('undo', () => {
  it('takes a check-in back, refuses to undo twice, and lets the ticket in again', async () => {
    const { tickets } = await buy(org, ev.general);
    const ticket = tickets[0] as BoughtTicket;
    const client = as(t.app, org.token);
    expectErrorShape(
      await client.post(`/v1/tickets/${ticket.id}/undo-check-in`, { device_id: 'Door 1' }),
      409,
      'not_checked_in',
    );
    expect((await scan(org.token, ev.gala, ticket.code, 'Door 1')).json().outcome).toBe('admitted');

    const undone = await client.post(`/v1/tickets/${ticket.id}/undo-check-in`, { device_id: 'Door 1' });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ id: ticket.id, checked_in_at: null, checked_in_device: null });
    expect(await ticketRow(ticket.id)).toEqual({ checked_in_at: null, checked_in_device: null, checked_in_by: null });
    expectErrorShape(
      await client.post(`/v1/tickets/${ticket.id}/undo-check-in`, { device_id: 'Door 1' }),
      409,
      'not_checked_in',
    );

    const again = await scan(org.token, ev.gala, ticket.code, 'Door 2');
    expect(again.json()).toMatchObject({ outcome: 'admitted', ticket: { checked_in_device: 'Door 2' } });
    expect((await logOf(ticket.id)).map((entry) => [entry.action, entry.device_id])).toEqual([
      ['admitted', 'Door 1'],
      ['undone', 'Door 1'],
      ['admitted', 'Door 2'],
    ]);
    expectErrorShape(
      await client.post(`/v1/tickets/${randomUUID()}/undo-check-in`, { device_id: 'Door 1' }),
      404,
      'not_found',
    );
  });
});

describe('the numbers and the log', () => {
  it('counts valid tickets and arrivals per tier', async () => {
    const eventId = await publishedEvent(t.app, org.token, {
      title: { en: 'Counting night' },
      tiers: [
        { name: { en: 'General' }, price_cents: 1000, quantity: 10 },
        { name: { en: 'VIP' }, price_cents: 5000, quantity: 10 },
        { name: { en: 'Unsold' }, price_cents: 100, quantity: 10 },
      ],
    });
    const client = as(t.app, org.token);
    const tiers = (await client.get(`/v1/events/${eventId}`)).json().tiers;
    const empty = (await client.get(`/v1/events/${eventId}/check-ins/summary`)).json();
    expect(empty).toMatchObject({ event_id: eventId, valid_tickets: 0, checked_in: 0, last_scan_at: null });

    const general = await buy(org, tiers[0].id, 3);
    const vip = await buy(org, tiers[1].id, 2);
    await client.post(`/v1/orders/${general.orderId}/refunds`, { ticket_ids: [general.tickets[2]?.id] });
    for (const ticket of [general.tickets[0], general.tickets[1], vip.tickets[0]]) {
      expect((await scan(org.token, eventId, (ticket as BoughtTicket).code)).json().outcome).toBe('admitted');
    }
    await scan(org.token, eventId, (general.tickets[2] as BoughtTicket).code);

    const summary = await client.get(`/v1/events/${eventId}/check-ins/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({
      event_id: eventId,
      valid_tickets: 4,
      checked_in: 3,
      not_checked_in: 1,
      by_tier: [
        { tier_id: tiers[0].id, name: { en: 'General' }, valid_tickets: 2, checked_in: 2 },
        { tier_id: tiers[1].id, name: { en: 'VIP' }, valid_tickets: 2, checked_in: 1 },
        { tier_id: tiers[2].id, name: { en: 'Unsold' }, valid_tickets: 0, checked_in: 0 },
      ],
    });
    expect(Date.parse(summary.json().last_scan_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('lists the scan log newest first, page by page', async () => {
    const eventId = await publishedEvent(t.app, org.token, { title: { en: 'Log night' } });
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { tickets } = await buy(org, tierId, 3);
    const devices = ['A', 'B', 'C', 'D', 'E'];
    const codes = [tickets[0], tickets[1], tickets[0], tickets[2]].map((ticket) => (ticket as BoughtTicket).code);
    for (const [i, code] of [...codes, 'garbage'].entries()) await scan(org.token, eventId, code, devices[i]);

    const seen: {
      device_id: string;
      created_at: string;
      ticket?: { buyer_name: string; order_number: string } | null;
    }[] = [];
    let cursor: string | null = null;
    do {
      const page = await as(t.app, org.token).get(
        `/v1/events/${eventId}/check-ins?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json().data.length).toBeLessThanOrEqual(2);
      seen.push(...page.json().data);
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen.map((entry) => entry.device_id)).toEqual(['E', 'D', 'C', 'B', 'A']);
    expect(seen[0]).toMatchObject({
      action: 'refused',
      reason: 'invalid_code',
      ticket_id: null,
      ticket: null,
      user_id: org.userId,
    });
    expect(seen[2]).toMatchObject({ action: 'refused', reason: 'already_checked_in', ticket_id: tickets[0]?.id });
    // Each entry names the ticket as it is now: who holds it, which tier, which order.
    expect(seen[4]).toMatchObject({
      action: 'admitted',
      reason: null,
      ticket_id: tickets[0]?.id,
      ticket: { id: tickets[0]?.id, tier_id: tierId, checked_in_device: 'A', status: 'valid' },
    });
    expect(seen[4]?.ticket?.buyer_name).toEqual(expect.any(String));
    expect(seen[4]?.ticket?.order_number).toMatch(/^[0-9A-Z]{8}$/);

    const refusals = await as(t.app, org.token).get(`/v1/events/${eventId}/check-ins?action=refused`);
    expect(refusals.json().data.map((entry: { device_id: string }) => entry.device_id)).toEqual(['E', 'C']);
    expectErrorShape(
      await as(t.app, org.token).get(`/v1/events/${eventId}/check-ins?cursor=garbage`),
      400,
      'invalid_cursor',
    );
    const forgedCursor = Buffer.from(JSON.stringify(['not a time', 'not an id'])).toString('base64url');
    expectErrorShape(
      await as(t.app, org.token).get(`/v1/events/${eventId}/check-ins?cursor=${forgedCursor}`),
      400,
      'invalid_cursor',
    );
  });

  it('finds attendees by name, email or order number, in any case', async () => {
    const eventId = await publishedEvent(t.app, org.token, { title: { en: 'Search night' } });
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const abebe = await buy(org, tierId, 2, {
      name: 'Abebe Kebede',
      email: 'abebe@example.org',
      attendee_names: ['Abebe Kebede', 'Tigist Alemu'],
    });
    const marta = await buy(org, tierId, 1, { name: 'Marta Haile', email: 'marta.h@example.net' });
    const refunded = await buy(org, tierId, 1, { name: 'Yonas 100%_Sure', email: 'yonas@example.org' });
    await as(t.app, org.token).post(`/v1/orders/${refunded.orderId}/refunds`, {});
    await scan(org.token, eventId, (marta.tickets[0] as BoughtTicket).code, 'Door 3');
    const client = as(t.app, org.token);
    const names = async (query: string) => {
      const response = await client.get(`/v1/events/${eventId}/attendees${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response
        .json()
        .data.map((a: { attendee_name: string; buyer_name: string }) => a.attendee_name || a.buyer_name);
    };

    expect(await names('')).toEqual(['Abebe Kebede', 'Marta Haile', 'Tigist Alemu', 'Yonas 100%_Sure']);
    expect(await names('?q=TIGIST')).toEqual(['Tigist Alemu']);
    expect(await names('?q=kebede')).toEqual(['Abebe Kebede', 'Tigist Alemu']);
    expect(await names('?q=MARTA.H%40EXAMPLE')).toEqual(['Marta Haile']);
    expect(await names(`?q=${marta.number.toLowerCase()}`)).toEqual(['Marta Haile']);
    expect(await names('?q=100%25_')).toEqual(['Yonas 100%_Sure']);
    expect(await names('?q=0%25')).toEqual(['Yonas 100%_Sure']);
    expect(await names('?q=_')).toEqual(['Yonas 100%_Sure']);
    expect(await names('?q=nobody')).toEqual([]);

    const all = (await client.get(`/v1/events/${eventId}/attendees`)).json().data;
    expect(all[1]).toMatchObject({
      ticket_id: marta.tickets[0]?.id,
      buyer_email: 'marta.h@example.net',
      order_number: marta.number,
      tier_name: { en: 'General' },
      status: 'valid',
      checked_in_device: 'Door 3',
    });
    expect(all[3]).toMatchObject({ status: 'revoked', revoked_reason: 'refunded', checked_in_at: null });
    const abebeTicket = abebe.tickets.find((ticket) => ticket.attendee_name === 'Abebe Kebede');
    expect(all[0]).toMatchObject({ ticket_id: abebeTicket?.id, order_id: abebe.orderId, checked_in_at: null });

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/events/${eventId}/attendees?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.json().data.map((a: { ticket_id: string }) => a.ticket_id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(walked).toEqual(all.map((a: { ticket_id: string }) => a.ticket_id));
  });
});

describe('who may work the door', () => {
  it('lets check-in staff and staff scan, undo, count and search', async () => {
    const door = await signedInMember(t, org, 'check_in', 'door-person@example.org');
    const staff = await signedInMember(t, org, 'staff', 'staff-person@example.org');
    const { tickets } = await buy(org, ev.general, 2);
    const [first, second] = tickets as [BoughtTicket, BoughtTicket];

    const scanned = await scan(door.token, ev.gala, first.code, 'Volunteer phone');
    expect(scanned.json()).toMatchObject({ outcome: 'admitted' });
    expect((await ticketRow(first.id)).checked_in_by).toBe(door.userId);
    expect((await logOf(first.id))[0]).toMatchObject({ action: 'admitted', user_id: door.userId });
    const undo = await as(t.app, door.token).post(`/v1/tickets/${first.id}/undo-check-in`, {
      device_id: 'Volunteer phone',
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await scan(staff.token, ev.gala, second.code)).json().outcome).toBe('admitted');

    for (const token of [door.token, staff.token]) {
      expect((await as(t.app, token).get(`/v1/events/${ev.gala}/check-ins/summary`)).statusCode).toBe(200);
      expect((await as(t.app, token).get(`/v1/events/${ev.gala}/check-ins`)).statusCode).toBe(200);
      expect((await as(t.app, token).get(`/v1/events/${ev.gala}/attendees?q=hana`)).statusCode).toBe(200);
    }
  });

  it('needs a session', async () => {
    const { tickets } = await buy(org, ev.general);
    expectErrorShape(await scan('', ev.gala, (tickets[0] as BoughtTicket).code), 401);
    expect((await ticketRow((tickets[0] as BoughtTicket).id)).checked_in_at).toBeNull();
  });

  it("answers 404 for an event that is not the organizer's", async () => {
    const { tickets } = await buy(org, ev.general);
    const ticket = tickets[0] as BoughtTicket;
    expectErrorShape(await scan(other.token, ev.gala, ticket.code), 404, 'not_found');
    expectErrorShape(await scan(org.token, randomUUID(), ticket.code), 404, 'not_found');
    expectErrorShape(
      await as(t.app, other.token).post(`/v1/tickets/${ticket.id}/undo-check-in`, { device_id: 'x' }),
      404,
      'not_found',
    );
    expect((await ticketRow(ticket.id)).checked_in_at).toBeNull();
    expect(await logOf(ticket.id)).toEqual([]);
  });
});
