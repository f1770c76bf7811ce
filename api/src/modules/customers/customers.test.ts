import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTenantAsSystem } from '../../context.ts';
import { hashSecret } from '../../lib/secrets.ts';
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
  until,
} from '../../test/app.ts';
import { customerForToken, prepareSignInMail } from './customers.service.ts';

let t: TestApp;
let org: Organizer;
let other: Organizer;
const tiers = { org: '', other: '' };

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
  other = await signUpOrganizer(t.app);
  for (const [key, owner] of [
    ['org', org],
    ['other', other],
  ] as const) {
    const eventId = await publishedEvent(t.app, owner.token);
    tiers[key] = (await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
  }
});
afterAll(() => t.stop());

let emails = 0;
const freshEmail = (name: string) => `${name}-${++emails}-${Date.now()}@example.org`;
const customerUrl = (slug: string, path = '') => `/v1/public/organizers/${slug}/customer${path}`;

/** A guest order through the public checkout, as a buyer without an account places one. */
async function guestOrder(owner: Organizer, email: string, options: { pay?: boolean; name?: string } = {}) {
  const { order } = await buyTickets(t.app, owner.slug, {
    buyer: { name: options.name ?? 'Hana Tesfaye', email },
    tickets: [{ tier_id: owner === org ? tiers.org : tiers.other, quantity: 1 }],
    pay: options.pay ?? false,
  });
  return { id: order.id, number: order.number };
}

function requestLink(slug: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: customerUrl(slug, '/sign-in-links'), payload, headers });
}

/** Asks for a sign-in link and follows it out of the email the worker sends; returns the token. */
async function emailedToken(owner: Organizer, email: string, locale?: string) {
  const before = t.buyerMail.sent.length;
  const response = await requestLink(owner.slug, { email, ...(locale ? { locale } : {}) });
  expect(response.statusCode, response.body).toBe(202);
  const mail = await until(() =>
    t.buyerMail.sent
      .slice(before)
      .find(
        (m) => m.kind === 'customer_sign_in' && m.to === email.toLowerCase() && m.link.includes(`//${owner.slug}.`),
      ),
  );
  const link = new URL(mail.link);
  expect(link.pathname).toBe('/account/sign-in');
  return { token: link.searchParams.get('token') ?? '', mail };
}

function useToken(slug: string, token: string) {
  return t.app.inject({ method: 'POST', url: customerUrl(slug, '/sessions'), payload: { token } });
}

async function signIn(owner: Organizer, email: string) {
  const { token } = await emailedToken(owner, email);
  const response = await useToken(owner.slug, token);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as {
    token: string;
    expires_at: string;
    customer: { id: string; email: string; name: string; locale: string; email_verified_at: string | null };
    claimed_orders: number;
  };
}

async function customerIdOf(orderId: string): Promise<string | null> {
  const { rows } = await t.admin.query('select customer_id from orders where id = $1', [orderId]);
  return rows[0].customer_id;
}

