import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from './app.ts';

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
  await t.admin.query('update ticket_tiers set taken_count = 6 where id = $1', [ids.soldTier]);
  const member = await client.post('/v1/organizer/members', { email: 'door@example.org', role: 'check_in' });
  ids.member = member.json().user_id;
});
const checkoutIds = { taxRate: '', promo: '', product: '' };
beforeAll(async () => {
  const client = as(t.app, owner.token);
  checkoutIds.taxRate = (await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 })).json().id;
  checkoutIds.promo = (
    await client.post('/v1/promo-codes', { code: 'VALID10', kind: 'percent', percent_off_bp: 1000 })
  ).json().id;
  checkoutIds.product = (
    await client.post('/v1/products', { name: { en: 'Parking' }, price_cents: 1000, quantity: 10 })
  ).json().id;
  // Uses and sales arrive with checkout; here the counts are set directly to exercise the rules.
  await t.admin.query('update promo_codes set used_count = 3 where id = $1', [checkoutIds.promo]);
  await t.admin.query('update products set taken_count = 4 where id = $1', [checkoutIds.product]);
});
/** A payee of the owner's, for the payee rows. */
const taxIds = { payee: '' };
beforeAll(async () => {
  taxIds.payee = (await as(t.app, owner.token).post('/v1/payees', { name: 'Selam band' })).json().id;
});
/** A sold-out tier of the owner's with one person waiting for it. */
const waitlistIds = { entry: '' };
beforeAll(async () => {
  const client = as(t.app, owner.token);
  const event = await client.post(
    '/v1/events',
    eventBody({ tiers: [{ name: { en: 'Only seat' }, price_cents: 0, quantity: 1 }] }),
  );
  expect((await client.post(`/v1/events/${event.json().id}/publish`)).statusCode).toBe(200);
  const tierId = event.json().tiers[0].id;
  await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/orders`,
    payload: { buyer: { name: 'First', email: 'first@example.org' }, tickets: [{ tier_id: tierId, quantity: 1 }] },
  });
  const joined = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/waitlist`,
    payload: { tier_id: tierId, email: 'waiting@example.org', name: 'Waiting', quantity: 1 },
  });
  expect(joined.statusCode, joined.body).toBe(201);
  waitlistIds.entry = joined.json().id;
});
/** A pending order of the owner's, opened with its access token. */
const orderIds = { order: '', token: '' };
beforeAll(async () => {
  const eventId = await publishedEvent(t.app, owner.token);
  const tierId = (await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
  const held = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/orders`,
    payload: {
      buyer: { name: 'Pending', email: 'pending@example.org' },
      tickets: [{ tier_id: tierId, quantity: 1 }],
    },
  });
  expect(held.statusCode, held.body).toBe(201);
  orderIds.order = held.json().order.id;
  orderIds.token = held.json().access_token;
});
/** A published event whose tickets must each carry their holder's name. */
const namedIds = { tier: '' };
beforeAll(async () => {
  const eventId = await publishedEvent(t.app, owner.token, { attendee_names: 'required' });
  namedIds.tier = (await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
});
/** A webhook endpoint of the owner's, on a plan with webhooks; off, so nothing is sent. */
const webhookIds = { endpoint: '' };
beforeAll(async () => {
  await putOnPlan(t, owner, 'pro');
  const created = await as(t.app, owner.token).post('/v1/webhook-endpoints', { url: PUBLIC_HOOK, enabled: false });
  expect(created.statusCode, created.body).toBe(201);
  webhookIds.endpoint = created.json().id;
});
/** A member of platform staff: the staff area checks its parameters for staff only. */
const staffIds = { token: '' };
beforeAll(async () => {
  const person = await signUpOrganizer(t.app);
  await t.admin.query('update users set is_platform_staff = true where id = $1', [person.userId]);
  staffIds.token = person.token;
});
// API keys come with Pro: their rules are checked past the plan's.
beforeAll(() => putOnPlan(t, owner, 'pro'));
afterAll(() => t.stop());

const long = (n: number) => 'x'.repeat(n);
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** A public address: saved without a name to look up; its endpoint here is off, so nothing is sent to it. */
const PUBLIC_HOOK = 'https://93.184.215.14/hooks';
const returnUrls = {
  success_url: 'https://admin.example.org/billing',
  cancel_url: 'https://admin.example.org/billing',
};

type Row = [operation: string, label: string, body: unknown, status: 400 | 422, field: string];

const taxpayer = {
  legal_name: 'Habesha Community Center',
  tax_classification: 'tax_exempt',
  tin_kind: 'ein',
  tin: '12-3456789',
  address_line1: '1 Main St',
  city: 'Silver Spring',
  state: 'MD',
  postal_code: '20910',
  certify: true,
};
// Refused before any payee is looked up, so any id does; the last row's is nobody's.
const payment = () => ({
  payee_id: '00000000-0000-4000-8000-000000000001',
  paid_on: '2026-03-01',
  amount_cents: 50_000,
  method: 'check',
});

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
  [
    'POST /v1/auth/sign-up',
    'a plan (paid plans come through billing)',
    signUp({ plan: 'pro' }),
    400,
    'body.organizer.plan',
  ],
  ['POST /v1/auth/sign-up', 'unknown field', signUp({}, { admin: true }), 400, 'body.admin'],
  ['POST /v1/auth/sign-up', 'a language the admin is not in', signUp({}, { locale: 'xx' }), 400, 'body.locale'],
  ['POST /v1/auth/sign-up/confirm', 'missing fields', {}, 400, 'body.token'],
  ['POST /v1/auth/sign-up/confirm', 'wrong type', { token: 1234567890123 }, 400, 'body.token'],
  ['POST /v1/auth/sign-up/confirm', 'oversized token', { token: long(201) }, 400, 'body.token'],
  [
    'POST /v1/auth/sign-up/confirm',
    'bad slug',
    { token: 'apn_1234567890', organizer_slug: 'Not A Slug!' },
    400,
    'body.organizer_slug',
  ],
  ['POST /v1/auth/sign-up/confirm', 'unknown field', { token: 'apn_1234567890', slug: 'x' }, 400, 'body.slug'],
  ['POST /v1/auth/sign-up/confirm', 'unknown token', { token: 'apn_1234567890' }, 422, 'body.token'],
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
  ['PUT /v1/auth/session/language', 'missing fields', {}, 400, 'body.locale'],
  ['PUT /v1/auth/session/language', 'a language the admin is not in', { locale: 'de' }, 400, 'body.locale'],
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
  [
    'PATCH /v1/organizer',
    'contact email without @',
    { contact_email: 'tickets.example.org' },
    400,
    'body.contact_email',
  ],
  [
    'PATCH /v1/organizer',
    'contact email with spaces',
    { contact_email: ' a b@example.org' },
    400,
    'body.contact_email',
  ],
  [
    'PATCH /v1/organizer',
    'oversized contact email',
    { contact_email: `${long(250)}@example.org` },
    400,
    'body.contact_email',
  ],
  ['PATCH /v1/organizer', 'empty contact email', { contact_email: '' }, 400, 'body.contact_email'],
  ['PATCH /v1/organizer', 'oversized about', { about: { en: long(4001) } }, 400, 'body.about.en'],
  ['PATCH /v1/organizer', 'about in a language not offered', { about: { fr: 'Bonjour' } }, 422, 'body.about.fr'],
  ['PATCH /v1/organizer', 'phone of words', { contact_phone: 'call us' }, 422, 'body.contact_phone'],
  ['PATCH /v1/organizer', 'script as website', { website_url: 'javascript:alert(1)' }, 422, 'body.website_url'],
  [
    'PATCH /v1/organizer',
    'script as Instagram',
    { social_links: { instagram: 'javascript:alert(1)' } },
    422,
    'body.social_links.instagram',
  ],
  [
    'PATCH /v1/organizer',
    'another site as Facebook',
    { social_links: { facebook: 'https://evil.example/page' } },
    422,
    'body.social_links.facebook',
  ],
  ['PATCH /v1/organizer', 'unknown network', { social_links: { myspace: 'x' } }, 400, 'body.social_links.myspace'],
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
  ['POST /v1/events', 'script online link', eventBody({ online_url: 'javascript:alert(1)' }), 400, 'body.online_url'],
  [
    'POST /v1/events',
    'oversized online link',
    eventBody({ online_url: `https://meet.example.org/${long(2000)}` }),
    400,
    'body.online_url',
  ],
  ['POST /v1/events', 'unknown names rule', eventBody({ attendee_names: 'sometimes' }), 400, 'body.attendee_names'],
  ['POST /v1/events', 'waitlist as text', eventBody({ waitlist_enabled: 'yes' }), 400, 'body.waitlist_enabled'],
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
  ['POST /v1/events', 'an image id that is not an id', eventBody({ image_id: 'cover.jpg' }), 400, 'body.image_id'],
  ['POST /v1/events', 'an image nobody uploaded', eventBody({ image_id: UNKNOWN_ID }), 422, 'body.image_id'],
  [
    'PATCH /v1/events/{event_id}',
    'both an image id and an image url',
    { image_id: UNKNOWN_ID, image_url: 'https://example.org/a.jpg' },
    422,
    'body.image_url',
  ],
  [
    'PATCH /v1/events/{event_id}',
    'online link without scheme',
    { online_url: 'meet.example.org/x' },
    400,
    'body.online_url',
  ],
  ['PATCH /v1/events/{event_id}', 'names rule as a flag', { attendee_names: true }, 400, 'body.attendee_names'],
  ['PATCH /v1/events/{event_id}', 'waitlist as null', { waitlist_enabled: null }, 400, 'body.waitlist_enabled'],
  ['POST /v1/events/{event_id}/translation-drafts', 'missing fields', {}, 400, 'body.locale'],
  [
    'POST /v1/events/{event_id}/translation-drafts',
    'not a language',
    { locale: 'Amharic', source_locale: 'en' },
    400,
    'body.locale',
  ],
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
  ['PATCH /v1/organizer/branding', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/organizer/branding', 'color by name', { brand_color: 'blue' }, 400, 'body.brand_color'],
  ['PATCH /v1/organizer/branding', 'short hex color', { background_color: '#fff' }, 400, 'body.background_color'],
  ['PATCH /v1/organizer/branding', 'color as a number', { text_color: 0x222222 }, 400, 'body.text_color'],
  ['PATCH /v1/organizer/branding', 'unknown font', { font: 'papyrus' }, 400, 'body.font'],
  ['PATCH /v1/organizer/branding', 'image id not a uuid', { logo_image_id: 'logo.png' }, 400, 'body.logo_image_id'],
  [
    'PATCH /v1/organizer/branding',
    'image of nobody',
    { hero_image_id: '00000000-0000-4000-8000-000000000000' },
    422,
    'body.hero_image_id',
  ],
  ['PATCH /v1/organizer/branding', 'unknown field', { css: 'body{}' }, 400, 'body.css'],
  ['PATCH /v1/organizer/theme/draft', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/organizer/theme/draft', 'template too long', { header: 'x'.repeat(20_001) }, 400, 'body.header'],
  ['PATCH /v1/organizer/theme/draft', 'stylesheet too long', { css: 'p{}'.repeat(21_334) }, 400, 'body.css'],
  ['PATCH /v1/organizer/theme/draft', 'template as a number', { footer: 1 }, 400, 'body.footer'],
  ['PATCH /v1/organizer/theme/draft', 'unknown section', { sidebar: '<p>x</p>' }, 400, 'body.sidebar'],
  ['PATCH /v1/organizer/checkout-settings', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/organizer/checkout-settings', 'wrong type', { fees_taxable: 'yes' }, 400, 'body.fees_taxable'],
  [
    'PATCH /v1/organizer/checkout-settings',
    'fee too high',
    { service_fee_percent_bp: 5001 },
    400,
    'body.service_fee_percent_bp',
  ],
  [
    'PATCH /v1/organizer/checkout-settings',
    'negative flat fee',
    { service_fee_flat_cents: -1 },
    400,
    'body.service_fee_flat_cents',
  ],
  ['PATCH /v1/organizer/checkout-settings', 'hold too short', { hold_minutes: 0 }, 400, 'body.hold_minutes'],
  [
    'PATCH /v1/organizer/checkout-settings',
    'offer too long',
    { waitlist_offer_minutes: 10_081 },
    400,
    'body.waitlist_offer_minutes',
  ],
  ['PATCH /v1/organizer/checkout-settings', 'unknown payer', { fees_paid_by: 'nobody' }, 400, 'body.fees_paid_by'],
  [
    'PATCH /v1/organizer/checkout-settings',
    'unknown method',
    { offline_methods: ['cheque'] },
    400,
    'body.offline_methods.0',
  ],
  [
    'PATCH /v1/organizer/checkout-settings',
    'repeated partner',
    { community_partners: ['Shop', 'Shop'] },
    400,
    'body.community_partners',
  ],
  [
    'PATCH /v1/organizer/checkout-settings',
    'oversized fund name',
    { impact_fund_name: long(201) },
    400,
    'body.impact_fund_name',
  ],
  [
    'PATCH /v1/organizer/checkout-settings',
    'partner without partners',
    { offline_methods: ['partner'] },
    422,
    'body.offline_methods',
  ],
  ['PATCH /v1/organizer/checkout-settings', 'unknown field', { stripe_key: 'sk_x' }, 400, 'body.stripe_key'],
  [
    'POST /v1/events/{event_id}/messages',
    'an unknown kind',
    { kind: 'newsletter', subject: { en: 'Hi' }, body: { en: 'Hi' } },
    400,
    'body.kind',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'no subject',
    { kind: 'announcement', body: { en: 'Hi' } },
    400,
    'body.subject',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'an empty body',
    { kind: 'announcement', subject: { en: 'Hi' }, body: {} },
    400,
    'body.body',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'an unknown variable',
    { kind: 'announcement', subject: { en: 'Hi {{nom}}' }, body: { en: 'Hi' } },
    422,
    'body.subject.en',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'a tier that is no id',
    { kind: 'announcement', subject: { en: 'Hi' }, body: { en: 'Hi' }, audience: { tier_ids: ['vip'] } },
    400,
    'body.audience.tier_ids.0',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'an unknown check-in state',
    { kind: 'announcement', subject: { en: 'Hi' }, body: { en: 'Hi' }, audience: { checked_in: 'maybe' } },
    400,
    'body.audience.checked_in',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'a version in a language the organizer does not use',
    { kind: 'announcement', subject: { en: 'Hi', de: 'Hallo' }, body: { en: 'Hi' } },
    422,
    'body.subject.de',
  ],
  [
    'POST /v1/events/{event_id}/messages',
    'no version in the default language',
    { kind: 'announcement', subject: { en: 'Hi' }, body: { en: '  ' } },
    422,
    'body.body.en',
  ],
  [
    'POST /v1/events/{event_id}/messages/preview',
    'a bad locale',
    { kind: 'announcement', subject: { en: 'Hi' }, body: { en: 'Hi' }, locale: 'French' },
    400,
    'body.locale',
  ],
  [
    'POST /v1/events/{event_id}/messages/preview',
    'an oversized subject',
    { kind: 'marketing', subject: { en: long(201) }, body: { en: 'Hi' } },
    400,
    'body.subject.en',
  ],
  ['POST /v1/public/unsubscribes/{token}', 'a wrong type', { subscribe: 'yes' }, 400, 'body.subscribe'],
  ['POST /v1/public/unsubscribes/{token}', 'unknown field', { email: 'x@example.org' }, 400, 'body.email'],
  [
    'POST /v1/public/organizers/{slug}/contact-messages',
    'bad email',
    { name: 'Hana', email: 'hana', message: 'Hi' },
    400,
    'body.email',
  ],
  [
    'POST /v1/public/organizers/{slug}/contact-messages',
    'blank message',
    { name: 'Hana', email: 'hana@example.org', message: '   ' },
    422,
    'body.message',
  ],
  [
    'POST /v1/public/organizers/{slug}/contact-messages',
    'oversized order reference',
    { name: 'Hana', email: 'hana@example.org', message: 'Hi', order_reference: long(41) },
    400,
    'body.order_reference',
  ],
  [
    'POST /v1/public/organizers/{slug}/contact-messages',
    'no message',
    { name: 'Hana', email: 'h@example.org' },
    400,
    'body.message',
  ],
  ['POST /v1/public/organizers/{slug}/quote', 'unknown field', { tickets: [], coupon: 'X' }, 400, 'body.coupon'],
  [
    'POST /v1/public/organizers/{slug}/quote',
    'zero quantity',
    { tickets: [{ tier_id: UNKNOWN_ID, quantity: 0 }] },
    400,
    'body.tickets.0.quantity',
  ],
  [
    'POST /v1/public/organizers/{slug}/quote',
    'tiny donation',
    { donations: [{ event_id: UNKNOWN_ID, amount_cents: 5 }] },
    400,
    'body.donations.0.amount_cents',
  ],
  ['POST /v1/public/organizers/{slug}/quote', 'empty cart', {}, 422, 'body'],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'missing buyer',
    { tickets: [{ tier_id: UNKNOWN_ID, quantity: 1 }] },
    400,
    'body.buyer',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'bad email',
    { buyer: { name: 'A', email: 'nope' }, tickets: [] },
    400,
    'body.buyer.email',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'consent as a word',
    { buyer: { name: 'A', email: 'a@example.org', marketing_consent: 'yes' }, tickets: [] },
    400,
    'body.buyer.marketing_consent',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'fractional quantity',
    { buyer: { name: 'A', email: 'a@example.org' }, tickets: [{ tier_id: UNKNOWN_ID, quantity: 1.5 }] },
    400,
    'body.tickets.0.quantity',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'an unknown field in a ticket line',
    { buyer: { name: 'A', email: 'a@example.org' }, tickets: [{ tier_id: UNKNOWN_ID, quantity: 1, price_cents: 0 }] },
    400,
    'body.tickets.0.price_cents',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'an unknown field of the buyer',
    { buyer: { name: 'A', email: 'a@example.org', is_staff: true }, tickets: [{ tier_id: UNKNOWN_ID, quantity: 1 }] },
    400,
    'body.buyer.is_staff',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'an unknown field in an add-on line',
    {
      buyer: { name: 'A', email: 'a@example.org' },
      add_ons: [{ product_id: UNKNOWN_ID, quantity: 1, unit_price_cents: 0 }],
    },
    400,
    'body.add_ons.0.unit_price_cents',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'an unknown field in a donation',
    { buyer: { name: 'A', email: 'a@example.org' }, donations: [{ event_id: UNKNOWN_ID, amount_cents: 500, fee: 0 }] },
    400,
    'body.donations.0.fee',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'unknown tier',
    { buyer: { name: 'A', email: 'a@example.org' }, tickets: [{ tier_id: UNKNOWN_ID, quantity: 1 }] },
    422,
    'body.tickets.0.tier_id',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders',
    'tickets without the names their event requires',
    {
      buyer: { name: 'A', email: 'a@example.org' },
      tickets: [
        {
          get tier_id() {
            return namedIds.tier;
          },
          quantity: 2,
          attendee_names: ['Only one'],
        },
      ],
    },
    422,
    'body.tickets.0.attendee_names',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders/{order_id}/pay',
    'unknown method',
    { method: 'bitcoin' },
    400,
    'body.method',
  ],
  [
    'POST /v1/public/organizers/{slug}/orders/{order_id}/pay',
    'card without number (the test provider takes it here)',
    { method: 'card' },
    422,
    'body.card_number',
  ],
  ['POST /v1/orders/{order_id}/mark-paid', 'missing receipt', {}, 400, 'body.receipt_reference'],
  ['POST /v1/organizer/payout-account/onboarding-links', 'missing fields', {}, 400, 'body.return_url'],
  [
    'POST /v1/organizer/payout-account/onboarding-links',
    'not a web address',
    { return_url: 'somewhere', refresh_url: 'https://admin.example.org/payouts' },
    400,
    'body.return_url',
  ],
  ['POST /v1/staff/organizers/{organizer_id}/payouts/{payout_id}/hold', 'missing reason', {}, 400, 'body.reason'],
  ['POST /v1/staff/organizers/{organizer_id}/payouts/{payout_id}/paid', 'missing reference', {}, 400, 'body.reference'],
  [
    'POST /v1/orders/{order_id}/mark-paid',
    'oversized receipt',
    { receipt_reference: long(101) },
    400,
    'body.receipt_reference',
  ],
  ['POST /v1/orders/{order_id}/refunds', 'empty ticket list', { ticket_ids: [] }, 400, 'body.ticket_ids'],
  ['POST /v1/orders/{order_id}/refunds', 'not an id', { ticket_ids: ['x'] }, 400, 'body.ticket_ids.0'],
  ['POST /v1/orders/{order_id}/refunds', 'empty line list', { line_ids: [] }, 400, 'body.line_ids'],
  [
    'POST /v1/orders/{order_id}/refunds',
    'a line id twice',
    { line_ids: [UNKNOWN_ID, UNKNOWN_ID] },
    400,
    'body.line_ids',
  ],
  ['PUT /v1/organizer/taxpayer', 'not certified', { ...taxpayer, certify: false }, 400, 'body.certify'],
  ['PUT /v1/organizer/taxpayer', 'lowercase state', { ...taxpayer, state: 'md' }, 400, 'body.state'],
  ['PUT /v1/organizer/taxpayer', 'short ZIP', { ...taxpayer, postal_code: '2091' }, 400, 'body.postal_code'],
  ['PUT /v1/organizer/taxpayer', 'TIN of letters', { ...taxpayer, tin: 'abcdefghi' }, 400, 'body.tin'],
  ['PUT /v1/organizer/taxpayer', 'no TIN the first time', { ...taxpayer, tin: undefined }, 422, 'body.tin'],
  [
    'PUT /v1/organizer/taxpayer',
    'SSN never issued',
    { ...taxpayer, tin_kind: 'ssn', tin: '666-12-3456' },
    422,
    'body.tin',
  ],
  ['PUT /v1/organizer/taxpayer', 'EIN written as an SSN', { ...taxpayer, tin: '123-45-6789' }, 422, 'body.tin'],
  [
    'PUT /v1/organizer/taxpayer',
    'unknown classification',
    { ...taxpayer, tax_classification: 'church' },
    400,
    'body.tax_classification',
  ],
  ['POST /v1/payees', 'no name', { name: '' }, 400, 'body.name'],
  ['POST /v1/payees', 'TIN without its kind', { name: 'Drummer', tin: '123-45-6789' }, 422, 'body.tin_kind'],
  ['POST /v1/payees', 'bad email', { name: 'Drummer', email: 'drummer' }, 400, 'body.email'],
  [
    'PUT /v1/payees/{payee_id}',
    'ITIN of unused digits',
    { name: 'Drummer', tin_kind: 'ssn', tin: '912-40-1234' },
    422,
    'body.tin',
  ],
  ['POST /v1/exports', 'missing fields', {}, 400, 'body.kind'],
  ['POST /v1/exports', 'unknown format', { kind: 'orders', format: 'pdf' }, 400, 'body.format'],
  ['POST /v1/exports', 'attendees of no event', { kind: 'attendees', format: 'csv' }, 422, 'body.event_id'],
  ['POST /v1/exports', 'searching orders', { kind: 'orders', format: 'csv', q: 'ahmed' }, 422, 'body.q'],
  ['POST /v1/exports', 'not an event id', { kind: 'orders', format: 'csv', event_id: 'gala' }, 400, 'body.event_id'],
  ['POST /v1/exports', 'unknown language', { kind: 'orders', format: 'csv', locale: 'english' }, 400, 'body.locale'],
  ['POST /v1/payee-payments', 'missing fields', {}, 400, 'body.payee_id'],
  ['POST /v1/payee-payments', 'zero amount', { ...payment(), amount_cents: 0 }, 400, 'body.amount_cents'],
  ['POST /v1/payee-payments', 'not a day', { ...payment(), paid_on: '2026-02-30x' }, 400, 'body.paid_on'],
  ['POST /v1/payee-payments', 'unknown method', { ...payment(), method: 'crypto' }, 400, 'body.method'],
  [
    'POST /v1/payee-payments',
    'unknown payee',
    { ...payment(), payee_id: '00000000-0000-4000-8000-000000000000' },
    422,
    'body.payee_id',
  ],
  ['POST /v1/tax-rates', 'missing fields', {}, 400, 'body.state'],
  ['POST /v1/tax-rates', 'lowercase state', { state: 'md', rate_ppm: 1 }, 400, 'body.state'],
  ['POST /v1/tax-rates', 'wrong type', { state: 'MD', rate_ppm: '6%' }, 400, 'body.rate_ppm'],
  ['POST /v1/tax-rates', 'rate too high', { state: 'MD', rate_ppm: 300_001 }, 400, 'body.rate_ppm'],
  ['POST /v1/tax-rates', 'oversized city', { state: 'MD', city: long(101), rate_ppm: 1 }, 400, 'body.city'],
  ['POST /v1/tax-rates', 'unknown field', { state: 'MD', rate_ppm: 1, country: 'US' }, 400, 'body.country'],
  ['PATCH /v1/tax-rates/{tax_rate_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/tax-rates/{tax_rate_id}', 'negative rate', { rate_ppm: -1 }, 400, 'body.rate_ppm'],
  ['PATCH /v1/tax-rates/{tax_rate_id}', 'oversized label', { label: long(101) }, 400, 'body.label'],
  ['POST /v1/promo-codes', 'missing fields', {}, 400, 'body.code'],
  [
    'POST /v1/promo-codes',
    'code with a space',
    { code: 'TEN OFF', kind: 'amount', amount_off_cents: 1 },
    400,
    'body.code',
  ],
  ['POST /v1/promo-codes', 'unknown kind', { code: 'FREE1', kind: 'free' }, 400, 'body.kind'],
  [
    'POST /v1/promo-codes',
    'over 100%',
    { code: 'ALL1', kind: 'percent', percent_off_bp: 10_001 },
    400,
    'body.percent_off_bp',
  ],
  [
    'POST /v1/promo-codes',
    'zero amount',
    { code: 'ZERO1', kind: 'amount', amount_off_cents: 0 },
    400,
    'body.amount_off_cents',
  ],
  ['POST /v1/promo-codes', 'percent without rate', { code: 'PCT1', kind: 'percent' }, 422, 'body.percent_off_bp'],
  [
    'POST /v1/promo-codes',
    'not a tier id',
    { code: 'TIER1', kind: 'amount', amount_off_cents: 1, tier_ids: ['tier-1'] },
    400,
    'body.tier_ids.0',
  ],
  [
    'POST /v1/promo-codes',
    'unknown tier',
    { code: 'TIER2', kind: 'amount', amount_off_cents: 1, tier_ids: ['00000000-0000-4000-8000-000000000000'] },
    422,
    'body.tier_ids',
  ],
  [
    'POST /v1/promo-codes',
    'ends before it starts',
    { code: 'LATE1', kind: 'amount', amount_off_cents: 1, starts_at: hoursFromNow(5), ends_at: hoursFromNow(4) },
    422,
    'body.ends_at',
  ],
  [
    'POST /v1/promo-codes',
    'unknown field',
    { code: 'CUR1', kind: 'amount', amount_off_cents: 1, used_count: 0 },
    400,
    'body.used_count',
  ],
  ['PATCH /v1/promo-codes/{promo_code_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/promo-codes/{promo_code_id}', 'wrong type', { active: 'no' }, 400, 'body.active'],
  ['PATCH /v1/promo-codes/{promo_code_id}', 'zero max uses', { max_uses: 0 }, 400, 'body.max_uses'],
  ['PATCH /v1/promo-codes/{promo_code_id}', 'max uses below uses', { max_uses: 2 }, 422, 'body.max_uses'],
  [
    'PATCH /v1/promo-codes/{promo_code_id}',
    'amount on a percent code',
    { amount_off_cents: 100 },
    422,
    'body.amount_off_cents',
  ],
  ['POST /v1/products', 'missing fields', {}, 400, 'body.name'],
  ['POST /v1/products', 'wrong type', { name: { en: 'P' }, price_cents: '10', quantity: 1 }, 400, 'body.price_cents'],
  [
    'POST /v1/products',
    'oversized name',
    { name: { en: long(121) }, price_cents: 1, quantity: 1 },
    400,
    'body.name.en',
  ],
  ['POST /v1/products', 'negative quantity', { name: { en: 'P' }, price_cents: 1, quantity: -1 }, 400, 'body.quantity'],
  [
    'POST /v1/products',
    'max per order too high',
    { name: { en: 'P' }, price_cents: 1, quantity: 1, max_per_order: 101 },
    400,
    'body.max_per_order',
  ],
  [
    'POST /v1/products',
    'unknown event',
    { name: { en: 'P' }, price_cents: 1, quantity: 1, event_id: '00000000-0000-4000-8000-000000000000' },
    422,
    'body.event_id',
  ],
  [
    'POST /v1/products',
    'unknown field',
    { name: { en: 'P' }, price_cents: 1, quantity: 1, taken_count: 0 },
    400,
    'body.taken_count',
  ],
  ['PATCH /v1/products/{product_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/products/{product_id}', 'fractional price', { price_cents: 9.99 }, 400, 'body.price_cents'],
  ['PATCH /v1/products/{product_id}', 'quantity below taken', { quantity: 3 }, 422, 'body.quantity'],
  ['PATCH /v1/products/{product_id}', 'unknown field', { sold_count: 0 }, 400, 'body.sold_count'],
  ['POST /v1/events/{event_id}/scans', 'missing fields', {}, 400, 'body.code'],
  ['POST /v1/events/{event_id}/scans', 'wrong type', { code: 42, device_id: 'Door 1' }, 400, 'body.code'],
  ['POST /v1/events/{event_id}/scans', 'empty code', { code: '', device_id: 'Door 1' }, 400, 'body.code'],
  ['POST /v1/events/{event_id}/scans', 'oversized code', { code: long(501), device_id: 'Door 1' }, 400, 'body.code'],
  ['POST /v1/events/{event_id}/scans', 'no device', { code: 'AP1.x.y.z' }, 400, 'body.device_id'],
  ['POST /v1/events/{event_id}/scans', 'blank device', { code: 'AP1.x.y.z', device_id: '   ' }, 400, 'body.device_id'],
  [
    'POST /v1/events/{event_id}/scans',
    'oversized device',
    { code: 'AP1.x.y.z', device_id: long(101) },
    400,
    'body.device_id',
  ],
  [
    'POST /v1/events/{event_id}/scans',
    'unknown field',
    { code: 'AP1.x.y.z', device_id: 'Door 1', admit: true },
    400,
    'body.admit',
  ],
  ['POST /v1/tickets/{ticket_id}/undo-check-in', 'missing fields', {}, 400, 'body.device_id'],
  ['POST /v1/tickets/{ticket_id}/undo-check-in', 'wrong type', { device_id: 7 }, 400, 'body.device_id'],
  ['POST /v1/tickets/{ticket_id}/undo-check-in', 'oversized device', { device_id: long(101) }, 400, 'body.device_id'],
  [
    'POST /v1/tickets/{ticket_id}/undo-check-in',
    'unknown field',
    { device_id: 'Door 1', checked_in_at: null },
    400,
    'body.checked_in_at',
  ],
  ['POST /v1/public/organizers/{slug}/waitlist', 'missing fields', {}, 400, 'body.tier_id'],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'wrong type',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: 'W', quantity: '2' },
    400,
    'body.quantity',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'not an email',
    { tier_id: UNKNOWN_ID, email: 'nobody', name: 'W', quantity: 1 },
    400,
    'body.email',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'empty name',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: '', quantity: 1 },
    400,
    'body.name',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'oversized name',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: long(201), quantity: 1 },
    400,
    'body.name',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'zero quantity',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: 'W', quantity: 0 },
    400,
    'body.quantity',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'bad locale',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: 'W', quantity: 1, locale: 'English' },
    400,
    'body.locale',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'unknown field',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: 'W', quantity: 1, position: 1 },
    400,
    'body.position',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'unknown tier',
    { tier_id: UNKNOWN_ID, email: 'w@example.org', name: 'W', quantity: 1 },
    422,
    'body.tier_id',
  ],
  [
    'POST /v1/public/organizers/{slug}/waitlist',
    'tier of a draft event',
    {
      get tier_id() {
        return ids.tier;
      },
      email: 'w@example.org',
      name: 'W',
      quantity: 1,
    },
    422,
    'body.tier_id',
  ],
  ['POST /v1/public/organizers/{slug}/customer/sign-in-links', 'missing fields', {}, 400, 'body.email'],
  ['POST /v1/public/organizers/{slug}/customer/sign-in-links', 'not an email', { email: 'nobody' }, 400, 'body.email'],
  [
    'POST /v1/public/organizers/{slug}/customer/sign-in-links',
    'oversized email',
    { email: `${long(250)}@x.org` },
    400,
    'body.email',
  ],
  [
    'POST /v1/public/organizers/{slug}/customer/sign-in-links',
    'bad locale',
    { email: 'c@example.org', locale: 'English' },
    400,
    'body.locale',
  ],
  [
    'POST /v1/public/organizers/{slug}/customer/sign-in-links',
    'unknown field',
    { email: 'c@example.org', password: 'hunter22' },
    400,
    'body.password',
  ],
  ['POST /v1/public/organizers/{slug}/customer/sessions', 'missing fields', {}, 400, 'body.token'],
  ['POST /v1/public/organizers/{slug}/customer/sessions', 'wrong type', { token: 1234567890123 }, 400, 'body.token'],
  ['POST /v1/public/organizers/{slug}/customer/sessions', 'oversized token', { token: long(201) }, 400, 'body.token'],
  [
    'POST /v1/public/organizers/{slug}/customer/sessions',
    'unknown token',
    { token: `apcl_${long(43)}` },
    422,
    'body.token',
  ],
  ['PATCH /v1/public/organizers/{slug}/customer', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/public/organizers/{slug}/customer', 'wrong type', { name: 5 }, 400, 'body.name'],
  ['PATCH /v1/public/organizers/{slug}/customer', 'oversized name', { name: long(201) }, 400, 'body.name'],
  ['PATCH /v1/public/organizers/{slug}/customer', 'blank name', { name: '   ' }, 400, 'body.name'],
  ['PATCH /v1/public/organizers/{slug}/customer', 'bad locale', { locale: 'English' }, 400, 'body.locale'],
  ['PATCH /v1/public/organizers/{slug}/customer', 'unknown field', { email: 'new@example.org' }, 400, 'body.email'],
  ['POST /v1/waitlist/{entry_id}/move', 'missing fields', {}, 400, 'body.before_entry_id'],
  ['POST /v1/waitlist/{entry_id}/move', 'wrong type', { before_entry_id: 5 }, 400, 'body.before_entry_id'],
  ['POST /v1/waitlist/{entry_id}/move', 'not an id', { after_entry_id: 'next' }, 400, 'body.after_entry_id'],
  [
    'POST /v1/waitlist/{entry_id}/move',
    'before and after',
    { before_entry_id: UNKNOWN_ID, after_entry_id: UNKNOWN_ID },
    400,
    'body.after_entry_id',
  ],
  ['POST /v1/waitlist/{entry_id}/move', 'unknown field', { position: 1 }, 400, 'body.position'],
  [
    'POST /v1/waitlist/{entry_id}/move',
    'next to itself',
    {
      get before_entry_id() {
        return waitlistIds.entry;
      },
    },
    422,
    'body.before_entry_id',
  ],
  [
    'POST /v1/waitlist/{entry_id}/move',
    'next to no waiting entry',
    { after_entry_id: UNKNOWN_ID },
    422,
    'body.after_entry_id',
  ],
  ['POST /v1/organizer/billing/checkout-sessions', 'missing fields', {}, 400, 'body.success_url'],
  [
    'POST /v1/organizer/billing/checkout-sessions',
    'Enterprise',
    { plan: 'enterprise', ...returnUrls },
    400,
    'body.plan',
  ],
  [
    'POST /v1/organizer/billing/checkout-sessions',
    'not a web address',
    { plan: 'pro', success_url: 'javascript:alert(1)', cancel_url: returnUrls.cancel_url },
    400,
    'body.success_url',
  ],
  [
    'POST /v1/organizer/billing/checkout-sessions',
    'unknown field',
    { plan: 'pro', ...returnUrls, price: 'x' },
    400,
    'body.price',
  ],
  ['POST /v1/organizer/billing/portal-sessions', 'missing fields', {}, 400, 'body.return_url'],
  [
    'POST /v1/organizer/billing/portal-sessions',
    'not a web address',
    { return_url: 'ftp://example.org' },
    400,
    'body.return_url',
  ],
  ['POST /v1/organizer/api-keys', 'missing fields', {}, 400, 'body.name'],
  ['POST /v1/organizer/api-keys', 'blank name', { name: '   ', scopes: ['events:read'] }, 400, 'body.name'],
  ['POST /v1/organizer/api-keys', 'oversized name', { name: long(101), scopes: ['events:read'] }, 400, 'body.name'],
  ['POST /v1/organizer/api-keys', 'no scope', { name: 'CRM', scopes: [] }, 400, 'body.scopes'],
  [
    'POST /v1/organizer/api-keys',
    'a scope keys have not',
    { name: 'CRM', scopes: ['payouts:write'] },
    400,
    'body.scopes.0',
  ],
  [
    'POST /v1/organizer/api-keys',
    'a scope twice',
    { name: 'CRM', scopes: ['events:read', 'events:read'] },
    400,
    'body.scopes',
  ],
  [
    'POST /v1/organizer/api-keys',
    'an expiry that is no time',
    { name: 'CRM', scopes: ['events:read'], expires_at: 'next week' },
    400,
    'body.expires_at',
  ],
  [
    'POST /v1/organizer/api-keys',
    'an expiry in the past',
    { name: 'CRM', scopes: ['events:read'], expires_at: hoursFromNow(-1) },
    422,
    'body.expires_at',
  ],
  [
    'POST /v1/organizer/api-keys',
    'an expiry past five years',
    { name: 'CRM', scopes: ['events:read'], expires_at: hoursFromNow(24 * 366 * 6) },
    422,
    'body.expires_at',
  ],
  ['POST /v1/organizer/domains', 'missing fields', {}, 400, 'body.hostname'],
  ['POST /v1/organizer/domains', 'wrong type', { hostname: 42 }, 400, 'body.hostname'],
  ['POST /v1/organizer/domains', 'oversized name', { hostname: `${long(300)}.org` }, 400, 'body.hostname'],
  ['POST /v1/organizer/domains', 'unknown field', { hostname: 'tickets.example.org', tls: true }, 400, 'body.tls'],
  ['POST /v1/organizer/domains', 'an IP address', { hostname: '93.184.215.14' }, 422, 'body.hostname'],
  ['POST /v1/organizer/domains', "the domain's apex", { hostname: 'example.org' }, 422, 'body.hostname'],
  ['POST /v1/organizer/domains', 'a bare word', { hostname: 'tickets' }, 422, 'body.hostname'],
  [
    'POST /v1/organizer/domains',
    'an address with a scheme',
    { hostname: 'https://tickets.example.org' },
    422,
    'body.hostname',
  ],
  ['POST /v1/organizer/domains', "the platform's own domain", { hostname: 'shop.localhost' }, 422, 'body.hostname'],
  [
    'POST /v1/organizer/domains',
    'a label over 63 characters',
    { hostname: `${long(64)}.example.org` },
    422,
    'body.hostname',
  ],
  ['PUT /v1/staff/organizers/{organizer_id}/plan', 'missing fields', {}, 400, 'body.reason'],
  [
    'PUT /v1/staff/organizers/{organizer_id}/plan',
    'unknown plan',
    { plan: 'platinum', reason: 'Deal' },
    400,
    'body.plan',
  ],
  ['PUT /v1/staff/organizers/{organizer_id}/plan', 'blank reason', { plan: 'pro', reason: '   ' }, 400, 'body.reason'],
  [
    'PUT /v1/staff/organizers/{organizer_id}/plan',
    'oversized reason',
    { plan: null, reason: long(501) },
    400,
    'body.reason',
  ],
  [
    'POST /v1/staff/organizers/{organizer_id}/enterprise-subscription',
    'missing fields',
    {},
    400,
    'body.monthly_amount_cents',
  ],
  [
    'POST /v1/staff/organizers/{organizer_id}/enterprise-subscription',
    'below a dollar',
    { monthly_amount_cents: 50, ...returnUrls },
    400,
    'body.monthly_amount_cents',
  ],
  [
    'POST /v1/staff/organizers/{organizer_id}/enterprise-subscription',
    'fractional cents',
    { monthly_amount_cents: 2500.5, ...returnUrls },
    400,
    'body.monthly_amount_cents',
  ],
  ['POST /v1/webhook-endpoints', 'missing fields', {}, 400, 'body.url'],
  ['POST /v1/webhook-endpoints', 'wrong type', { url: 42 }, 400, 'body.url'],
  ['POST /v1/webhook-endpoints', 'not an address', { url: 'crm dot example' }, 422, 'body.url'],
  ['POST /v1/webhook-endpoints', 'another scheme', { url: 'ftp://93.184.215.14/hooks' }, 422, 'body.url'],
  ['POST /v1/webhook-endpoints', 'a private address', { url: 'http://10.1.2.3/hooks' }, 422, 'body.url'],
  ['POST /v1/webhook-endpoints', 'this server', { url: 'http://127.0.0.1:8080/hooks' }, 422, 'body.url'],
  ['POST /v1/webhook-endpoints', 'the metadata service', { url: 'http://169.254.169.254/' }, 422, 'body.url'],
  [
    'POST /v1/webhook-endpoints',
    'a password in the address',
    { url: 'https://crm:secret@93.184.215.14/hooks' },
    422,
    'body.url',
  ],
  ['POST /v1/webhook-endpoints', 'a port for mail', { url: 'http://93.184.215.14:25/' }, 422, 'body.url'],
  ['POST /v1/webhook-endpoints', 'oversized address', { url: `https://93.184.215.14/${long(2048)}` }, 400, 'body.url'],
  [
    'POST /v1/webhook-endpoints',
    'an unknown event type',
    { url: PUBLIC_HOOK, event_types: ['order.exploded'] },
    400,
    'body.event_types.0',
  ],
  [
    'POST /v1/webhook-endpoints',
    'a type twice',
    { url: PUBLIC_HOOK, event_types: ['order.paid', 'order.paid'] },
    400,
    'body.event_types',
  ],
  [
    'POST /v1/webhook-endpoints',
    'oversized description',
    { url: PUBLIC_HOOK, description: long(501) },
    400,
    'body.description',
  ],
  ['POST /v1/webhook-endpoints', 'its own secret', { url: PUBLIC_HOOK, secret: 'whsec_AAAA' }, 400, 'body.secret'],
  ['PATCH /v1/webhook-endpoints/{endpoint_id}', 'no fields', {}, 400, 'body'],
  ['PATCH /v1/webhook-endpoints/{endpoint_id}', 'wrong type', { enabled: 'yes' }, 400, 'body.enabled'],
  [
    'PATCH /v1/webhook-endpoints/{endpoint_id}',
    'a private address',
    { url: 'http://192.168.1.10/hooks' },
    422,
    'body.url',
  ],
  ['POST /v1/webhook-endpoints/{endpoint_id}/redeliveries', 'missing fields', {}, 400, 'body.since'],
  ['POST /v1/webhook-endpoints/{endpoint_id}/redeliveries', 'not a time', { since: 'yesterday' }, 400, 'body.since'],
  [
    'POST /v1/webhook-endpoints/{endpoint_id}/redeliveries',
    'pending ones (they are being sent)',
    { since: '2026-01-01T00:00:00Z', status: 'pending' },
    400,
    'body.status',
  ],
];

