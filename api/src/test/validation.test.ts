import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventBody, expectErrorShape, type Organizer, signUpOrganizer, startTestApp, type TestApp } from './app.ts';

/**
 * Bad input on every write endpoint gets a 400 or 422 in the one error shape, names the field,
 * and writes nothing. Every documented operation with a request body must have rows here.
 */

let t: TestApp;
let owner: Organizer;
const ids = { event: '', tier: '', soldTier: '', member: '' };

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
  const client = as(t.app, owner.token);
  const event = await client.post(
    '/v1/events',
    eventBody({
      tiers: [
        { name: { en: 'General' }, price_cents: 2500, quantity: 100 },
        { name: { en: 'Sold some' }, price_cents: 1000, quantity: 10 },
      ],
    }),
  );
  ids.event = event.json().id;
  ids.tier = event.json().tiers[0].id;
  ids.soldTier = event.json().tiers[1].id;
  // Sales arrive with checkout; here the count is set directly to exercise the rule.
  await t.admin.query('update ticket_tiers set sold_count = 6 where id = $1', [ids.soldTier]);
  const member = await client.post('/v1/organizer/members', { email: 'door@example.org', role: 'check_in' });
  ids.member = member.json().user_id;
});
afterAll(() => t.stop());

const long = (n: number) => 'x'.repeat(n);
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

type Row = [operation: string, label: string, body: unknown, status: 400 | 422, field: string];

const signUp = (organizer: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  email: 'valid@example.org',
  password: 'long enough password',
  display_name: 'Valid Person',
  organizer: { name: 'Valid Org', slug: 'valid-org-x', ...organizer },
  ...rest,
});

