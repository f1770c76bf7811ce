import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPublicCatalog } from '../db/tenant.ts';
import { API_KEY_SCOPES } from '../modules/api-keys/api-key-scopes.ts';
import {
  apiKeyOf,
  as,
  type BoughtTicket,
  buyTickets,
  eventBody,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from './app.ts';

/**
 * Tenant B's credentials against tenant A's data, over every operation of the API. Each
 * operation of the OpenAPI document must appear in exactly one of the tables below, so a new
 * endpoint cannot ship without saying how it is isolated.
 */

let t: TestApp;
let a: Organizer;
let b: Organizer;
const ids = { aEvent: '', aTier: '', aDraft: '', bEvent: '', bTier: '', aStaff: '' };
const orderIds = { aPending: '', aToken: '', bOrder: '', aRefunded: '' };
const checkoutIds = { aTaxRate: '', aPromo: '', aProduct: '', bTaxRate: '', bPromo: '', bProduct: '' };
/** Two of A's tickets: one checked in (for undo), one not (its codes for scans), and their order's number. */
const checkInIds = { aCheckedIn: '', aCode: '', aShortCode: '', aOrderNumber: '' };
/** A sold-out tier of A's with two people waiting for it. */
const waitlistIds = { aEvent: '', aTier: '', aFirst: '', aSecond: '' };

beforeAll(async () => {
  // Webhook endpoints on this machine's receiver below.
  t = await startTestApp({ outboundAllowLoopback: true });
  a = await signUpOrganizer(t.app);
  b = await signUpOrganizer(t.app);
  ids.aEvent = await publishedEvent(t.app, a.token, { title: { en: 'A-only published gala' } });
  const aEvent = await as(t.app, a.token).get(`/v1/events/${ids.aEvent}`);
  ids.aTier = aEvent.json().tiers[0].id;
  const draft = await as(t.app, a.token).post('/v1/events', eventBody({ title: { en: 'A-only draft' } }));
  ids.aDraft = draft.json().id;
  const staff = await as(t.app, a.token).post('/v1/organizer/members', { email: 'a-staff@example.org', role: 'staff' });
  ids.aStaff = staff.json().user_id;
  ids.bEvent = await publishedEvent(t.app, b.token, { title: { en: 'B event' } });
  ids.bTier = (await as(t.app, b.token).get(`/v1/events/${ids.bEvent}`)).json().tiers[0].id;
});
/** An API key of each organizer (both on Pro, which has them); B's may do everything keys may. */
const keys = { aId: '', bId: '', bSecret: '' };
beforeAll(async () => {
  await putOnPlan(t, a, 'pro');
  await putOnPlan(t, b, 'pro');
  keys.aId = (await apiKeyOf(t.app, a, ['events:read'], 'A-only CRM')).id;
  const bKey = await apiKeyOf(t.app, b, API_KEY_SCOPES, 'B integration');
  keys.bId = bKey.id;
  keys.bSecret = bKey.secret;
});
/** Each organizer's webhook endpoint, sending to a receiver on this machine, and one of A's deliveries. */
const webhookIds = { aEndpoint: '', aDelivery: '', bEndpoint: '' };
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => response.end('received'));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  for (const [organizer, key, description] of [
    [a, 'aEndpoint', 'A-only CRM'],
    [b, 'bEndpoint', 'B CRM'],
  ] as const) {
    const created = await as(t.app, organizer.token).post('/v1/webhook-endpoints', { url, description });
    expect(created.statusCode, created.body).toBe(201);
    webhookIds[key] = created.json().id;
  }
  const ping = await as(t.app, a.token).post(`/v1/webhook-endpoints/${webhookIds.aEndpoint}/ping`);
  webhookIds.aDelivery = ping.json().id;
});
/** Each organizer's custom domain (both on Pro, which has them). */
const domainIds = { a: '', b: '' };
beforeAll(async () => {
  for (const [organizer, key, hostname] of [
    [a, 'a', 'tickets.a-only-society.org'],
    [b, 'b', 'tickets.b-society.org'],
  ] as const) {
    const created = await as(t.app, organizer.token).post('/v1/organizer/domains', { hostname });
    expect(created.statusCode, created.body).toBe(201);
    domainIds[key] = created.json().id;
  }
});
/** A's theme: three published versions (B never has as many), and a preview link to its draft. */
const themeIds = { aVersion: 3, aPreview: '' };
beforeAll(async () => {
  const aClient = as(t.app, a.token);
  for (let version = 1; version <= themeIds.aVersion; version += 1) {
    await aClient.patch('/v1/organizer/theme/draft', { header: `<h2>A-only theme ${version}</h2>` });
    expect((await aClient.post('/v1/organizer/theme/publish')).statusCode).toBe(200);
  }
  await aClient.patch('/v1/organizer/theme/draft', { footer: '<p>A-only draft</p>' });
  const link = await aClient.post('/v1/organizer/theme/preview-links');
  themeIds.aPreview = new URL(link.json().url).searchParams.get('theme_preview') as string;
});
/** Each organizer's taxpayer details, a payee of each and a payment to it; A's TIN ends 4321. */
const taxIds = { aPayee: '', aPayment: '', bPayee: '' };
beforeAll(async () => {
  for (const [organizer, name, tin] of [
    [a, 'A-only Society', '12-3454321'],
    [b, 'B Association', '98-7650000'],
  ] as const) {
    const client = as(t.app, organizer.token);
    const taxpayer = await client.put('/v1/organizer/taxpayer', {
      legal_name: name,
      tax_classification: 'tax_exempt',
      tin_kind: 'ein',
      tin,
      address_line1: '1 Main St',
      city: 'Silver Spring',
      state: 'MD',
      postal_code: '20910',
      certify: true,
    });
    expect(taxpayer.statusCode, taxpayer.body).toBe(200);
    const payee = await client.post('/v1/payees', { name: `${name} drummer`, tin_kind: 'ssn', tin: '123-45-6789' });
    expect(payee.statusCode, payee.body).toBe(201);
    const paid = await client.post('/v1/payee-payments', {
      payee_id: payee.json().id,
      paid_on: `${new Date().getUTCFullYear()}-03-01`,
      amount_cents: 250_000,
      method: 'check',
    });
    expect(paid.statusCode, paid.body).toBe(201);
    if (organizer === a) {
      taxIds.aPayee = payee.json().id;
      taxIds.aPayment = paid.json().id;
    } else {
      taxIds.bPayee = payee.json().id;
    }
  }
});
beforeAll(async () => {
  const aClient = as(t.app, a.token);
  const bClient = as(t.app, b.token);
  await aClient.patch('/v1/organizer/checkout-settings', { impact_fund_name: 'A-only fund', hold_minutes: 30 });
  checkoutIds.aTaxRate = (
    await aClient.post('/v1/tax-rates', { state: 'MD', city: 'Silver Spring', rate_ppm: 60_000, label: 'A-only tax' })
  ).json().id;
  checkoutIds.aPromo = (
    await aClient.post('/v1/promo-codes', {
      code: 'SHARED10',
      kind: 'percent',
      percent_off_bp: 1000,
      tier_ids: [ids.aTier],
    })
  ).json().id;
  checkoutIds.aProduct = (
    await aClient.post('/v1/products', {
      name: { en: 'A-only parking' },
      price_cents: 1000,
      quantity: 10,
      event_id: ids.aEvent,
    })
  ).json().id;
  checkoutIds.bTaxRate = (await bClient.post('/v1/tax-rates', { state: 'NY', rate_ppm: 40_000 })).json().id;
  checkoutIds.bPromo = (
    await bClient.post('/v1/promo-codes', { code: 'BCODE', kind: 'amount', amount_off_cents: 100 })
  ).json().id;
  checkoutIds.bProduct = (
    await bClient.post('/v1/products', { name: { en: 'B shirt' }, price_cents: 2000, quantity: 5 })
  ).json().id;
});
beforeAll(async () => {
  const { order } = await buyTickets(t.app, a.slug, {
    buyer: { name: 'A-only buyer', email: 'a-buyer@example.org' },
    tickets: [{ tier_id: ids.aTier, quantity: 2 }],
  });
  const [checkedIn, waiting] = order.tickets as [BoughtTicket, BoughtTicket];
  await as(t.app, a.token).post(`/v1/events/${ids.aEvent}/scans`, { code: checkedIn.code, device_id: 'A door' });
  checkInIds.aCheckedIn = checkedIn.id;
  checkInIds.aCode = waiting.code;
  checkInIds.aShortCode = waiting.short_code;
  checkInIds.aOrderNumber = order.number;
});
beforeAll(async () => {
  waitlistIds.aEvent = await publishedEvent(t.app, a.token, {
    title: { en: 'A-only sold-out concert' },
    tiers: [{ name: { en: 'A-only seat' }, price_cents: 0, quantity: 1 }],
  });
  waitlistIds.aTier = (await as(t.app, a.token).get(`/v1/events/${waitlistIds.aEvent}`)).json().tiers[0].id;
  await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${a.slug}/orders`,
    payload: {
      buyer: { name: 'A-only buyer', email: 'a-buyer@example.org' },
      tickets: [{ tier_id: waitlistIds.aTier, quantity: 1 }],
    },
  });
  const joinA = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${a.slug}/waitlist`,
      payload: { tier_id: waitlistIds.aTier, email, name: 'A-only waiting', quantity: 1 },
    });
  waitlistIds.aFirst = (await joinA('a-first@example.org')).json().id;
  waitlistIds.aSecond = (await joinA('a-second@example.org')).json().id;
});
beforeAll(async () => {
  const held = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${a.slug}/orders`,
    payload: {
      buyer: { name: 'A-only pending buyer', email: 'a-pending@example.org' },
      tickets: [{ tier_id: ids.aTier, quantity: 1 }],
    },
  });
  orderIds.aPending = held.json().order.id;
  orderIds.aToken = held.json().access_token;
  const bHeld = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${b.slug}/orders`,
    payload: {
      buyer: { name: 'B buyer', email: 'b-buyer@example.org' },
      tickets: [{ tier_id: ids.bTier, quantity: 1 }],
    },
  });
  orderIds.bOrder = bHeld.json().order.id;
  for (const org of [a, b]) {
    const written = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/contact-messages`,
      payload: { name: 'A-only writer', email: 'writer@example.org', message: 'A-only question' },
    });
    expect(written.statusCode, written.body).toBe(202);
  }
});
beforeAll(async () => {
  const { order } = await buyTickets(t.app, a.slug, {
    buyer: { name: 'A-only refunded buyer', email: 'a-refunded@example.org' },
    tickets: [{ tier_id: ids.aTier, quantity: 1 }],
  });
  const refunded = await as(t.app, a.token).post(`/v1/orders/${order.id}/refunds`, {});
  expect(refunded.statusCode, refunded.body).toBe(200);
  orderIds.aRefunded = order.id;
});
/** A's export of its event's attendees, written. */
const exportIds = { a: '' };
beforeAll(async () => {
  const requested = await as(t.app, a.token).post('/v1/exports', {
    kind: 'attendees',
    format: 'csv',
    event_id: ids.aEvent,
  });
  expect(requested.statusCode, requested.body).toBe(202);
  exportIds.a = requested.json().id;
  await until(
    async () => (await as(t.app, a.token).get(`/v1/exports/${exportIds.a}`)).json().status === 'done',
    20_000,
    "A's export",
  );
});
/** An image each organizer uploaded; A's is on A's published event. */
const imageIds = { a: '', b: '' };
const png = (color: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .png()
    .toBuffer();
beforeAll(async () => {
  for (const [who, organizer, color] of [
    ['a', a, 'teal'],
    ['b', b, 'orange'],
  ] as const) {
    const uploaded = await as(t.app, organizer.token).send({
      method: 'POST',
      url: '/v1/images',
      headers: { 'content-type': 'image/png' },
      payload: await png(color),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    imageIds[who] = uploaded.json().id;
  }
  const shown = await as(t.app, a.token).patch(`/v1/events/${ids.aEvent}`, { image_id: imageIds.a });
  expect(shown.statusCode, shown.body).toBe(200);
  const branded = await as(t.app, a.token).patch('/v1/organizer/branding', {
    logo_image_id: imageIds.a,
    brand_color: '#7a1f3d',
    font: 'noto_serif',
  });
  expect(branded.statusCode, branded.body).toBe(200);
});
/**
 * Rows of the money tables that this server (without Stripe) makes no other way: a connected
 * account, a dispute, a payout and a subscription for each organizer, so the database checks
 * below see them hidden.
 */
const payoutIds = { a: '' };
beforeAll(async () => {
  for (const [who, organizer, eventId] of [
    ['A', a, ids.aEvent],
    ['B', b, ids.bEvent],
  ] as const) {
    const tenant = organizer.organizerId;
    await t.admin.query('insert into stripe_accounts (tenant_id, account_id, payouts_enabled) values ($1, $2, true)', [
      tenant,
      `acct_${who}only`,
    ]);
    await t.admin.query(
      "insert into plan_subscriptions (tenant_id, stripe_customer_id, plan, status) values ($1, $2, 'pro', 'canceled')",
      [tenant, `cus_${who}only`],
    );
    const payout = await t.admin.query(
      `insert into payouts (tenant_id, event_id, kind, method, status, amount_cents, currency, due_at)
       values ($1, $2, 'early', 'stripe', 'held', 1000, 'USD', now()) returning id`,
      [tenant, eventId],
    );
    if (who === 'A') payoutIds.a = payout.rows[0].id;
    const order = await t.admin.query("select id from orders where tenant_id = $1 and status = 'paid' limit 1", [
      tenant,
    ]);
    if (order.rows[0]) {
      await t.admin.query(
        "insert into disputes (tenant_id, order_id, stripe_dispute_id, amount_cents, currency, status) values ($1, $2, $3, 100, 'USD', 'open')",
        [tenant, order.rows[0].id, `du_${who}only`],
      );
    }
  }
  // B needs a paid order for its dispute row.
  const bOrder = await buyTickets(t.app, b.slug, { tickets: [{ tier_id: ids.bTier, quantity: 1 }] });
  await t.admin.query(
    "insert into disputes (tenant_id, order_id, stripe_dispute_id, amount_cents, currency, status) values ($1, $2, 'du_Bonly2', 100, 'USD', 'open') on conflict do nothing",
    [b.organizerId, bOrder.order.id],
  );
});

describe('staff routes', () => {
  it.each([
    ['GET', '/v1/staff/organizers'],
    ['GET', '/v1/staff/organizers/{a}'],
    ['GET', '/v1/staff/payouts'],
    ['GET', '/v1/staff/organizers/{a}/payouts'],
    ['POST', '/v1/staff/organizers/{a}/payouts/{p}/hold'],
    ['POST', '/v1/staff/organizers/{a}/payouts/{p}/release'],
    ['POST', '/v1/staff/organizers/{a}/payouts/{p}/paid'],
  ])('%s %s → 403 for an organizer, and A is unchanged', async (method, path) => {
    const url = path.replace('{a}', a.organizerId).replace('{p}', payoutIds.a);
    const body =
      method === 'POST'
        ? path.endsWith('hold')
          ? { reason: 'x' }
          : path.endsWith('paid')
            ? { reference: 'x' }
            : undefined
        : undefined;
    for (const token of [a.token, b.token, keys.bSecret]) {
      const response = await t.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body } : {}),
      });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.body).not.toContain('A-only');
      expect(response.body).not.toContain(a.email);
    }
    const payout = await t.admin.query('select status from payouts where id = $1', [payoutIds.a]);
    expect(payout.rows[0].status).toBe('held');
  });
});

/** Writes each organizer sent with the same Idempotency-Key string: each organizer keeps its own. */
beforeAll(async () => {
  const key = 'isolation-shared-key';
  for (const [organizer, state] of [
    [a, 'VA'],
    [b, 'DC'],
  ] as const) {
    const created = await as(t.app, organizer.token).send({
      method: 'POST',
      url: '/v1/tax-rates',
      headers: { 'idempotency-key': key },
      payload: { state, rate_ppm: 50_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
  }
});
/** A message to the holders of A's event, and an address that unsubscribed from A's messages. */
const messageIds = { a: '' };
beforeAll(async () => {
  const sent = await as(t.app, a.token).post(`/v1/events/${ids.aEvent}/messages`, {
    kind: 'announcement',
    subject: { en: 'A-only news' },
    body: { en: 'A-only parking, {{name}}.' },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  messageIds.a = sent.json().id;
  // Sent before the snapshots of A are taken, so its counts stand still.
  await until(
    async () => (await as(t.app, a.token).get(`/v1/messages/${messageIds.a}`)).json().status === 'sent',
    20_000,
    "A's message to be sent",
  );
  await t.admin.query("insert into unsubscribes (tenant_id, email) values ($1, 'a-gone@example.org')", [a.organizerId]);
  await t.admin.query("insert into unsubscribes (tenant_id, email) values ($1, 'b-gone@example.org')", [b.organizerId]);
});
/** A customer of A's signed in with an emailed link, and a link of A's not used yet. */
const customerIds = { aToken: '', aUnusedLink: '' };
beforeAll(async () => {
  const emailedToken = async (email: string) => {
    const before = t.buyerMail.sent.length;
    await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${a.slug}/customer/sign-in-links`,
      payload: { email },
    });
    // The worker sends the link; wait for it as the person would.
    for (let waited = 0; waited < 10_000; waited += 50) {
      const mail = t.buyerMail.sent.slice(before).find((m) => m.kind === 'customer_sign_in' && m.to === email);
      if (mail) return new URL(mail.link).searchParams.get('token') ?? '';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no sign-in link was emailed to ${email}`);
  };
  const signedIn = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${a.slug}/customer/sessions`,
    payload: { token: await emailedToken('a-buyer@example.org') },
  });
  expect(signedIn.json().claimed_orders).toBeGreaterThan(0);
  customerIds.aToken = signedIn.json().token;
  customerIds.aUnusedLink = await emailedToken('a-pending@example.org');
});
beforeAll(async () => {
  // Every change above has reached the receiver: A's delivery log stands still from here on.
  for (let waited = 0; ; waited += 100) {
    const pending = await t.admin.query("select count(*)::int as n from webhook_deliveries where status = 'pending'");
    if (pending.rows[0].n === 0) break;
    if (waited > 20_000) throw new Error(`${pending.rows[0].n} webhook deliveries are still pending`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(async () => {
  await t.stop();
  receiver.closeAllConnections();
  receiver.close();
});

const fill = (path: string) =>
  path
    .replace('{event_id}', ids.aEvent)
    .replace('{tier_id}', ids.aTier)
    .replace('{user_id}', ids.aStaff)
    .replace('{tax_rate_id}', checkoutIds.aTaxRate)
    .replace('{promo_code_id}', checkoutIds.aPromo)
    .replace('{product_id}', checkoutIds.aProduct)
    .replace('{ticket_id}', checkInIds.aCheckedIn)
    .replace('{entry_id}', waitlistIds.aFirst)
    .replace('{order_id}', orderIds.aPending)
    .replace('{api_key_id}', keys.aId)
    .replace('{endpoint_id}', webhookIds.aEndpoint)
    .replace('{delivery_id}', webhookIds.aDelivery)
    .replace('{domain_id}', domainIds.a)
    .replace('{version}', String(themeIds.aVersion))
    .replace('{payee_id}', taxIds.aPayee)
    .replace('{payment_id}', taxIds.aPayment)
    .replace('{export_id}', exportIds.a)
    .replace('{message_id}', messageIds.a)
    .replace('{slug}', 'unused');

const bodies: Record<string, unknown> = {
  'PATCH /v1/events/{event_id}': { title: { en: 'Hijacked by B' } },
  'POST /v1/events/{event_id}/tiers': { name: { en: 'B tier on A event' }, price_cents: 1, quantity: 1 },
  'PATCH /v1/events/{event_id}/tiers/{tier_id}': { price_cents: 1 },
  'POST /v1/events/{event_id}/translation-drafts': { locale: 'fr', source_locale: 'en' },
  'PATCH /v1/organizer/members/{user_id}': { role: 'admin' },
  'PATCH /v1/tax-rates/{tax_rate_id}': { rate_ppm: 1 },
  'PUT /v1/payees/{payee_id}': { name: 'Renamed by B' },
  'PATCH /v1/promo-codes/{promo_code_id}': { active: false, max_uses: 1 },
  'PATCH /v1/products/{product_id}': { price_cents: 1, quantity: 0 },
  get 'POST /v1/events/{event_id}/scans'() {
    return { code: checkInIds.aCode, device_id: 'B door' };
  },
  'POST /v1/tickets/{ticket_id}/undo-check-in': { device_id: 'B door' },
  'POST /v1/orders/{order_id}/mark-paid': { receipt_reference: 'B receipt' },
  'POST /v1/orders/{order_id}/refunds': {},
  get 'POST /v1/waitlist/{entry_id}/move'() {
    return { after_entry_id: waitlistIds.aSecond };
  },
  'PATCH /v1/webhook-endpoints/{endpoint_id}': { description: 'Hijacked by B', enabled: false },
  'POST /v1/events/{event_id}/messages': { kind: 'announcement', subject: { en: 'B' }, body: { en: 'B' } },
  'POST /v1/events/{event_id}/messages/preview': { kind: 'announcement', subject: { en: 'B' }, body: { en: 'B' } },
  'POST /v1/webhook-endpoints/{endpoint_id}/redeliveries': { since: '2000-01-01T00:00:00Z', status: 'succeeded' },
};

/** Operations on one of A's records by id: B must get 404 and change nothing. */
const byId: [string, string][] = [
  ['GET', '/v1/events/{event_id}'],
  ['PATCH', '/v1/events/{event_id}'],
  ['DELETE', '/v1/events/{event_id}'],
  ['POST', '/v1/events/{event_id}/publish'],
  ['POST', '/v1/events/{event_id}/unpublish'],
  ['POST', '/v1/events/{event_id}/cancel'],
  ['POST', '/v1/events/{event_id}/duplicate'],
  ['POST', '/v1/events/{event_id}/translation-drafts'],
  ['GET', '/v1/events/{event_id}/tiers'],
  ['POST', '/v1/events/{event_id}/tiers'],
  ['GET', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['PATCH', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['DELETE', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['PATCH', '/v1/organizer/members/{user_id}'],
  ['DELETE', '/v1/organizer/members/{user_id}'],
  ['PUT', '/v1/payees/{payee_id}'],
  ['DELETE', '/v1/payees/{payee_id}'],
  ['DELETE', '/v1/payee-payments/{payment_id}'],
  ['GET', '/v1/exports/{export_id}'],
  ['GET', '/v1/exports/{export_id}/file'],
  ['PATCH', '/v1/tax-rates/{tax_rate_id}'],
  ['DELETE', '/v1/tax-rates/{tax_rate_id}'],
  ['GET', '/v1/promo-codes/{promo_code_id}'],
  ['PATCH', '/v1/promo-codes/{promo_code_id}'],
  ['DELETE', '/v1/promo-codes/{promo_code_id}'],
  ['GET', '/v1/products/{product_id}'],
  ['PATCH', '/v1/products/{product_id}'],
  ['DELETE', '/v1/products/{product_id}'],
  ['POST', '/v1/events/{event_id}/scans'],
  ['POST', '/v1/tickets/{ticket_id}/undo-check-in'],
  ['GET', '/v1/events/{event_id}/check-ins/summary'],
  ['GET', '/v1/events/{event_id}/check-ins'],
  ['GET', '/v1/events/{event_id}/attendees'],
  ['GET', '/v1/events/{event_id}/waitlist'],
  ['POST', '/v1/waitlist/{entry_id}/move'],
  ['DELETE', '/v1/waitlist/{entry_id}'],
  ['GET', '/v1/orders/{order_id}'],
  ['POST', '/v1/orders/{order_id}/mark-paid'],
  ['POST', '/v1/orders/{order_id}/cancel'],
  ['POST', '/v1/orders/{order_id}/refunds'],
  ['GET', '/v1/events/{event_id}/payout-outlook'],
  ['POST', '/v1/organizer/api-keys/{api_key_id}/revoke'],
  ['GET', '/v1/webhook-endpoints/{endpoint_id}'],
  ['PATCH', '/v1/webhook-endpoints/{endpoint_id}'],
  ['DELETE', '/v1/webhook-endpoints/{endpoint_id}'],
  ['GET', '/v1/webhook-endpoints/{endpoint_id}/secret'],
  ['POST', '/v1/webhook-endpoints/{endpoint_id}/rotate-secret'],
  ['POST', '/v1/webhook-endpoints/{endpoint_id}/ping'],
  ['GET', '/v1/webhook-endpoints/{endpoint_id}/deliveries'],
  ['POST', '/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver'],
  ['POST', '/v1/webhook-endpoints/{endpoint_id}/redeliveries'],
  ['GET', '/v1/organizer/domains/{domain_id}'],
  ['POST', '/v1/organizer/domains/{domain_id}/checks'],
  ['DELETE', '/v1/organizer/domains/{domain_id}'],
  ['POST', '/v1/organizer/theme/versions/{version}/restore'],
  ['POST', '/v1/organizer/theme/versions/{version}/edit'],
  ['POST', '/v1/events/{event_id}/messages/preview'],
  ['POST', '/v1/events/{event_id}/messages'],
  ['GET', '/v1/events/{event_id}/messages'],
  ['GET', '/v1/messages/{message_id}'],
  ['GET', '/v1/messages/{message_id}/recipients'],
];

/** Lists and singletons of the session's own tenant: B must see none of A's rows. */
const ownScope: [string, string, (body: string) => void][] = [
  ['GET', '/v1/events', (body) => expect(body).toContain(ids.bEvent)],
  ['GET', '/v1/organizer', (body) => expect(JSON.parse(body).id).toBe(b.organizerId)],
  ['GET', '/v1/organizer/members', (body) => expect(body).toContain(b.email)],
  ['GET', '/v1/organizer/checkout-settings', (body) => expect(JSON.parse(body).hold_minutes).not.toBe(30)],
  [
    'GET',
    '/v1/organizer/branding',
    (body) => {
      expect(JSON.parse(body).brand_color).not.toBe('#7a1f3d');
      expect(body).not.toContain(imageIds.a);
    },
  ],
  ['GET', '/v1/tax-rates', (body) => expect(body).toContain(checkoutIds.bTaxRate)],
  ['GET', '/v1/promo-codes', (body) => expect(body).toContain(checkoutIds.bPromo)],
  ['GET', '/v1/products', (body) => expect(body).toContain(checkoutIds.bProduct)],
  ['GET', '/v1/orders', (body) => expect(body).toContain(orderIds.bOrder)],
  ['GET', '/v1/organizer/billing', (body) => expect(JSON.parse(body).subscription).toBeNull()],
  ['GET', '/v1/organizer/payouts', (body) => expect(body).not.toContain(payoutIds.a)],
  ['GET', '/v1/organizer/payout-account', (body) => expect(JSON.parse(body).account_id).toBe('acct_Bonly')],
  [
    'GET',
    '/v1/changes',
    (body) => {
      expect(body).toContain(ids.bEvent);
      expect(body).not.toContain(ids.aEvent);
    },
  ],
  ['GET', '/v1/tiers', (body) => expect(body).toContain(ids.bTier)],
  ['GET', '/v1/tickets', (body) => expect(body).toContain(ids.bEvent)],
  // Only B's refusals of A's codes at B's own door, if those tests ran first.
  [
    'GET',
    '/v1/check-ins',
    (body) => {
      for (const entry of JSON.parse(body).data) expect(entry).toMatchObject({ event_id: ids.bEvent, ticket: null });
    },
  ],
  // B has none of these; A's own sync pages show A's (below).
  ['GET', '/v1/refunds', (body) => expect(JSON.parse(body).data).toEqual([])],
  ['GET', '/v1/waitlist-entries', (body) => expect(JSON.parse(body).data).toEqual([])],
  ['GET', '/v1/customers', (body) => expect(JSON.parse(body).data).toEqual([])],
  ['GET', '/v1/organizer/api-keys', (body) => expect(body).toContain(keys.bId)],
  [
    'GET',
    '/v1/webhook-endpoints',
    (body) => {
      expect(body).toContain(webhookIds.bEndpoint);
      expect(body).not.toContain(webhookIds.aEndpoint);
    },
  ],
  [
    'GET',
    '/v1/organizer/domains',
    (body) => {
      expect(body).toContain(domainIds.b);
      expect(body).not.toContain(domainIds.a);
    },
  ],
  ['GET', '/v1/organizer/theme', (body) => expect(body).not.toContain('A-only')],
  ['GET', '/v1/reports/sales', (body) => expect(body).toContain(ids.bEvent)],
  ['GET', '/v1/reports/attendance', (body) => expect(body).toContain(ids.bTier)],
  ['GET', '/v1/reports/payouts', (body) => expect(body).toContain(ids.bEvent)],
  ['GET', '/v1/reports/donations', (body) => expect(JSON.parse(body).rows).toEqual([])],
  [
    'GET',
    '/v1/reports/sales-tax',
    // B's event is where A's is, but only A charges tax there.
    (body) => expect(JSON.parse(body).totals).toMatchObject({ sales_cents: 2500, tax_collected_cents: 0 }),
  ],
  ['GET', '/v1/tax-forms/1099-k', (body) => expect(JSON.parse(body).taxpayer_ready).toBe(true)],
  [
    'GET',
    '/v1/tax-forms/1099-nec',
    (body) => expect(JSON.parse(body).payees.map((p: { payee_id: string }) => p.payee_id)).toEqual([taxIds.bPayee]),
  ],
  ['GET', '/v1/organizer/taxpayer', (body) => expect(JSON.parse(body)).toMatchObject({ tin_last4: '0000' })],
  ['GET', '/v1/payees', (body) => expect(body).toContain(taxIds.bPayee)],
  ['GET', '/v1/payee-payments', (body) => expect(body).toContain(taxIds.bPayee)],
  ['GET', '/v1/exports', (body) => expect(body).not.toContain(exportIds.a)],
  [
    'GET',
    '/v1/activity',
    (body) => {
      const entries: { actor: { user_id: string | null } }[] = JSON.parse(body).data;
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect([b.userId, null]).toContain(entry.actor.user_id);
    },
  ],
];

/** The lists that sync (`updated_since`), each with what only A has in it. */
const syncedLists: [path: string, aOnly: () => string][] = [
  ['/v1/events', () => ids.aEvent],
  ['/v1/tiers', () => ids.aTier],
  ['/v1/orders', () => orderIds.aPending],
  ['/v1/tickets', () => checkInIds.aCheckedIn],
  ['/v1/check-ins', () => checkInIds.aCheckedIn],
  ['/v1/refunds', () => orderIds.aRefunded],
  ['/v1/organizer/payouts', () => payoutIds.a],
  ['/v1/customers', () => 'a-buyer@example.org'],
  ['/v1/waitlist-entries', () => waitlistIds.aFirst],
];

/** Writes that create in the session's tenant: B's request must land in B, never in A. */
const ownWrites: [string, string, () => unknown][] = [
  ['POST', '/v1/events', () => eventBody({ title: { en: 'Created by B' } })],
  [
    'PATCH',
    '/v1/organizer',
    () => ({ name: 'Renamed by B', about: { en: 'About B' }, social_links: { instagram: '@b_society' } }),
  ],
  ['POST', '/v1/organizer/members', () => ({ email: 'b-new-staff@example.org', role: 'staff' })],
  ['PATCH', '/v1/organizer/checkout-settings', () => ({ impact_fund_name: 'B fund', hold_minutes: 5 })],
  ['PATCH', '/v1/organizer/branding', () => ({ brand_color: '#0b6e4f', font: 'noto_sans' })],
  [
    'PUT',
    '/v1/organizer/taxpayer',
    () => ({
      legal_name: 'B Association Inc',
      tax_classification: 'c_corporation',
      tin_kind: 'ein',
      address_line1: '2 Main St',
      city: 'Albany',
      state: 'NY',
      postal_code: '12207',
      certify: true,
    }),
  ],
  ['POST', '/v1/payees', () => ({ name: 'B sound engineer' })],
  ['POST', '/v1/exports', () => ({ kind: 'orders', format: 'csv' })],
  [
    'POST',
    '/v1/payee-payments',
    () => ({ payee_id: taxIds.bPayee, paid_on: '2026-04-02', amount_cents: 5000, method: 'cash' }),
  ],
  // The same jurisdiction and code as A's: they are unique per organizer, not across organizers.
  ['POST', '/v1/tax-rates', () => ({ state: 'MD', city: 'Silver Spring', rate_ppm: 1 })],
  ['POST', '/v1/promo-codes', () => ({ code: 'shared10', kind: 'amount', amount_off_cents: 1 })],
  ['POST', '/v1/products', () => ({ name: { en: 'Created by B' }, price_cents: 1, quantity: 1 })],
  ['POST', '/v1/images', () => png('purple')],
  ['POST', '/v1/organizer/api-keys', () => ({ name: 'Made by B', scopes: ['orders:read'] })],
  [
    'POST',
    '/v1/webhook-endpoints',
    () => ({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/b`, description: 'Created by B' }),
  ],
  ['POST', '/v1/organizer/domains', () => ({ hostname: 'shop.b-society.org' })],
  ['PATCH', '/v1/organizer/theme/draft', () => ({ header: '<h2>B theme</h2>' })],
  ['POST', '/v1/organizer/theme/publish', () => undefined],
  ['POST', '/v1/organizer/theme/preview-links', () => undefined],
  ['POST', '/v1/organizer/theme/unpublish', () => undefined],
];

/** Not tenant-scoped: the public catalog (published rows only) and the person's own account. */
const notTenantScoped = new Set([
  'GET /v1/public/events',
  'GET /v1/public/events/{event_id}',
  'GET /v1/public/organizers/{slug}',
  'GET /v1/categories',
  // Whether the platform has a translation service: the same answer for every organizer.
  'GET /v1/machine-translation',
  // The catalog of change types, the same for every organizer.
  'GET /v1/webhook-event-types',
  'POST /v1/auth/sign-up',
  'POST /v1/auth/sign-up/confirm',
  'GET /v1/auth/sign-up/slug-availability',
  'POST /v1/auth/sign-in',
  'POST /v1/auth/sign-out',
  'GET /v1/auth/session',
  'PUT /v1/auth/session/organizer',
  // The signed-in person's own row only, as the session names it.
  'PUT /v1/auth/session/language',
  'POST /v1/auth/email-verification',
  'POST /v1/auth/email-verification/confirm',
  'POST /v1/auth/password-reset',
  'POST /v1/auth/password-reset/confirm',
  // By the organizer's slug, not a session: see "joining A's waitlist through B's slug" below.
  'POST /v1/public/organizers/{slug}/waitlist',
  // Written to the slug's organizer only; an order reference of another organizer's attaches
  // nothing (contact.test.ts, "the buyer's own order at another organizer").
  'POST /v1/public/organizers/{slug}/contact-messages',
  // Checkout by the organizer's slug; an order opens only with its token, and only under its
  // own organizer: see "A's order through B's slug" below.
  'POST /v1/public/organizers/{slug}/quote',
  'POST /v1/public/organizers/{slug}/orders',
  'GET /v1/public/organizers/{slug}/orders/{order_id}',
  'POST /v1/public/organizers/{slug}/orders/{order_id}/pay',
  'POST /v1/public/organizers/{slug}/orders/{order_id}/cancel',
  'GET /v1/public/organizers/{slug}/orders/{order_id}/tickets/{ticket_id}/qr.svg',
  'GET /v1/public/organizers/{slug}/orders/{order_id}/tickets/{ticket_id}/qr.png',
  'GET /v1/public/organizers/{slug}/orders/{order_id}/tickets.pdf',
  'GET /v1/public/organizers/{slug}/ticket-keys',
  // Anyone's, by design: a file is named by the SHA-256 of its bytes, known only from an image's or
  // an event's URLs. Which organizer may show an image is checked where events take its id: see
  // "B cannot show A's image on its events" below.
  'GET /v1/images/{file}',
  // A customer's session and sign-in links are found only under their own organizer: see
  // "A's customer token and sign-in link through B's slug" below.
  'POST /v1/public/organizers/{slug}/customer/sign-in-links',
  'POST /v1/public/organizers/{slug}/customer/sessions',
  'DELETE /v1/public/organizers/{slug}/customer/session',
  'GET /v1/public/organizers/{slug}/customer',
  'PATCH /v1/public/organizers/{slug}/customer',
  'GET /v1/public/organizers/{slug}/customer/orders',
  // Every organizer's mail, on purpose: the local sink exists only on a developer's machine and
  // answers 404 in production (see dev-mailbox.test.ts).
  'GET /v1/dev/mailbox',
  // Plan billing at Stripe answers 422 on this server, which has no Stripe; that it acts for the
  // session's organizer only is in billing.test.ts ("acts for the session's organizer only").
  'POST /v1/organizer/billing/checkout-sessions',
  'POST /v1/organizer/billing/portal-sessions',
  // Platform staff only (403 for organizers, B included), and audited: see billing.test.ts.
  'PUT /v1/staff/organizers/{organizer_id}/plan',
  'POST /v1/staff/organizers/{organizer_id}/enterprise-subscription',
  // Staff only (403 for B), each naming its organizer: see "staff routes" below.
  'GET /v1/staff/organizers/{organizer_id}/payouts',
  'GET /v1/staff/organizers/{organizer_id}',
  // Across organizers on purpose, for platform staff only (403 for B: "staff routes" below); the
  // database shows those rows to staff only (staff.test.ts, "the staff_directory scope").
  'GET /v1/staff/organizers',
  'GET /v1/staff/payouts',
  'POST /v1/staff/organizers/{organizer_id}/payouts/{payout_id}/hold',
  'POST /v1/staff/organizers/{organizer_id}/payouts/{payout_id}/release',
  'POST /v1/staff/organizers/{organizer_id}/payouts/{payout_id}/paid',
  // By the organizer's slug and the order's token, like paying: see "A's order through B's slug".
  'POST /v1/public/organizers/{slug}/orders/{order_id}/payment-confirmations',
  // Stripe's signed events name Stripe objects, which are routed to their organizer (payments.test.ts).
  'POST /v1/webhooks/stripe',
  // Answers 422 on this server, which has no Stripe; it creates the session organizer's account (payments.test.ts).
  'POST /v1/organizer/payout-account/onboarding-links',
  // Which organizer a host is for, by design public: only verified hosts answer, and a host
  // whose domain is pending tells nothing of who added it (domains.test.ts).
  'GET /v1/public/hosts/{host}',
  'GET /v1/domains/tls-allowed',
  // By the organizer's slug: the live theme is public, and a draft shows only with the preview
  // token of that organizer's own link: see "A's theme preview through B's slug" below.
  'GET /v1/public/organizers/{slug}/theme',
  // By the secret of an unsubscribe link, which names its organizer: a link re-addressed to
  // another organizer finds nothing there (messages.test.ts, "an unsubscribe link …").
  'GET /v1/public/unsubscribes/{token}',
  'POST /v1/public/unsubscribes/{token}',
  'DELETE /v1/public/unsubscribes/{token}',
]);

async function snapshotOfA() {
  const client = as(t.app, a.token);
  const customer = as(t.app, customerIds.aToken);
  return {
    event: (await client.get(`/v1/events/${ids.aEvent}`)).json(),
    draft: (await client.get(`/v1/events/${ids.aDraft}`)).json(),
    organizer: (await client.get('/v1/organizer')).json(),
    members: (await client.get('/v1/organizer/members')).json(),
    checkoutSettings: (await client.get('/v1/organizer/checkout-settings')).json(),
    branding: (await client.get('/v1/organizer/branding')).json(),
    taxRates: (await client.get('/v1/tax-rates')).json(),
    promo: (await client.get(`/v1/promo-codes/${checkoutIds.aPromo}`)).json(),
    product: (await client.get(`/v1/products/${checkoutIds.aProduct}`)).json(),
    checkIns: (await client.get(`/v1/events/${ids.aEvent}/check-ins`)).json(),
    attendees: (await client.get(`/v1/events/${ids.aEvent}/attendees`)).json(),
    waitlist: (await client.get(`/v1/events/${waitlistIds.aEvent}/waitlist`)).json(),
    orders: (await client.get('/v1/orders')).json(),
    customer: (await customer.get(`/v1/public/organizers/${a.slug}/customer`)).json(),
    customerOrders: (await customer.get(`/v1/public/organizers/${a.slug}/customer/orders`)).json(),
    images: (await t.admin.query('select * from images where tenant_id = $1 order by id', [a.organizerId])).rows,
    apiKeys: (await client.get('/v1/organizer/api-keys')).json(),
    webhookEndpoints: (await client.get('/v1/webhook-endpoints')).json(),
    webhookSecret: (await client.get(`/v1/webhook-endpoints/${webhookIds.aEndpoint}/secret`)).json(),
    webhookDeliveries: (await client.get(`/v1/webhook-endpoints/${webhookIds.aEndpoint}/deliveries?limit=100`)).json(),
    // What A set, not what the DNS check job last found: that runs on its own a minute after adding.
    domains: (await client.get('/v1/organizer/domains'))
      .json()
      .data.map((domain: { id: string; hostname: string }) => ({ id: domain.id, hostname: domain.hostname })),
    theme: (await client.get('/v1/organizer/theme')).json(),
    taxpayer: (await client.get('/v1/organizer/taxpayer')).json(),
    payees: (await client.get('/v1/payees')).json(),
    payeePayments: (await client.get('/v1/payee-payments')).json(),
    exports: (await client.get('/v1/exports')).json(),
    messages: (await client.get(`/v1/events/${ids.aEvent}/messages`)).json(),
    unsubscribes: (await t.admin.query('select email from unsubscribes where tenant_id = $1', [a.organizerId])).rows,
    sealedTins: (
      await t.admin.query(
        'select tin_sealed from taxpayer_details where tenant_id = $1 union all select tin_sealed from payees where tenant_id = $1',
        [a.organizerId],
      )
    ).rows,
  };
}

describe('every operation is classified', () => {
  it('the isolation tables cover every operation of the OpenAPI document', () => {
    const documented = Object.entries(t.app.swagger().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const classified = new Set([
      ...byId.map(([m, p]) => `${m} ${p}`),
      ...ownScope.map(([m, p]) => `${m} ${p}`),
      ...ownWrites.map(([m, p]) => `${m} ${p}`),
      ...notTenantScoped,
    ]);
    expect(documented.filter((operation) => !classified.has(operation))).toEqual([]);
    expect([...classified].filter((operation) => !documented.includes(operation))).toEqual([]);
  });
});

describe("tenant B's credentials on tenant A's ids", () => {
  it.each(byId)('%s %s → 404, and A is unchanged', async (method, path) => {
    const before = await snapshotOfA();
    const payload = bodies[`${method} ${path}`];
    const response = await as(t.app, b.token).send({
      method: method as 'GET',
      url: fill(path),
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect(response.body).not.toContain('A-only');
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B scanning A's ticket at B's own event is refused as another organizer's, and A is unchanged", async () => {
    const before = await snapshotOfA();
    const response = await as(t.app, b.token).post(`/v1/events/${ids.bEvent}/scans`, {
      code: checkInIds.aCode,
      device_id: 'B door',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ outcome: 'refused', reason: 'other_organizer', ticket: null });
    expect(response.body).not.toContain('A-only');
    expect(await snapshotOfA()).toEqual(before);
    expect(
      before.attendees.data.map((ticket: { checked_in_at: string | null }) => ticket.checked_in_at !== null),
    ).toEqual(expect.arrayContaining([true, false]));
  });

  it("B typing A's short code or order number at B's own event finds nothing of A's, and A is unchanged", async () => {
    const before = await snapshotOfA();
    for (const code of [checkInIds.aShortCode, checkInIds.aShortCode.toLowerCase(), checkInIds.aOrderNumber]) {
      const response = await as(t.app, b.token).post(`/v1/events/${ids.bEvent}/scans`, { code, device_id: 'B door' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ outcome: 'refused', ticket: null, order: null });
      expect(['unknown_ticket', 'invalid_code']).toContain(response.json().reason);
      expect(response.body).not.toContain('A-only');
    }
    for (const q of [checkInIds.aShortCode, checkInIds.aOrderNumber]) {
      const search = await as(t.app, b.token).get(`/v1/events/${ids.bEvent}/attendees?q=${encodeURIComponent(q)}`);
      expect(search.statusCode, search.body).toBe(200);
      expect(search.json().data).toEqual([]);
    }
    expect(await snapshotOfA()).toEqual(before);
    // A's own door finds both.
    const mine = await as(t.app, a.token).get(`/v1/events/${ids.aEvent}/attendees?q=${checkInIds.aShortCode}`);
    expect(mine.json().data).toHaveLength(1);
  });

  it("joining A's waitlist through B's slug → 422, and A is unchanged", async () => {
    const before = await snapshotOfA();
    expect(before.waitlist.data).toHaveLength(2);
    const response = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${b.slug}/waitlist`,
      payload: { tier_id: waitlistIds.aTier, email: 'b-side@example.org', name: 'Through B', quantity: 1 },
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error.details[0].field).toBe('body.tier_id');
    expect(response.body).not.toContain('A-only');
    expect(await snapshotOfA()).toEqual(before);
  });

  it("A's theme preview through B's slug → 404, while A's own slug shows A's draft", async () => {
    const through = (slug: string) =>
      t.app.inject({ method: 'GET', url: `/v1/public/organizers/${slug}/theme?preview=${themeIds.aPreview}` });
    const refused = await through(b.slug);
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.json().error.code).toBe('theme_preview_expired');
    expect(refused.body).not.toContain('A-only');
    const own = await through(a.slug);
    expect(own.json()).toMatchObject({ preview: true, footer: '<p>A-only draft</p>' });
  });

  it("A's order through B's slug, even with A's token → 404, and A is unchanged", async () => {
    const before = await snapshotOfA();
    const token = encodeURIComponent(orderIds.aToken);
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['GET', '/tickets.pdf', undefined],
      ['POST', '/pay', { method: 'card', card_number: '4242424242424242' }],
      ['POST', '/cancel', undefined],
    ] as const) {
      const response = await t.app.inject({
        method,
        url: `/v1/public/organizers/${b.slug}/orders/${orderIds.aPending}${path}?token=${token}`,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, response.body).toBe(404);
      expect(response.body).not.toContain('A-only');
    }
    const bTier = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${b.slug}/orders`,
      payload: { buyer: { name: 'x', email: 'x@example.org' }, tickets: [{ tier_id: ids.aTier, quantity: 1 }] },
    });
    expect(bTier.statusCode).toBe(422);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("A's customer token and sign-in link through B's slug → 401 and 422, and A is unchanged", async () => {
    const before = await snapshotOfA();
    expect(before.customerOrders.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(before.customerOrders)).toContain('A-only');
    const customer = as(t.app, customerIds.aToken);
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['PATCH', '', { name: 'Renamed through B' }],
      ['GET', '/orders', undefined],
      ['DELETE', '/session', undefined],
    ] as const) {
      const response = await customer.send({
        method,
        url: `/v1/public/organizers/${b.slug}/customer${path}`,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, response.body).toBe(401);
      expect(response.body).not.toContain('A-only');
    }
    const link = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${b.slug}/customer/sessions`,
      payload: { token: customerIds.aUnusedLink },
    });
    expect(link.statusCode, link.body).toBe(422);
    // Asking B for a link to A's customer's email starts nothing at A.
    const asked = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${b.slug}/customer/sign-in-links`,
      payload: { email: 'a-buyer@example.org' },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B cannot export the attendees or orders of A's event, and A is unchanged", async () => {
    const before = await snapshotOfA();
    const client = as(t.app, b.token);
    for (const kind of ['attendees', 'orders']) {
      const response = await client.post('/v1/exports', { kind, format: 'csv', event_id: ids.aEvent });
      expect(response.statusCode, response.body).toBe(404);
      expect(response.body).not.toContain('A-only');
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B cannot show A's image on its events, and A is unchanged", async () => {
    const before = await snapshotOfA();
    expect(before.event.image_id).toBe(imageIds.a);
    const client = as(t.app, b.token);
    const created = await client.post(
      '/v1/events',
      eventBody({ title: { en: 'B with A image' }, image_id: imageIds.a }),
    );
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json().error.details[0].field).toBe('body.image_id');
    const changed = await client.patch(`/v1/events/${ids.bEvent}`, { image_id: imageIds.a });
    expect(changed.statusCode, changed.body).toBe(422);
    expect(changed.json().error.details[0].field).toBe('body.image_id');
    expect(changed.body).not.toContain(before.event.image_url);
    expect((await client.get(`/v1/events/${ids.bEvent}`)).json().image_id).toBeNull();
    // B's own image is B's to show.
    const own = await client.patch(`/v1/events/${ids.bEvent}`, { image_id: imageIds.b });
    expect(own.statusCode, own.body).toBe(200);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B cannot wear A's image as its logo, icon or cover, and A is unchanged", async () => {
    const before = await snapshotOfA();
    expect(before.branding.logo_image_id).toBe(imageIds.a);
    const client = as(t.app, b.token);
    for (const field of ['logo_image_id', 'favicon_image_id', 'hero_image_id']) {
      const refused = await client.patch('/v1/organizer/branding', { [field]: imageIds.a });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.details[0].field).toBe(`body.${field}`);
      expect(refused.body).not.toContain(before.branding.logo.url);
    }
    expect((await client.get('/v1/organizer/branding')).json().logo).toBeNull();
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B's event id with A's tier id → 404", async () => {
    const response = await as(t.app, b.token).get(`/v1/events/${ids.bEvent}/tiers/${ids.aTier}`);
    expect(response.statusCode).toBe(404);
  });

  it("B cannot tie its add-ons and promo codes to A's event and tiers", async () => {
    const client = as(t.app, b.token);
    const product = await client.post('/v1/products', {
      name: { en: 'x' },
      price_cents: 1,
      quantity: 1,
      event_id: ids.aEvent,
    });
    expect(product.statusCode, product.body).toBe(422);
    expect(product.json().error.details[0].field).toBe('body.event_id');
    const moved = await client.patch(`/v1/products/${checkoutIds.bProduct}`, { event_id: ids.aEvent });
    expect(moved.statusCode, moved.body).toBe(422);
    const promo = await client.post('/v1/promo-codes', {
      code: 'ATIER',
      kind: 'amount',
      amount_off_cents: 1,
      tier_ids: [ids.aTier],
    });
    expect(promo.statusCode, promo.body).toBe(422);
    expect(promo.json().error.details[0].field).toBe('body.tier_ids');
    expect((await client.get(`/v1/products?event_id=${ids.aEvent}`)).json().data).toEqual([]);
  });
});

describe("tenant B's lists and own records", () => {
  it.each(ownScope)('%s %s shows none of A', async (method, path, check) => {
    const response = await as(t.app, b.token).send({ method: method as 'GET', url: path });
    expect(response.statusCode, response.body).toBe(200);
    for (const value of [
      ...[ids.aEvent, ids.aDraft, ids.aTier, ids.aStaff, a.organizerId, a.email, 'A-only'],
      ...[checkoutIds.aTaxRate, checkoutIds.aPromo, checkoutIds.aProduct, keys.aId],
    ]) {
      expect(response.body).not.toContain(value);
    }
    check(response.body);
  });

  it.each(syncedLists)("%s: B's sync pages show none of A, while A's show A's", async (path, aOnly) => {
    const sync = `${path}?updated_since=1970-01-01T00:00:00Z&limit=100`;
    // A change shows in a sync once every older transaction has ended: A's may wait a moment.
    await until(async () => (await as(t.app, a.token).get(sync)).body.includes(aOnly()), 10_000, `A's ${path}`);
    const response = await as(t.app, b.token).get(sync);
    expect(response.statusCode, response.body).toBe(200);
    for (const value of [aOnly(), ids.aEvent, ids.aTier, a.organizerId, a.email, 'A-only', 'a-buyer@example.org']) {
      expect(response.body).not.toContain(value);
    }
  });

  it.each(ownWrites)('%s %s lands in B only', async (method, path, body) => {
    const before = await snapshotOfA();
    const payload = await body();
    const response = await as(t.app, b.token).send({
      method: method as 'POST',
      url: path,
      payload: payload as Record<string, unknown>,
      // An upload's body is the file itself.
      ...(Buffer.isBuffer(payload) ? { headers: { 'content-type': 'image/png' } } : {}),
    });
    expect([200, 201, 202], response.body).toContain(response.statusCode);
    expect(await snapshotOfA()).toEqual(before);
  });
});

/** The scope an operation asks of an API key; none: keys may not call it. */
function scopeOf(method: string, path: string): string | undefined {
  const item = t.app.swagger().paths?.[path] as Record<string, Record<string, unknown>> | undefined;
  const scope = item?.[method.toLowerCase()]?.['x-api-key-scope'];
  return typeof scope === 'string' ? scope : undefined;
}

const openToKeys = (method: string, path: string) => scopeOf(method, path) !== undefined;

describe("tenant B's API key, with every scope, on tenant A", () => {
  it.each(byId)('%s %s → 404 (403 where keys are not accepted), and A is unchanged', async (method, path) => {
    const before = await snapshotOfA();
    const payload = bodies[`${method} ${path}`];
    const response = await as(t.app, keys.bSecret).send({
      method: method as 'GET',
      url: fill(path),
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
    if (openToKeys(method, path)) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    } else {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('api_key_not_allowed');
    }
    expect(response.body).not.toContain('A-only');
    expect(await snapshotOfA()).toEqual(before);
  });

  it.each(ownScope)('%s %s shows none of A (403 where keys are not accepted)', async (method, path, check) => {
    const response = await as(t.app, keys.bSecret).send({ method: method as 'GET', url: path });
    if (!openToKeys(method, path)) {
      expect(response.statusCode, response.body).toBe(403);
      return;
    }
    expect(response.statusCode, response.body).toBe(200);
    for (const value of [ids.aEvent, ids.aDraft, ids.aTier, a.organizerId, a.email, 'A-only', keys.aId]) {
      expect(response.body).not.toContain(value);
    }
    check(response.body);
  });

  it('reaches every group of scopes in the tables above', () => {
    const reached = new Set(
      [...byId, ...ownScope].flatMap(([method, path]) => scopeOf(method, path)?.split(':')[0] ?? []),
    );
    expect([...reached].sort()).toEqual([...new Set(API_KEY_SCOPES.map((scope) => scope.split(':')[0]))].sort());
  });
});

describe('the public catalog', () => {
  it("lists A's published event but never its draft", async () => {
    const list = await t.app.inject({ method: 'GET', url: '/v1/public/events?limit=100' });
    expect(list.body).toContain(ids.aEvent);
    expect(list.body).not.toContain(ids.aDraft);
    const draft = await t.app.inject({ method: 'GET', url: `/v1/public/events/${ids.aDraft}` });
    expect(draft.statusCode).toBe(404);
  });

  it("the catalog's own connections read published events and nothing of a tenant's, and write nothing", async () => {
    const { catalogDb } = t.runtime.services;
    const searched = (await catalogDb.selectFrom('catalog_events').select('event_id').execute()).map((r) => r.event_id);
    expect(searched).toContain(ids.aEvent);
    expect(searched).not.toContain(ids.aDraft);
    const worded = await catalogDb.selectFrom('event_search_terms').select('event_id').distinct().execute();
    expect(worded.map((r) => r.event_id)).not.toContain(ids.aDraft);
    expect(await catalogDb.selectFrom('memberships').select('tenant_id').execute()).toEqual([]);
    expect(await catalogDb.selectFrom('customers').select('id').execute()).toEqual([]);
    await expect(
      catalogDb.updateTable('catalog_events').set({ prices: [] }).where('event_id', '=', ids.aEvent).execute(),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('reads orders and their lines only while their hold has lapsed, to count those seats as free', async () => {
    const held = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${a.slug}/orders`,
      payload: {
        buyer: { name: 'A-only lapsed buyer', email: 'a-lapsed@example.org' },
        tickets: [{ tier_id: ids.aTier, quantity: 1 }],
      },
    });
    const lapsed = held.json().order.id as string;
    await t.admin.query(`update orders set expires_at = now() - interval '1 second' where id = $1`, [lapsed]);
    const status = async () =>
      (await t.admin.query('select status from orders where id = $1', [lapsed])).rows[0].status;
    const before = await status();
    const seen = await withPublicCatalog(t.runtime.db, async (trx) => ({
      orders: (await trx.selectFrom('orders').select('id').execute()).map((order) => order.id),
      lines: [...new Set((await trx.selectFrom('order_lines').select('order_id').execute()).map((l) => l.order_id))],
    }));
    // Live holds (A's pending order), paid orders and B's orders stay hidden.
    expect(seen.orders.filter((id) => id !== lapsed)).toEqual([]);
    expect(seen.lines.filter((id) => id !== lapsed)).toEqual([]);
    // The lapsed hold shows unless the worker released it meanwhile.
    if (before === 'pending' && (await status()) === 'pending') {
      expect(seen).toEqual({ orders: [lapsed], lines: [lapsed] });
    }
  });
});

describe('the database itself', () => {
  async function tenantTables(client: pg.Client): Promise<string[]> {
    const result = await client.query<{ name: string }>(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where c.relkind in ('r', 'p') and n.nspname = 'public' order by 1`);
    return result.rows.map((row) => row.name);
  }

  it('as the API role without a tenant, every tenant table shows 0 rows', async () => {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      const tables = await tenantTables(api);
      expect(tables).toEqual(expect.arrayContaining(['events', 'memberships', 'ticket_tiers']));
      for (const table of tables) {
        const owner = await t.admin.query(`select count(*)::int as n from ${table}`);
        expect(owner.rows[0].n, `${table} has rows to hide`).toBeGreaterThan(0);
        const seen = await api.query(`select count(*)::int as n from ${table}`);
        expect(seen.rows[0].n, `${table} without a tenant`).toBe(0);
      }
    } finally {
      await api.end();
    }
  });

  it("with tenant A set, the API role sees A's rows and only them, and cannot write B's", async () => {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      await api.query('begin');
      await api.query(`select set_config('app.tenant_id', $1, true)`, [a.organizerId]);
      for (const table of await tenantTables(api)) {
        const seen = await api.query(
          `select count(*)::int as n, count(*) filter (where tenant_id <> $1)::int as foreign from ${table}`,
          [a.organizerId],
        );
        expect(seen.rows[0].n, table).toBeGreaterThan(0);
        expect(seen.rows[0].foreign, table).toBe(0);
      }
      await expect(
        api.query(
          `insert into events (tenant_id, title, category_id, time_zone, starts_at, ends_at)
          values ($1, '{"en":"x"}', 'comedy', 'UTC', now(), now() + interval '1 hour')`,
          [b.organizerId],
        ),
      ).rejects.toThrow(/row-level security/);
      await api.query('rollback');
    } finally {
      await api.end();
    }
  });
});