/** Bodies that are a file's bytes rather than JSON: refused for what the bytes are, or are not. */
type UploadRow = [
  operation: string,
  label: string,
  body: string | Buffer,
  contentType: string,
  status: 400 | 413 | 415 | 422,
  field: string,
];

const uploadRows: UploadRow[] = [
  ['POST /v1/images', 'nothing', '', 'image/jpeg', 400, 'body'],
  ['POST /v1/images', 'JSON', '{"url": "https://example.org/a.jpg"}', 'application/json', 415, 'body'],
  ['POST /v1/images', 'text named as a JPEG', 'not an image at all', 'image/jpeg', 415, 'body'],
  ['POST /v1/images', 'an SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'application/octet-stream', 415, 'body'],
  [
    'POST /v1/images',
    'a damaged JPEG',
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 1, 2, 3]),
    'image/jpeg',
    422,
    'body',
  ],
  ['POST /v1/images', 'over 10 MB', Buffer.alloc(10 * 1024 * 1024 + 1), 'image/png', 413, 'body'],
];

function url(operation: string): [string, string] {
  const [method, path] = operation.split(' ') as [string, string];
  return [
    method,
    path
      .replace('{event_id}', ids.event)
      .replace('{tier_id}', ids.tier)
      .replace('{sold_tier_id}', ids.soldTier)
      .replace('{user_id}', ids.member)
      .replace('{tax_rate_id}', checkoutIds.taxRate)
      .replace('{promo_code_id}', checkoutIds.promo)
      .replace('{product_id}', checkoutIds.product)
      .replace('{ticket_id}', '00000000-0000-4000-8000-000000000000')
      .replace('{slug}', owner.slug)
      .replace('{entry_id}', waitlistIds.entry)
      .replace('{order_id}/pay', `{order_id}/pay?token=${encodeURIComponent(orderIds.token)}`)
      .replace('{order_id}', orderIds.order)
      .replace('{organizer_id}', owner.organizerId)
      .replace('{endpoint_id}', webhookIds.endpoint)
      .replace('{payout_id}', '00000000-0000-4000-8000-000000000000')
      .replace('{payee_id}', taxIds.payee)
      .replace('{token}', `u1${'A'.repeat(64)}`),
  ];
}