const rows: Row[] = [
  ['POST /v1/auth/sign-up', 'missing fields', {}, 400, 'body.email'],
  ['POST /v1/auth/sign-up', 'wrong type', signUp({}, { email: 42 }), 400, 'body.email'],
  ['POST /v1/auth/sign-up', 'oversized name', signUp({}, { display_name: long(201) }), 400, 'body.display_name'],
  ['POST /v1/auth/sign-up', 'short password', signUp({}, { password: 'short' }), 400, 'body.password'],
  ['POST /v1/auth/sign-up', 'bad slug', signUp({ slug: 'Not A Slug!' }), 400, 'body.organizer.slug'],
  [
    'POST /v1/auth/sign-up',
    'bad time zone',
    signUp({ time_zone: 'Mars/Olympus_Mons' }),
    422,
    'body.organizer.time_zone',
  ],
  ['POST /v1/auth/sign-up', 'unknown plan', signUp({ plan: 'platinum' }), 400, 'body.organizer.plan'],
  ['POST /v1/auth/sign-up', 'unknown field', signUp({}, { admin: true }), 400, 'body.admin'],
  ['POST /v1/auth/sign-in', 'missing fields', {}, 400, 'body.email'],
  ['POST /v1/auth/sign-in', 'wrong type', { email: 'a@example.org', password: 12345 }, 400, 'body.password'],
  [
    'POST /v1/auth/sign-in',
    'oversized password',
    { email: 'a@example.org', password: long(201) },
    400,
    'body.password',
  ],
  ['PUT /v1/auth/session/organizer', 'missing fields', {}, 400, 'body.organizer'],
  ['PUT /v1/auth/session/organizer', 'wrong type', { organizer: 7 }, 400, 'body.organizer'],
  ['PUT /v1/auth/session/organizer', 'oversized slug', { organizer: long(49) }, 400, 'body.organizer'],
  ['POST /v1/auth/email-verification/confirm', 'missing fields', {}, 400, 'body.token'],
  ['POST /v1/auth/email-verification/confirm', 'wrong type', { token: 1234567890123 }, 400, 'body.token'],
  ['POST /v1/auth/email-verification/confirm', 'oversized token', { token: long(201) }, 400, 'body.token'],
  ['POST /v1/auth/password-reset', 'missing fields', {}, 400, 'body.email'],
  ['POST /v1/auth/password-reset', 'not an email', { email: 'not-an-email' }, 400, 'body.email'],
  ['POST /v1/auth/password-reset', 'oversized email', { email: `${long(250)}@x.org` }, 400, 'body.email'],
  ['POST /v1/auth/password-reset/confirm', 'missing fields', {}, 400, 'body.token'],
  [
    'POST /v1/auth/password-reset/confirm',
    'wrong type',
    { token: 'apr_1234567890', password: ['x'] },
    400,
    'body.password',
  ],
  [
    'POST /v1/auth/password-reset/confirm',
    'oversized password',
    { token: 'apr_1234567890', password: long(201) },
    400,
    'body.password',
  ],
  ['PATCH /v1/organizer', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/organizer', 'wrong type', { name: 5 }, 400, 'body.name'],
  ['PATCH /v1/organizer', 'oversized name', { name: long(201) }, 400, 'body.name'],
  ['PATCH /v1/organizer', 'bad currency', { currency: 'usd' }, 400, 'body.currency'],
  ['PATCH /v1/organizer', 'bad time zone', { time_zone: 'Nowhere/Land' }, 422, 'body.time_zone'],
  ['PATCH /v1/organizer', 'default locale not offered', { default_locale: 'fr' }, 422, 'body.default_locale'],
  ['POST /v1/organizer/members', 'missing fields', {}, 400, 'body.email'],
  ['POST /v1/organizer/members', 'unknown role', { email: 'x@example.org', role: 'king' }, 400, 'body.role'],
  [
    'POST /v1/organizer/members',
    'oversized name',
    { email: 'x@example.org', role: 'staff', display_name: long(201) },
    400,
    'body.display_name',
  ],
  ['PATCH /v1/organizer/members/{user_id}', 'missing fields', {}, 400, 'body.role'],
  ['PATCH /v1/organizer/members/{user_id}', 'wrong type', { role: 3 }, 400, 'body.role'],
  ['POST /v1/events', 'missing fields', {}, 400, 'body.title'],
  ['POST /v1/events', 'wrong type', eventBody({ title: 'Just a string' }), 400, 'body.title'],
  ['POST /v1/events', 'no title locale', eventBody({ title: {} }), 400, 'body.title'],
  ['POST /v1/events', 'bad locale key', eventBody({ title: { English: 'Gala' } }), 400, 'body.title.English'],
  ['POST /v1/events', 'oversized title', eventBody({ title: { en: long(201) } }), 400, 'body.title.en'],
  [
    'POST /v1/events',
    'oversized description',
    eventBody({ description: { en: long(20_001) } }),
    400,
    'body.description.en',
  ],
  [
    'POST /v1/events',
    'negative price',
    eventBody({ tiers: [{ name: { en: 'T' }, price_cents: -100, quantity: 5 }] }),
    400,
    'body.tiers.0.price_cents',
  ],
  [
    'POST /v1/events',
    'fractional price',
    eventBody({ tiers: [{ name: { en: 'T' }, price_cents: 12.5, quantity: 5 }] }),
    400,
    'body.tiers.0.price_cents',
  ],
  [
    'POST /v1/events',
    'end before start',
    eventBody({ starts_at: hoursFromNow(48), ends_at: hoursFromNow(47) }),
    422,
    'body.ends_at',
  ],
  ['POST /v1/events', 'unknown category', eventBody({ category: 'pottery-rave' }), 422, 'body.category'],
  ['POST /v1/events', 'bad time zone', eventBody({ time_zone: 'America/Atlantis' }), 422, 'body.time_zone'],
  ['POST /v1/events', 'bad date', eventBody({ starts_at: 'next friday' }), 400, 'body.starts_at'],
  ['POST /v1/events', 'zero capacity', eventBody({ capacity: 0 }), 400, 'body.capacity'],
  ['POST /v1/events', 'script image url', eventBody({ image_url: 'javascript:alert(1)' }), 400, 'body.image_url'],
  [
    'POST /v1/events',
    'tier max below min',
    eventBody({ tiers: [{ name: { en: 'T' }, price_cents: 0, quantity: 5, min_per_order: 4, max_per_order: 2 }] }),
    422,
    'body.tiers.0.max_per_order',
  ],
  [
    'POST /v1/events',
    'unknown field',
    eventBody({ organizer_id: '00000000-0000-4000-8000-000000000000' }),
    400,
    'body.organizer_id',
  ],
  ['PATCH /v1/events/{event_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/events/{event_id}', 'wrong type', { capacity: 'lots' }, 400, 'body.capacity'],
  ['PATCH /v1/events/{event_id}', 'oversized city', { city: long(101) }, 400, 'body.city'],
  ['PATCH /v1/events/{event_id}', 'end before start', { ends_at: hoursFromNow(1) }, 422, 'body.ends_at'],
  ['PATCH /v1/events/{event_id}', 'unknown category', { category: 'not-a-category' }, 422, 'body.category'],
  ['PATCH /v1/events/{event_id}', 'bad time zone', { time_zone: 'EST5EDT-ish' }, 422, 'body.time_zone'],
  ['POST /v1/events/{event_id}/tiers', 'missing fields', {}, 400, 'body.name'],
  [
    'POST /v1/events/{event_id}/tiers',
    'wrong type',
    { name: { en: 'T' }, price_cents: 100, quantity: 'ten' },
    400,
    'body.quantity',
  ],
  [
    'POST /v1/events/{event_id}/tiers',
    'oversized name',
    { name: { en: long(121) }, price_cents: 100, quantity: 1 },
    400,
    'body.name.en',
  ],
  [
    'POST /v1/events/{event_id}/tiers',
    'negative price',
    { name: { en: 'T' }, price_cents: -1, quantity: 1 },
    400,
    'body.price_cents',
  ],
  [
    'POST /v1/events/{event_id}/tiers',
    'sales end before start',
    { name: { en: 'T' }, price_cents: 1, quantity: 1, sales_start_at: hoursFromNow(5), sales_end_at: hoursFromNow(4) },
    422,
    'body.sales_end_at',
  ],
  ['PATCH /v1/events/{event_id}/tiers/{tier_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/events/{event_id}/tiers/{tier_id}', 'wrong type', { hidden: 'yes' }, 400, 'body.hidden'],
  [
    'PATCH /v1/events/{event_id}/tiers/{tier_id}',
    'oversized description',
    { description: { en: long(2001) } },
    400,
    'body.description.en',
  ],
  ['PATCH /v1/events/{event_id}/tiers/{tier_id}', 'negative price', { price_cents: -500 }, 400, 'body.price_cents'],
  [
    'PATCH /v1/events/{event_id}/tiers/{tier_id}',
    'max below min',
    { min_per_order: 5, max_per_order: 3 },
    422,
    'body.max_per_order',
  ],
  ['PATCH /v1/events/{event_id}/tiers/{sold_tier_id}', 'quantity below sold', { quantity: 5 }, 422, 'body.quantity'],
];

function url(operation: string): [string, string] {
  const [method, path] = operation.split(' ') as [string, string];
  return [
    method,
    path
      .replace('{event_id}', ids.event)
      .replace('{tier_id}', ids.tier)
      .replace('{sold_tier_id}', ids.soldTier)
      .replace('{user_id}', ids.member),
  ];
}

async function counts() {
  const result = await t.admin.query(`select
    (select count(*) from users)::int as users, (select count(*) from tenants)::int as tenants,
    (select count(*) from events)::int as events, (select count(*) from ticket_tiers)::int as tiers,
    (select count(*) from memberships)::int as memberships,
    (select max(updated_at) from events)::text as events_changed, (select max(updated_at) from ticket_tiers)::text as tiers_changed,
    (select max(updated_at) from tenants)::text as tenants_changed`);
  return result.rows[0];
}

describe('bad input', () => {
  it('covers every documented operation that takes a body', () => {
    const withBody = Object.entries(t.app.swagger().paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item ?? {})
        .filter(([, operation]) => (operation as { requestBody?: unknown }).requestBody)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(rows.map(([operation]) => operation.replace('{sold_tier_id}', '{tier_id}')));
    expect(withBody.filter((operation) => !covered.has(operation))).toEqual([]);
  });

  it.each(rows)('%s with %s → %i', async (operation, _label, body, status, field) => {
    const before = await counts();
    const [method, path] = url(operation);
    const response = await as(t.app, owner.token).send({
      method: method as 'POST',
      url: path,
      payload: body as Record<string, unknown>,
    });
    const error = expectErrorShape(response, status);
    expect(error.details.map((d) => d.field)).toContain(field);
    expect(error.message).toMatch(/[.!]$/);
    expect(await counts()).toEqual(before);
  });

  it('answers malformed JSON, a wrong content type and a huge body in the error shape', async () => {
    const client = as(t.app, owner.token);
    expectErrorShape(
      await client.send({
        method: 'POST',
        url: '/v1/events',
        payload: '{"title": ',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid_json',
    );
    expectErrorShape(
      await client.send({
        method: 'POST',
        url: '/v1/events',
        payload: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    expectErrorShape(
      await client.send({
        method: 'POST',
        url: '/v1/events',
        payload: JSON.stringify({ title: { en: long(2_000_000) } }),
        headers: { 'content-type': 'application/json' },
      }),
      413,
    );
  });

  it('answers bad path and query parameters with 400', async () => {
    const client = as(t.app, owner.token);
    expect(expectErrorShape(await client.get('/v1/events/not-a-uuid'), 400).details[0]?.field).toBe('params.event_id');
    expectErrorShape(await client.get('/v1/events?limit=0'), 400);
    expectErrorShape(await client.get('/v1/events?status=deleted'), 400);
    expectErrorShape(await client.get('/v1/events?cursor=garbage'), 400, 'invalid_cursor');
    expectErrorShape(await client.get('/v1/events?updated_since=yesterday'), 400);
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/public/events?price_min=-5' }), 400);
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/public/events?price_min=500&price_max=100' }), 422);
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/public/events?sort=relevance' }), 422);
    expectErrorShape(await t.app.inject({ method: 'GET', url: `/v1/public/events?q=${long(201)}` }), 400);
    expectErrorShape(
      await t.app.inject({ method: 'GET', url: '/v1/public/events?cursor=WyJ4Il0' }),
      400,
      'invalid_cursor',
    );
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/nowhere' }), 404, 'route_not_found');
  });

  it('echoes a caller-supplied request id, and makes one otherwise', async () => {
    const supplied = await t.app.inject({
      method: 'GET',
      url: '/v1/nowhere',
      headers: { 'x-request-id': 'trace-1234-abcd' },
    });
    expect(supplied.json().error.request_id).toBe('trace-1234-abcd');
    const made = await t.app.inject({
      method: 'GET',
      url: '/v1/nowhere',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.json().error.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