describe('signing in by emailed link', () => {
  it('emails a one-time link to the storefront and claims every guest order of that email here, and only those', async () => {
    const email = freshEmail('hana');
    const paid = await guestOrder(org, email, { pay: true });
    const pending = await guestOrder(org, email.toUpperCase(), { name: 'Hana T.' });
    const someoneElse = await guestOrder(org, freshEmail('dawit'));
    const elsewhere = await guestOrder(other, email);

    const { token, mail } = await emailedToken(org, email.toUpperCase(), 'am');
    expect(token).toMatch(/^apcl_[A-Za-z0-9_-]{43}$/);
    expect(mail).toMatchObject({ to: email, locale: 'am' });
    expect(mail.link).toBe(`http://${org.slug}.localhost:5173/account/sign-in?token=${token}`);

    const session = await useToken(org.slug, token);
    expect(session.statusCode, session.body).toBe(201);
    const body = session.json();
    expect(body.token).toMatch(/^apc_/);
    expect(new Date(body.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(body.claimed_orders).toBe(2);
    // A new customer starts from the latest order's name and the language the link was asked in.
    expect(body.customer).toMatchObject({ email, name: 'Hana T.', locale: 'am' });
    expect(body.customer.email_verified_at).not.toBeNull();

    expect(await customerIdOf(paid.id)).toBe(body.customer.id);
    expect(await customerIdOf(pending.id)).toBe(body.customer.id);
    expect(await customerIdOf(someoneElse.id)).toBeNull();
    expect(await customerIdOf(elsewhere.id)).toBeNull();

    const list = await as(t.app, body.token).get(customerUrl(org.slug, '/orders'));
    expect(list.statusCode, list.body).toBe(200);
    const orders = list.json().data;
    expect(orders.map((o: { number: string }) => o.number)).toEqual([pending.number, paid.number]);
    expect(orders[1]).toMatchObject({ status: 'paid', currency: 'USD', total_cents: 2500, refunded_cents: 0 });
    expect(orders[1].lines).toEqual([expect.objectContaining({ kind: 'ticket', quantity: 1, total_cents: 2500 })]);
    expect(orders[1].events).toEqual([
      expect.objectContaining({ title: expect.objectContaining({ en: 'Community Gala' }) }),
    ]);
    expect(list.json().next_cursor).toBeNull();
    // The access token opens the full order at the buyer's endpoint, tickets and all.
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${paid.id}?token=${encodeURIComponent(orders[1].access_token)}`,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().order.tickets).toHaveLength(1);

    // The same email at the other organizer is another customer, with that organizer's order only.
    const there = await signIn(other, email);
    expect(there.customer.id).not.toBe(body.customer.id);
    expect(there.claimed_orders).toBe(1);
    const thereOrders = (await as(t.app, there.token).get(customerUrl(other.slug, '/orders'))).json().data;
    expect(thereOrders.map((o: { id: string }) => o.id)).toEqual([elsewhere.id]);
    expect(await customerIdOf(elsewhere.id)).toBe(there.customer.id);
  });

  it('claims guest orders placed since the last sign-in, keeping one customer per email', async () => {
    const email = freshEmail('selam');
    const first = await signIn(org, email);
    expect(first.claimed_orders).toBe(0);
    expect(first.customer.name).toBe('');
    const later = await guestOrder(org, email);
    const second = await signIn(org, email);
    expect(second.customer.id).toBe(first.customer.id);
    expect(second.claimed_orders).toBe(1);
    expect(await customerIdOf(later.id)).toBe(first.customer.id);
    // Each sign-in is a session of its own: the first device stays signed in.
    expect((await as(t.app, first.token).get(customerUrl(org.slug))).statusCode).toBe(200);
    const { rows } = await t.admin.query('select count(*)::int as n from customers where email = $1', [email]);
    expect(rows[0].n).toBe(1);
  });

  it('answers 202 alike whether or not the email has an account or orders, and 404 for an unknown organizer', async () => {
    const known = freshEmail('known');
    await signIn(org, known);
    const answers = [];
    for (const email of [known, freshEmail('stranger')]) {
      const response = await requestLink(org.slug, { email });
      expect(response.statusCode, response.body).toBe(202);
      answers.push(response.json());
    }
    expect(answers[0]).toEqual(answers[1]);
    expectErrorShape(await requestLink('no-such-organizer', { email: known }), 404, 'not_found');
  });

  it('stores only the hash of a token; a link works once, and not after 30 minutes', async () => {
    const email = freshEmail('yonas');
    const { token } = await emailedToken(org, email);
    const { rows } = await t.admin.query(
      `select token_hash, extract(epoch from expires_at - created_at)::int as lifetime, to_jsonb(customer_tokens)::text as row
       from customer_tokens where email = $1`,
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toEqual(hashSecret(token));
    expect(rows[0].lifetime).toBe(30 * 60);
    expect(rows[0].row).not.toContain(token.slice(5));

    expect((await useToken(org.slug, token)).statusCode).toBe(201);
    const again = expectErrorShape(await useToken(org.slug, token), 422, 'invalid_token');
    expect(again.details[0]?.field).toBe('body.token');

    const late = await emailedToken(org, email);
    await t.admin.query(`update customer_tokens set expires_at = now() - interval '1 second' where token_hash = $1`, [
      hashSecret(late.token),
    ]);
    expectErrorShape(await useToken(org.slug, late.token), 422, 'invalid_token');
    expectErrorShape(await useToken(org.slug, `apcl_${'x'.repeat(43)}`), 422, 'invalid_token');
  });

  it('makes a new token on each attempt to send a link, so only the last sent works, and sends nothing once used', async () => {
    const email = freshEmail('retry');
    const { token: sent } = await emailedToken(org, email);
    const { rows } = await t.admin.query('select id from customer_tokens where email = $1', [email]);
    const tokenId = rows[0].id as string;
    // What a retry of the job does: a new token replaces the first one.
    const retried = await runInTenantAsSystem(t.runtime.services, org.organizerId, (ctx) =>
      prepareSignInMail(ctx, tokenId),
    );
    const resent = new URL(retried?.mail.link ?? 'http://x').searchParams.get('token') ?? '';
    expect(resent).not.toBe(sent);
    expectErrorShape(await useToken(org.slug, sent), 422, 'invalid_token');
    expect((await useToken(org.slug, resent)).statusCode).toBe(201);
    const late = await runInTenantAsSystem(t.runtime.services, org.organizerId, (ctx) =>
      prepareSignInMail(ctx, tokenId),
    );
    expect(late).toBeNull();
  });
});

describe('the signed-in customer', () => {
  it('reads and changes their name and language, but not their email', async () => {
    const session = await signIn(org, freshEmail('meron'));
    const client = as(t.app, session.token);
    const changed = await client.patch(customerUrl(org.slug), { name: '  Meron Alemu ', locale: 'fr-CA' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id: session.customer.id, name: 'Meron Alemu', locale: 'fr-CA' });
    expect((await client.get(customerUrl(org.slug))).json()).toEqual(changed.json());

    expect(expectErrorShape(await client.patch(customerUrl(org.slug), {}), 400).details[0]?.field).toBe('body');
    expect(
      expectErrorShape(await client.patch(customerUrl(org.slug), { locale: 'English' }), 400).details[0]?.field,
    ).toBe('body.locale');
    expect(expectErrorShape(await client.patch(customerUrl(org.slug), { name: '   ' }), 400).details[0]?.field).toBe(
      'body.name',
    );
    expect(
      expectErrorShape(await client.patch(customerUrl(org.slug), { email: 'new@example.org' }), 400).details[0]?.field,
    ).toBe('body.email');
    expect((await client.get(customerUrl(org.slug))).json()).toEqual(changed.json());
  });

  it('signs out: the session ends and its token opens nothing more', async () => {
    const session = await signIn(org, freshEmail('tsion'));
    const client = as(t.app, session.token);
    expect((await client.get(customerUrl(org.slug))).statusCode).toBe(200);
    const out = await client.delete(customerUrl(org.slug, '/session'));
    expect(out.statusCode, out.body).toBe(204);
    expectErrorShape(await client.get(customerUrl(org.slug)), 401, 'unauthorized');
    expectErrorShape(await client.get(customerUrl(org.slug, '/orders')), 401, 'unauthorized');
    expectErrorShape(await client.delete(customerUrl(org.slug, '/session')), 401, 'unauthorized');
  });

  it('is signed out when the session has expired, and without a token', async () => {
    const session = await signIn(org, freshEmail('abel'));
    await t.admin.query(`update customer_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [
      hashSecret(session.token),
    ]);
    expectErrorShape(await as(t.app, session.token).get(customerUrl(org.slug)), 401, 'unauthorized');
    expectErrorShape(await as(t.app, null).get(customerUrl(org.slug)), 401, 'unauthorized');
    expectErrorShape(
      await t.app.inject({ method: 'GET', url: customerUrl(org.slug), headers: { authorization: 'Basic abc' } }),
      401,
      'unauthorized',
    );
  });

  it('checks out into their account at once, whoever the tickets are for; an ended session gets 401', async () => {
    const session = await signIn(org, freshEmail('mekdes'));
    const checkout = (token: string, email: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${org.slug}/orders`,
        headers: { authorization: `Bearer ${token}` },
        payload: { buyer: { name: 'Mekdes for her aunt', email }, tickets: [{ tier_id: tiers.org, quantity: 1 }] },
      });
    const forAunt = await checkout(session.token, freshEmail('aunt'));
    expect(forAunt.statusCode, forAunt.body).toBe(201);
    const orderId = forAunt.json().order.id;
    expect(await customerIdOf(orderId)).toBe(session.customer.id);
    const listed = (await as(t.app, session.token).get(customerUrl(org.slug, '/orders'))).json();
    expect(listed.data.map((order: { id: string }) => order.id)).toContain(orderId);

    // A guest's order stays a guest's.
    const guest = await guestOrder(org, freshEmail('guest'));
    expect(await customerIdOf(guest.id)).toBeNull();

    // Another organizer's session, or one that ended, holds nothing and orders nothing.
    const elsewhere = await signIn(other, freshEmail('elsewhere'));
    await as(t.app, session.token).delete(customerUrl(org.slug, '/session'));
    for (const token of [session.token, elsewhere.token]) {
      expectErrorShape(await checkout(token, freshEmail('late')), 401, 'unauthorized');
    }
    const { rows } = await t.admin.query(
      `select count(*)::int as n from orders where tenant_id = $1 and buyer_name = 'Mekdes for her aunt'`,
      [org.organizerId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lists an order with a donation with the figures the organizer sees, the gift counted once', async () => {
    const session = await signIn(org, freshEmail('giver'));
    const eventId = await publishedEvent(t.app, org.token, { donations_enabled: true });
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const placed = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/orders`,
      headers: { authorization: `Bearer ${session.token}` },
      payload: {
        buyer: { name: 'Selam Bekele', email: session.customer.email },
        tickets: [{ tier_id: tierId, quantity: 2 }],
        donations: [{ event_id: eventId, amount_cents: 1200 }],
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json().order.id;
    const listed = (await as(t.app, session.token).get(customerUrl(org.slug, '/orders'))).json();
    const mine = listed.data.find((order: { id: string }) => order.id === orderId);
    const organizerView = (await as(t.app, org.token).get(`/v1/orders/${orderId}`)).json();
    const figures = { subtotal_cents: 5000, discount_cents: 0, donation_cents: 1200, total_cents: 6200 };
    expect(mine).toMatchObject(figures);
    expect(organizerView).toMatchObject(figures);
    expect(mine.lines.map((line: { kind: string; total_cents: number }) => [line.kind, line.total_cents])).toEqual([
      ['ticket', 5000],
      ['donation', 1200],
    ]);
  });

  it('pages their orders newest first with a cursor', async () => {
    const email = freshEmail('pages');
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await guestOrder(org, email));
    const session = await signIn(org, email);
    const client = as(t.app, session.token);
    const first = await client.get(customerUrl(org.slug, '/orders?limit=2'));
    expect(first.statusCode, first.body).toBe(200);
    const second = await client.get(
      customerUrl(org.slug, `/orders?limit=2&cursor=${encodeURIComponent(first.json().next_cursor)}`),
    );
    expect(second.json().next_cursor).toBeNull();
    const ids = [...first.json().data, ...second.json().data].map((o: { id: string }) => o.id);
    expect(ids).toEqual(placed.map((o) => o.id).reverse());
    expectErrorShape(await client.get(customerUrl(org.slug, '/orders?cursor=garbage')), 400, 'invalid_cursor');
    expectErrorShape(await client.get(customerUrl(org.slug, '/orders?limit=0')), 400);
  });
});

describe('tokens stay where they belong', () => {
  it('refuses a customer token of one organizer at another, where it is not found at all', async () => {
    const email = freshEmail('both');
    await guestOrder(other, email);
    const session = await signIn(org, email);
    const stranger = as(t.app, session.token);
    for (const response of [
      await stranger.get(customerUrl(other.slug)),
      await stranger.get(customerUrl(other.slug, '/orders')),
      await stranger.patch(customerUrl(other.slug), { name: 'Through the other door' }),
      await stranger.delete(customerUrl(other.slug, '/session')),
    ]) {
      expectErrorShape(response, 401, 'unauthorized');
    }
    // The lookup runs inside the other organizer's row-level security: the session is invisible there.
    const services = t.runtime.services;
    expect(await runInTenantAsSystem(services, other.organizerId, (ctx) => customerForToken(ctx, session.token))).toBe(
      null,
    );
    expect(await runInTenantAsSystem(services, org.organizerId, (ctx) => customerForToken(ctx, session.token))).toEqual(
      { id: session.customer.id, email, name: '', locale: 'en' },
    );
    // Still signed in at its own organizer, and nothing of it changed.
    const own = await stranger.get(customerUrl(org.slug));
    expect(own.statusCode).toBe(200);
    expect(own.json().name).toBe('');
    const { rows } = await t.admin.query(
      'select count(*)::int as n from customers where tenant_id = $1 and email = $2',
      [other.organizerId, email],
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses a sign-in link of one organizer at another, and the link still works at its own', async () => {
    const email = freshEmail('link');
    await guestOrder(other, email);
    const { token } = await emailedToken(org, email);
    expectErrorShape(await useToken(other.slug, token), 422, 'invalid_token');
    const here = await useToken(org.slug, token);
    expect(here.statusCode, here.body).toBe(201);
    expect(here.json().claimed_orders).toBe(0);
  });

  it('never takes a customer token as a staff token, nor a staff token as a customer token', async () => {
    const session = await signIn(org, freshEmail('staffless'));
    const customer = as(t.app, session.token);
    for (const path of ['/v1/auth/session', '/v1/orders', '/v1/events', '/v1/organizer']) {
      expectErrorShape(await customer.get(path), 401, 'unauthorized');
    }
    const staff = as(t.app, org.token);
    expect((await staff.get('/v1/orders')).statusCode).toBe(200);
    expectErrorShape(await staff.get(customerUrl(org.slug)), 401, 'unauthorized');
    expectErrorShape(await staff.get(customerUrl(org.slug, '/orders')), 401, 'unauthorized');
    expectErrorShape(await staff.patch(customerUrl(org.slug), { name: 'Staff' }), 401, 'unauthorized');
  });
});

describe('bad input and guessing', () => {
  it('answers bad input in the error shape, naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/sign-in-links', {}, 'body.email'],
      ['/sign-in-links', { email: 'not-an-email' }, 'body.email'],
      ['/sign-in-links', { email: 'a@example.org', locale: 'English' }, 'body.locale'],
      ['/sign-in-links', { email: 'a@example.org', password: 'x' }, 'body.password'],
      ['/sessions', {}, 'body.token'],
      ['/sessions', { token: 42 }, 'body.token'],
      ['/sessions', { token: 'x'.repeat(201) }, 'body.token'],
    ];
    for (const [path, payload, field] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: customerUrl(org.slug, path),
        payload: payload as Record<string, unknown>,
      });
      expect(expectErrorShape(response, 400).details.map((d) => d.field)).toContain(field);
    }
  });

  it('limits sign-in links per email and per client address with 429 in the error shape', async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      const ask = (email: string, address = '203.0.113.5') =>
        limited.app.inject({
          method: 'POST',
          url: customerUrl(owner.slug, '/sign-in-links'),
          remoteAddress: address,
          payload: { email },
        });
      expect((await ask('limit@example.org')).statusCode).toBe(202);
      const last = await ask('LIMIT@example.org');
      expect(last.statusCode).toBe(202);
      expect(statedLimits(last)['customer-link-email']).toMatchObject({ quota: 2, remaining: 0 });
      const blocked = expectErrorShape(await ask('limit@example.org'), 429, 'rate_limited');
      expect(blocked.message).toMatch(/sign-in links/);
      // Another address may not ask for this email either; this address may for another email.
      expectErrorShape(await ask('limit@example.org', '203.0.113.6'), 429, 'rate_limited');
      expect((await ask('other@example.org')).statusCode).toBe(202);
      // The address has made 4 requests, the refused one included; its limit is 5 × 2 = 10.
      for (let i = 0; i < 6; i++) expect((await ask(`spray-${i}@example.org`)).statusCode).toBe(202);
      const sprayed = await ask('one-more@example.org');
      expectErrorShape(sprayed, 429, 'rate_limited');
      expect(Number(sprayed.headers['retry-after'])).toBeGreaterThan(0);
      // Staff sign-in is counted apart.
      const staff = await limited.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        remoteAddress: '203.0.113.5',
        payload: { email: owner.email, password: owner.password },
      });
      expect(staff.statusCode, staff.body).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