async function counts() {
  const result = await t.admin.query(`select
    (select count(*) from users)::int as users, (select count(*) from tenants)::int as tenants,
    (select count(*) from pending_sign_ups)::int as pending_sign_ups,
    (select count(*) from events)::int as events, (select count(*) from ticket_tiers)::int as tiers,
    (select count(*) from memberships)::int as memberships,
    (select max(updated_at) from events)::text as events_changed, (select max(updated_at) from ticket_tiers)::text as tiers_changed,
    (select max(updated_at) from tenants)::text as tenants_changed,
    (select count(*) from checkout_settings)::int as checkout_settings, (select count(*) from tax_rates)::int as tax_rates,
    (select count(*) from promo_codes)::int as promo_codes, (select count(*) from products)::int as products,
    (select max(updated_at) from tax_rates)::text as tax_rates_changed,
    (select max(updated_at) from promo_codes)::text as promo_codes_changed,
    (select max(updated_at) from products)::text as products_changed,
    (select count(*) from check_ins)::int as check_ins, (select max(updated_at) from tickets)::text as tickets_changed,
    (select count(*) from waitlist_entries)::int as waitlist_entries,
    (select max(updated_at) from waitlist_entries)::text as waitlist_changed,
    (select count(*) from orders)::int as orders, (select max(updated_at) from orders)::text as orders_changed,
    (select count(*) from order_lines)::int as order_lines, (select count(*) from payments)::int as payments,
    (select count(*) from customers)::int as customers, (select max(updated_at) from customers)::text as customers_changed,
    (select count(*) from customer_tokens)::int as customer_tokens,
    (select count(*) from customer_sessions)::int as customer_sessions,
    (select count(*) from images)::int as images, (select count(*) from api_keys)::int as api_keys,
    (select count(*) from webhook_endpoints)::int as webhook_endpoints,
    (select max(updated_at) from webhook_endpoints)::text as webhook_endpoints_changed,
    (select count(*) from webhook_deliveries)::int as webhook_deliveries,
    (select count(*) from custom_domains)::int as custom_domains,
    (select count(*) from themes)::int as themes, (select max(draft_updated_at) from themes)::text as themes_changed,
    (select count(*) from theme_versions)::int as theme_versions,
    (select count(*) from contact_messages)::int as contact_messages,
    (select count(*) from taxpayer_details)::int as taxpayer_details,
    (select count(*) from payees)::int as payees, (select max(updated_at) from payees)::text as payees_changed,
    (select count(*) from payee_payments)::int as payee_payments,
    (select count(*) from exports)::int as exports,
    (select count(*) from messages)::int as messages, (select count(*) from message_recipients)::int as message_recipients,
    (select count(*) from unsubscribes)::int as unsubscribes,
    (select count(*) from unsubscribe_links)::int as unsubscribe_links`);
  return result.rows[0];
}

