import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../openapi.ts';
import { acceptsSessionCookie } from '../plugins/auth.ts';
import {
  as,
  buyTickets,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from './app.ts';

/**
 * Writes authenticated by the session cookie, sent from other sites: a browser attaches the cookie
 * to a form posted from any page, and SameSite=Lax lets a sibling subdomain's page through. Every
 * such operation of the OpenAPI document is in the table below by itself.
 */

const ADMIN = 'https://admin.accessplus.example';
const API = 'https://api.accessplus.example';
const SIBLING = 'https://evil.accessplus.example';

let t: TestApp;
let owner: Organizer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // No worker: the hash of every table must change only by the request under test.
  t = await startTestApp({ adminUrl: ADMIN, publicUrl: API, runWorker: false });
  owner = await signUpOrganizer(t.app);
  // Staff routes then answer this person, so a 403 can only be the origin check's.
  await t.admin.query('update users set is_platform_staff = true where id = $1', [owner.userId]);
  // And on Pro, so that no route refuses for the plan (webhooks).
  await t.admin.query("update tenants set plan = 'pro' where id = $1", [owner.organizerId]);
  const client = as(t.app, owner.token);
  ids.organizer_id = owner.organizerId;
  ids.event_id = await publishedEvent(t.app, owner.token);
  ids.tier_id = (await client.get(`/v1/events/${ids.event_id}`)).json().tiers[0].id;
  ids.user_id = (
    await client.post('/v1/organizer/members', { email: 'door@example.org', role: 'check_in' })
  ).json().user_id;
  ids.tax_rate_id = (await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 })).json().id;
  ids.promo_code_id = (
    await client.post('/v1/promo-codes', { code: 'SAVE5', kind: 'amount', amount_off_cents: 500 })
  ).json().id;
  ids.product_id = (
    await client.post('/v1/products', { name: { en: 'Parking' }, price_cents: 1000, quantity: 5 })
  ).json().id;
  const { order } = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: ids.tier_id as string, quantity: 2 }] });
  ids.order_id = order.id;
  const [scanned] = order.tickets;
  await client.post(`/v1/events/${ids.event_id}/scans`, { code: scanned?.code, device_id: 'door' });
  ids.ticket_id = scanned?.id ?? '';

  const soldOut = await publishedEvent(t.app, owner.token, {
    tiers: [{ name: { en: 'Only seat' }, price_cents: 0, quantity: 1 }],
  });
  const soldOutTier = (await client.get(`/v1/events/${soldOut}`)).json().tiers[0].id;
  await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: soldOutTier, quantity: 1 }], pay: false });
  ids.entry_id = (
    await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${owner.slug}/waitlist`,
      payload: { tier_id: soldOutTier, email: 'waiting@example.org', name: 'Waiting', quantity: 1 },
    })
  ).json().id;
  ids.payout_id = (
    await t.admin.query(
      `insert into payouts (tenant_id, event_id, kind, method, status, amount_cents, currency, due_at)
       values ($1, $2, 'early', 'manual', 'held', 1000, 'USD', now()) returning id`,
      [owner.organizerId, ids.event_id],
    )
  ).rows[0].id;
});
afterAll(() => t.stop());

/** Every public table's rows, hashed: what a refused request must leave as it was. */
async function databaseState(): Promise<Record<string, string>> {
  const tables = await t.admin.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by 1",
  );
  const hashes = tables.rows.map(
    ({ name }) =>
      `select '${name}' as name, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as hash from public."${name}" r`,
  );
  const { rows } = await t.admin.query<{ name: string; hash: string }>(hashes.join(' union all '));
  return Object.fromEntries(rows.map((row) => [row.name, row.hash]));
}

/** Runs what the jobs queued so far would do, so only the request under test changes rows after. */
async function workerIdle() {
  while ((await t.runQueuedJobs()) > 0);
}

async function freshSession(): Promise<string> {
  const signedIn = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: owner.email, password: owner.password },
  });
  expect(signedIn.statusCode, signedIn.body).toBe(200);
  return signedIn.json().token;
}

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Every operation but a read that the session cookie may authenticate, from the OpenAPI document
 * (made here, as the table's rows must be known before any test runs), with whether it takes a body.
 */
const document = (await openApiDocument()) as {
  security?: Record<string, unknown>[];
  paths?: Record<string, Record<string, { security?: Record<string, unknown>[]; requestBody?: unknown }>>;
};
const cookieWrites: [Method, string, boolean][] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method, operation]) => method !== 'get' && acceptsSessionCookie(operation.security ?? document.security))
    .map(([method, operation]): [Method, string, boolean] => [
      method.toUpperCase() as Method,
      path,
      operation.requestBody !== undefined,
    ]),
);

describe('the attack', () => {
  it('a cross-site text/plain POST with the session cookie does not cancel an event', async () => {
    const eventId = await publishedEvent(t.app, owner.token);
    const cookie = await freshSession();
    const attack = (origin: string, site: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/events/${eventId}/cancel`,
        headers: { 'content-type': 'text/plain', origin, 'sec-fetch-site': site },
        cookies: { ap_session: cookie },
        payload: '',
      });
    expectErrorShape(await attack('https://attacker.example', 'cross-site'), 403, 'cross_site_request');
    // A page on a sibling subdomain is the same site: its request carries a SameSite=Lax cookie.
    expectErrorShape(await attack(SIBLING, 'same-site'), 403, 'cross_site_request');
    expect((await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().status).toBe('published');

    const fromAdmin = await attack(ADMIN, 'same-site');
    expect(fromAdmin.statusCode, fromAdmin.body).toBe(200);
    expect((await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().status).toBe('cancelled');
  });

  it('takes the API’s own pages (/docs) by Origin or Sec-Fetch-Site, and refuses a write that shows neither', async () => {
    const cookie = await freshSession();
    const publish = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/v1/events', headers, cookies: { ap_session: cookie }, payload: {} });
    expect((await publish({ origin: API })).statusCode).toBe(400);
    expect((await publish({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(400);
    expectErrorShape(await publish({}), 403, 'cross_site_request');
    expectErrorShape(await publish({ origin: 'null' }), 403, 'cross_site_request');
    expectErrorShape(await publish({ origin: SIBLING, 'sec-fetch-site': 'same-site' }), 403, 'cross_site_request');
    // Reading is not a change: the cookie alone still shows who is signed in.
    const session = await t.app.inject({ method: 'GET', url: '/v1/auth/session', cookies: { ap_session: cookie } });
    expect(session.statusCode).toBe(200);
  });

  it('leaves bearer tokens and operations without the cookie alone', async () => {
    const cookie = await freshSession();
    const withBearer = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${owner.token}`, origin: 'https://attacker.example' },
      cookies: { ap_session: cookie },
      payload: eventBody(),
    });
    expect(withBearer.statusCode, withBearer.body).toBe(201);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { origin: 'https://attacker.example' },
      cookies: { ap_session: cookie },
      payload: { email: owner.email, password: owner.password },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
  });
});

describe('every write the session cookie authenticates', () => {
  it('the table finds them in the OpenAPI document the app serves', () => {
    expect(t.app.swagger()).toEqual(document);
    const found = cookieWrites.map(([method, path]) => `${method} ${path}`);
    expect(found).toContain('POST /v1/events/{event_id}/cancel');
    expect(found).toContain('POST /v1/auth/sign-out');
    expect(found).not.toContain('POST /v1/auth/sign-in');
    expect(found.length).toBeGreaterThan(40);
  });

  it.each(cookieWrites)('%s %s from another site → 403, and nothing changed', async (method, path) => {
    await workerIdle();
    const before = await databaseState();
    const response = await t.app.inject({
      method,
      url: fill(path),
      headers: { 'content-type': 'text/plain', origin: SIBLING, 'sec-fetch-site': 'same-site' },
      cookies: { ap_session: owner.token },
      payload: '',
    });
    expectErrorShape(response, 403, 'cross_site_request');
    expect(await databaseState()).toEqual(before);
  });

  const send = (method: Method, path: string, hasBody: boolean, options: Partial<InjectOptions>) =>
    t.app.inject({ method, url: fill(path), ...(hasBody ? { payload: {} } : {}), ...options });

  it.each(cookieWrites)('%s %s from the admin → not 403', async (method, path, hasBody) => {
    const response = await send(method, path, hasBody, {
      headers: { origin: ADMIN, 'sec-fetch-site': 'same-site' },
      cookies: { ap_session: await freshSession() },
    });
    expect(response.statusCode, response.body).not.toBe(403);
  });

  it.each(cookieWrites)('%s %s with a bearer token and no Origin → not 403', async (method, path, hasBody) => {
    const response = await send(method, path, hasBody, {
      headers: { authorization: `Bearer ${await freshSession()}` },
    });
    expect(response.statusCode, response.body).not.toBe(403);
  });
});