describe('bad input', () => {
  it('covers every documented operation that takes a body', () => {
    const withBody = Object.entries(t.app.swagger().paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item ?? {})
        .filter(([, operation]) => (operation as { requestBody?: unknown }).requestBody)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(
      [...rows, ...uploadRows].map(([operation]) => operation.replace('{sold_tier_id}', '{tier_id}')),
    );
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

  it.each(uploadRows)('%s with %s → %i', async (operation, _label, body, contentType, status, field) => {
    const before = await counts();
    const [method, path] = url(operation);
    const response = await as(t.app, owner.token).send({
      method: method as 'POST',
      url: path,
      payload: body,
      headers: { 'content-type': contentType },
    });
    const error = expectErrorShape(response, status);
    expect(error.details.map((d) => d.field)).toContain(field);
    expect(error.message).toMatch(/[.!]$/);
    expect(await counts()).toEqual(before);
  });

  /** The staff area's query and path parameters, sent by platform staff: 400 naming the parameter. */
  const staffParameterRows: [path: string, label: string, field: string][] = [
    ['/v1/staff/organizers?limit=0', 'empty page', 'querystring.limit'],
    ['/v1/staff/organizers?limit=101', 'page too large', 'querystring.limit'],
    [`/v1/staff/organizers?q=${long(201)}`, 'oversized search', 'querystring.q'],
    ['/v1/staff/organizers?plan=pro', 'unknown parameter', 'querystring.plan'],
    ['/v1/staff/organizers?cursor=garbage', 'not a cursor', 'query.cursor'],
    ['/v1/staff/organizers/not-a-uuid', 'not an organizer id', 'params.organizer_id'],
    ['/v1/staff/payouts?status=lost', 'unknown status', 'querystring.status'],
    ['/v1/staff/payouts?method=check', 'unknown method', 'querystring.method'],
    ['/v1/staff/payouts?cursor=WyJ4Il0', 'cursor of another list', 'query.cursor'],
  ];

  it.each(staffParameterRows)('GET %s with %s → 400', async (path, _label, field) => {
    const before = await counts();
    const error = expectErrorShape(await as(t.app, staffIds.token).get(path), 400);
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
