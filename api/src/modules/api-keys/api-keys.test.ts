import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import {
  apiKeyOf,
  as,
  type BoughtTicket,
  buyTickets,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { API_KEY_SCOPES } from './api-key-scopes.ts';
import { isWellFormedApiKey, newApiKeySecret } from './api-key-secrets.ts';
import { authenticateApiKey } from './api-keys.service.ts';

/**
 * API keys through the HTTP surface: made once with their secret, kept hashed, refused when
 * mistyped, unknown, revoked or expired, scoped per group of resources (the permission table
 * below, as pretix's test_permissions), closed to what needs a person, recorded as the key's
 * doing, and limited per key by the plan.
 */

let t: TestApp;
let owner: Organizer;
const ids = {
  event: '',
  draft: '',
  tier: '',
  soldOutEvent: '',
  entry: '',
  order: '',
  tickets: [] as BoughtTicket[],
  taxRate: '',
  promo: '',
  product: '',
};

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
  await putOnPlan(t, owner, 'pro');
  const client = as(t.app, owner.token);
  ids.event = await publishedEvent(t.app, owner.token, { title: { en: 'Community Gala' } });
  ids.tier = (await client.get(`/v1/events/${ids.event}`)).json().tiers[0].id;
  ids.draft = (await client.post('/v1/events', eventBody({ title: { en: 'Draft' } }))).json().id;
  const bought = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: ids.tier, quantity: 4 }] });
  ids.order = bought.order.id;
  ids.tickets = bought.order.tickets;

  ids.soldOutEvent = await publishedEvent(t.app, owner.token, {
    title: { en: 'Sold-out concert' },
    tiers: [{ name: { en: 'Seat' }, price_cents: 0, quantity: 1 }],
  });
  const soldOutTier = (await client.get(`/v1/events/${ids.soldOutEvent}`)).json().tiers[0].id;
  // Free: complete at once.
  await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: soldOutTier, quantity: 1 }], pay: false });
  const joined = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/waitlist`,
    payload: { tier_id: soldOutTier, email: 'waiting@example.org', name: 'Waiting', quantity: 1 },
  });
  expect(joined.statusCode, joined.body).toBe(201);
  ids.entry = joined.json().id;

  ids.taxRate = (await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 })).json().id;
  ids.promo = (
    await client.post('/v1/promo-codes', { code: 'KEYS10', kind: 'percent', percent_off_bp: 1000 })
  ).json().id;
  ids.product = (
    await client.post('/v1/products', { name: { en: 'Parking' }, price_cents: 500, quantity: 5 })
  ).json().id;
}, 120_000);
afterAll(() => t.stop());

const keys = new Map<string, string>();
/** The owner's key with exactly these scopes (made once per set). */
async function keyWith(scopes: readonly string[]): Promise<string> {
  const name = [...scopes].sort().join(' ') || 'none';
  let secret = keys.get(name);
  if (!secret) {
    secret = (await apiKeyOf(t.app, owner, scopes)).secret;
    keys.set(name, secret);
  }
  return secret;
}

const fill = (path: string) =>
  path
    .replace('{event}', ids.event)
    .replace('{draft}', ids.draft)
    .replace('{tier}', ids.tier)
    .replace('{sold_out_event}', ids.soldOutEvent)
    .replace('{entry}', ids.entry)
    .replace('{order}', ids.order)
    .replace('{ticket}', ids.tickets[1]?.id ?? '')
    .replace('{tax_rate}', ids.taxRate)
    .replace('{promo}', ids.promo)
    .replace('{product}', ids.product)
    .replace('{organizer}', owner.organizerId);

const bodies: Record<string, () => unknown> = {
  'POST /v1/events': () => eventBody({ title: { en: 'Made by a key' } }),
  'PATCH /v1/events/{draft}': () => ({ title: { en: 'Renamed by a key' } }),
  'POST /v1/orders/{order}/refunds': () => ({ ticket_ids: [ids.tickets[0]?.id] }),
  'POST /v1/events/{event}/scans': () => ({ code: ids.tickets[2]?.code, device_id: 'Integration door' }),
  'POST /v1/tickets/{ticket}/undo-check-in': () => ({ device_id: 'Integration door' }),
  'POST /v1/tax-rates': () => ({ state: 'VA', rate_ppm: 53_000 }),
  'POST /v1/promo-codes': () => ({ code: 'BYKEY', kind: 'amount', amount_off_cents: 100 }),
  'PATCH /v1/organizer': () => ({ name: 'Renamed by a key' }),
  'POST /v1/organizer/members': () => ({ email: 'by-key@example.org', role: 'staff' }),
  'PUT /v1/auth/session/organizer': () => ({ organizer: owner.slug }),
  'PUT /v1/auth/session/language': () => ({ locale: 'fr' }),
  'POST /v1/organizer/api-keys': () => ({ name: 'Made by a key', scopes: ['events:read'] }),
  'PUT /v1/staff/organizers/{organizer}/plan': () => ({ plan: 'enterprise', reason: 'A key tries' }),
  'POST /v1/organizer/payout-account/onboarding-links': () => ({
    return_url: 'https://admin.example.org/payouts',
    refresh_url: 'https://admin.example.org/payouts',
  }),
};

const ALL = API_KEY_SCOPES;

/** (scopes the key holds, method, path, expected status): what a key may do, and what not. */
const permissions: [scopes: readonly string[], method: string, path: string, status: number][] = [
  // events
  [['events:read'], 'GET', '/v1/events', 200],
  [['events:read'], 'GET', '/v1/events/{event}', 200],
  [['events:read'], 'GET', '/v1/events/{event}/tiers/{tier}', 200],
  [['events:read'], 'POST', '/v1/events', 403],
  [['events:read'], 'PATCH', '/v1/events/{draft}', 403],
  [['events:read'], 'POST', '/v1/events/{draft}/publish', 403],
  [['events:write'], 'GET', '/v1/events/{event}/tiers', 200],
  [['events:write'], 'POST', '/v1/events', 201],
  [['events:write'], 'PATCH', '/v1/events/{draft}', 200],
  [['orders:read'], 'GET', '/v1/events', 403],
  // orders, their tickets and attendees
  [['orders:read'], 'GET', '/v1/orders', 200],
  [['orders:read'], 'GET', '/v1/orders/{order}', 200],
  [['orders:read'], 'GET', '/v1/events/{event}/attendees', 200],
  [['orders:read'], 'POST', '/v1/orders/{order}/refunds', 403],
  [['orders:read'], 'POST', '/v1/orders/{order}/cancel', 403],
  [['events:write'], 'GET', '/v1/orders', 403],
  [['orders:write'], 'POST', '/v1/orders/{order}/refunds', 200],
  // check-ins
  [['check_ins:read'], 'GET', '/v1/events/{event}/check-ins', 200],
  [['check_ins:read'], 'GET', '/v1/events/{event}/check-ins/summary', 200],
  [['check_ins:read'], 'POST', '/v1/events/{event}/scans', 403],
  [['orders:write'], 'POST', '/v1/events/{event}/scans', 403],
  [['check_ins:write'], 'POST', '/v1/events/{event}/scans', 200],
  // waitlist
  [['waitlist:read'], 'GET', '/v1/events/{sold_out_event}/waitlist', 200],
  [['waitlist:read'], 'DELETE', '/v1/waitlist/{entry}', 403],
  [['waitlist:write'], 'GET', '/v1/events/{sold_out_event}/waitlist', 200],
  // catalog: tax rates, promo codes, add-ons, checkout settings
  [['catalog:read'], 'GET', '/v1/tax-rates', 200],
  [['catalog:read'], 'GET', '/v1/promo-codes/{promo}', 200],
  [['catalog:read'], 'GET', '/v1/products/{product}', 200],
  [['catalog:read'], 'GET', '/v1/organizer/checkout-settings', 200],
  [['catalog:read'], 'POST', '/v1/promo-codes', 403],
  [['catalog:read'], 'DELETE', '/v1/tax-rates/{tax_rate}', 403],
  [['catalog:write'], 'POST', '/v1/tax-rates', 201],
  [['catalog:write'], 'POST', '/v1/promo-codes', 201],
  // payouts (read only) and the organizer's profile
  [['payouts:read'], 'GET', '/v1/organizer/payouts', 200],
  [['payouts:read'], 'GET', '/v1/organizer/payout-account', 200],
  [['payouts:read'], 'GET', '/v1/events/{event}/payout-outlook', 200],
  [ALL, 'POST', '/v1/organizer/payout-account/onboarding-links', 403],
  [['organizer:read'], 'GET', '/v1/organizer', 200],
  // reports (read only), the 1099 figures with them; taxpayer details and payees need a person
  [['reports:read'], 'GET', '/v1/reports/sales', 200],
  [['reports:read'], 'GET', '/v1/reports/sales-tax', 200],
  [['reports:read'], 'GET', '/v1/tax-forms/1099-k', 200],
  [['payouts:read'], 'GET', '/v1/reports/payouts', 403],
  [ALL, 'GET', '/v1/organizer/taxpayer', 403],
  [ALL, 'POST', '/v1/payees', 403],
  [ALL, 'POST', '/v1/exports', 403],
  [ALL, 'PATCH', '/v1/organizer', 403],
  // what needs a person: accounts and sessions, the team, billing, API keys, and all of staff
  [ALL, 'GET', '/v1/auth/session', 403],
  [ALL, 'PUT', '/v1/auth/session/organizer', 403],
  [ALL, 'PUT', '/v1/auth/session/language', 403],
  [ALL, 'POST', '/v1/auth/sign-out', 403],
  [ALL, 'POST', '/v1/auth/email-verification', 403],
  [ALL, 'GET', '/v1/organizer/members', 403],
  [ALL, 'POST', '/v1/organizer/members', 403],
  [ALL, 'GET', '/v1/organizer/billing', 403],
  [ALL, 'GET', '/v1/organizer/api-keys', 403],
  [ALL, 'POST', '/v1/organizer/api-keys', 403],
  [ALL, 'GET', '/v1/staff/organizers', 403],
  [ALL, 'GET', '/v1/staff/organizers/{organizer}', 403],
  [ALL, 'PUT', '/v1/staff/organizers/{organizer}/plan', 403],
  [ALL, 'GET', '/v1/staff/payouts', 403],
  // Writing to ticket holders speaks for the organizer to its buyers: a person does it.
  [ALL, 'POST', '/v1/events/{event}/messages/preview', 403],
  [ALL, 'POST', '/v1/events/{event}/messages', 403],
  [ALL, 'GET', '/v1/events/{event}/messages', 403],
];

describe('what a key may do', () => {
  it.each(permissions)('a key with %j: %s %s → %i', async (scopes, method, path, status) => {
    const body = bodies[`${method} ${path}`]?.();
    const response = await as(t.app, await keyWith(scopes)).send({
      method: method as 'GET',
      url: fill(path),
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    if (status !== 403) {
      expect(response.statusCode, response.body).toBe(status);
      return;
    }
    const error = expectErrorShape(response, 403);
    if (path.startsWith('/v1/staff/')) {
      expect(error.code).toBe('api_key_not_allowed');
      expect(error.message).toContain('staff area');
    } else if (scopes === ALL) {
      expect(error.code).toBe('api_key_not_allowed');
      expect(error.message).toContain('needs a person signed in');
    } else {
      expect(error.code).toBe('missing_scope');
      expect(error.message).toMatch(/lacks the "\w+:(read|write)" scope/);
    }
  });
});

interface Operation {
  security?: Record<string, string[]>[];
  'x-api-key-scope'?: string;
}

/** Every operation a person can call with a bearer token, with the scope it asks of a key (or none). */
function bearerOperations() {
  const document = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => !operation.security || operation.security.some((entry) => 'bearerAuth' in entry))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, scope: operation['x-api-key-scope'] })),
  );
}

const anyId = (path: string) => path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');

describe('every operation', () => {
  it('names its scope for keys, or is one that needs a person', () => {
    const personOnly = bearerOperations()
      .filter((operation) => !operation.scope)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(personOnly).toEqual(
      [
        'GET /v1/auth/session',
        'POST /v1/auth/email-verification',
        'POST /v1/auth/sign-out',
        'PUT /v1/auth/session/organizer',
        'PUT /v1/auth/session/language',
        'PATCH /v1/organizer',
        'GET /v1/organizer/members',
        'POST /v1/organizer/members',
        'PATCH /v1/organizer/members/{user_id}',
        'DELETE /v1/organizer/members/{user_id}',
        'GET /v1/organizer/billing',
        'POST /v1/organizer/billing/checkout-sessions',
        'POST /v1/organizer/billing/portal-sessions',
        'GET /v1/organizer/api-keys',
        'POST /v1/organizer/api-keys',
        'POST /v1/organizer/api-keys/{api_key_id}/revoke',
        'POST /v1/organizer/payout-account/onboarding-links',
        // Taxpayer numbers, and who was paid what: the treasurer's, who certifies them.
        'GET /v1/activity',
        'GET /v1/organizer/taxpayer',
        'PUT /v1/organizer/taxpayer',
        ...bearerOperations()
          .filter((operation) => /^\/v1\/payee/.test(operation.path))
          .map(({ method, path }) => `${method} ${path}`),
        // Files of people's names and emails are for the team to download; a key reads the lists.
        ...bearerOperations()
          .filter((operation) => operation.path.startsWith('/v1/exports'))
          .map(({ method, path }) => `${method} ${path}`),
        // Writing to ticket holders speaks for the organizer to its buyers: a person does it.
        'POST /v1/events/{event_id}/messages/preview',
        'POST /v1/events/{event_id}/messages',
        'GET /v1/events/{event_id}/messages',
        'GET /v1/messages/{message_id}',
        'GET /v1/messages/{message_id}/recipients',
        // Which address the store answers on, and its certificate, are a person's to decide.
        ...bearerOperations()
          .filter((operation) => operation.path.startsWith('/v1/organizer/domains'))
          .map(({ method, path }) => `${method} ${path}`),
        // A key that could add an endpoint could send every sale elsewhere: people manage them.
        ...bearerOperations()
          .filter((operation) => operation.path.startsWith('/v1/webhook-'))
          .map(({ method, path }) => `${method} ${path}`),
        ...bearerOperations()
          .filter((operation) => operation.path.startsWith('/v1/staff/'))
          .map(({ method, path }) => `${method} ${path}`),
      ].sort(),
    );
  });

  it('refuses a key without its scope, before reading the request, and a key at all where a person is needed', async () => {
    const operations = bearerOperations();
    expect(operations.length).toBeGreaterThan(60);
    for (const { method, path, scope } of operations) {
      const send = async (scopes: readonly string[]) =>
        as(t.app, await keyWith(scopes)).send({ method: method as 'GET', url: anyId(path) });
      if (!scope) {
        expectErrorShape(await send(ALL), 403, 'api_key_not_allowed');
        continue;
      }
      const [group, level] = scope.split(':');
      const otherGroups = ALL.filter((held) => !held.startsWith(`${group}:`));
      const refused = expectErrorShape(await send(otherGroups), 403, 'missing_scope');
      expect(refused.message, `${method} ${path}`).toContain(`"${scope}"`);
      if (level === 'write') {
        expectErrorShape(await send([`${group}:read`]), 403, 'missing_scope');
      }
    }
  });

  it('documents the scope for integrators, in the description and as a security requirement', () => {
    const document = t.app.swagger() as unknown as {
      paths: Record<string, Record<string, Operation & { description?: string }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const events = document.paths['/v1/events']?.post;
    expect(events?.['x-api-key-scope']).toBe('events:write');
    expect(events?.description).toContain('API keys: needs the `events:write` scope.');
    expect(events?.security).toContainEqual({ apiKey: ['events:write'] });
    expect(document.paths['/v1/events']?.get?.description).toContain('`events:read` scope (or `events:write`)');
    expect(document.paths['/v1/organizer/members']?.get?.description).toContain('API keys cannot call this');
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('making and keeping keys', () => {
  it('shows the secret once, in a form secret scanners know, and keeps only its hash', async () => {
    const created = await as(t.app, owner.token).post('/v1/organizer/api-keys', {
      name: '  CRM sync ',
      scopes: ['orders:read', 'events:read', 'events:write'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json();
    expect(key.secret).toMatch(/^apk_[0-9A-Za-z]{38}$/);
    expect(isWellFormedApiKey(key.secret)).toBe(true);
    expect(key).toMatchObject({
      name: 'CRM sync',
      prefix: key.secret.slice(0, 8),
      // Write includes read: the group is kept once, at its highest level.
      scopes: ['events:write', 'orders:read'],
      status: 'active',
      created_by: { user_id: owner.userId, email: owner.email },
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    });

    const listed = await as(t.app, owner.token).get('/v1/organizer/api-keys');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data[0]).toEqual({ ...key, secret: undefined });
    expect(listed.body).not.toContain(key.secret);
    expect(listed.body).not.toContain(key.secret.slice(8));

    const { rows } = await t.admin.query('select * from api_keys where id = $1', [key.id]);
    expect(rows[0].token_hash).toEqual(createHash('sha256').update(key.secret).digest());
    expect(JSON.stringify(rows[0])).not.toContain(key.secret.slice(8));
  });

  it('is for owners and admins, on a plan with API keys', async () => {
    const admin = await signedInMember(t, owner, 'admin');
    expect(
      (await admin.client.post('/v1/organizer/api-keys', { name: 'By admin', scopes: ['events:read'] })).statusCode,
    ).toBe(201);
    const staff = await signedInMember(t, owner, 'staff');
    const refused = expectErrorShape(
      await staff.client.post('/v1/organizer/api-keys', { name: 'By staff', scopes: ['events:read'] }),
      403,
      'forbidden',
    );
    expect(refused.message).toContain('Only owners, admins');
    expectErrorShape(await staff.client.get('/v1/organizer/api-keys'), 403, 'forbidden');

    const basic = await signUpOrganizer(t.app);
    const planRefusal = expectErrorShape(
      await as(t.app, basic.token).post('/v1/organizer/api-keys', { name: 'On Basic', scopes: ['events:read'] }),
      403,
      'plan_required',
    );
    expect(planRefusal.message).toBe(
      'To create API keys, the organizer needs the Pro plan or higher; it is on Basic. An owner can upgrade to Pro under Billing.',
    );
    expect((await as(t.app, basic.token).get('/v1/organizer/api-keys')).json()).toEqual({ data: [] });
  });

  it('refuses an expiry in the past or beyond five years, naming the field', async () => {
    const client = as(t.app, owner.token);
    for (const expires_at of [new Date(Date.now() - 60_000), new Date(Date.now() + 6 * 366 * 86_400_000)]) {
      const refused = expectErrorShape(
        await client.post('/v1/organizer/api-keys', {
          name: 'Bad expiry',
          scopes: ['events:read'],
          expires_at: expires_at.toISOString(),
        }),
        422,
        'invalid_input',
      );
      expect(refused.details[0]?.field).toBe('body.expires_at');
    }
  });
});

describe('a key in use', () => {
  const read = (secret: string) => as(t.app, secret).get('/v1/organizer');

  it('acts for its organizer', async () => {
    const answer = await read(await keyWith(['organizer:read']));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().id).toBe(owner.organizerId);
  });

  it('refuses a mistyped or cut-short key by its checksum, without asking the database', async () => {
    const { secret } = await apiKeyOf(t.app, owner, ['organizer:read']);
    const typo = `${secret.slice(0, 10)}${secret[10] === 'a' ? 'b' : 'a'}${secret.slice(11)}`;
    for (const wrong of [typo, secret.slice(0, -1), `${secret}x`]) {
      const refused = expectErrorShape(await read(wrong), 401, 'invalid_api_key');
      expect(refused.message).toContain('mistyped or cut short');
    }
    const noDatabase = new Proxy({} as Services, {
      get: () => {
        throw new Error('the database was asked');
      },
    });
    await expect(authenticateApiKey(noDatabase, typo)).rejects.toMatchObject({ statusCode: 401 });
    await expect(authenticateApiKey(noDatabase, typo)).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a well-formed key no organizer has', async () => {
    const refused = expectErrorShape(await read(newApiKeySecret().secret), 401, 'invalid_api_key');
    expect(refused.message).toContain('No organizer has this API key');
  });

  it('refuses a revoked key from that moment on', async () => {
    const key = await apiKeyOf(t.app, owner, ['organizer:read']);
    expect((await read(key.secret)).statusCode).toBe(200);
    const revoked = await as(t.app, owner.token).post(`/v1/organizer/api-keys/${key.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    const refused = expectErrorShape(await read(key.secret), 401, 'api_key_revoked');
    expect(refused.message).toMatch(/^This API key was revoked on \d{4}-\d{2}-\d{2}\./);
    const again = await as(t.app, owner.token).post(`/v1/organizer/api-keys/${key.id}/revoke`);
    expect(again.json().revoked_at).toBe(revoked.json().revoked_at);
    const { rows } = await t.admin.query('select revoked_by from api_keys where id = $1', [key.id]);
    expect(rows[0].revoked_by).toBe(owner.userId);
  });

  it('refuses a key past its expiry, and lists it as expired', async () => {
    const created = await as(t.app, owner.token).post('/v1/organizer/api-keys', {
      name: 'Short-lived',
      scopes: ['organizer:read'],
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await read(created.json().secret)).statusCode).toBe(200);
    // An hour passes.
    await t.admin.query(
      `update api_keys set created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where id = $1`,
      [created.json().id],
    );
    expectErrorShape(await read(created.json().secret), 401, 'api_key_expired');
    const listed = (await as(t.app, owner.token).get('/v1/organizer/api-keys')).json().data;
    expect(listed.find((key: { id: string }) => key.id === created.json().id).status).toBe('expired');
  });

  it('notes when it was last used, at most once a minute', async () => {
    const key = await apiKeyOf(t.app, owner, ['organizer:read']);
    const lastUsed = async () =>
      (await t.admin.query('select last_used_at from api_keys where id = $1', [key.id])).rows[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    await read(key.secret);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await read(key.secret);
    await read(key.secret);
    expect(await lastUsed()).toEqual(first);
    await t.admin.query(`update api_keys set last_used_at = now() - interval '2 minutes' where id = $1`, [key.id]);
    await read(key.secret);
    expect((await lastUsed()).getTime()).toBeGreaterThan(first.getTime());
  });

  it('stops working when the plan loses API keys, and works again when it has them', async () => {
    const other = await signUpOrganizer(t.app);
    await putOnPlan(t, other, 'pro');
    const key = await apiKeyOf(t.app, other, ['organizer:read']);
    expect((await read(key.secret)).statusCode).toBe(200);
    await putOnPlan(t, other, 'basic');
    const refused = expectErrorShape(await read(key.secret), 403, 'plan_required');
    expect(refused.message).toContain('To call the API with an API key');
    await putOnPlan(t, other, 'enterprise');
    expect((await read(key.secret)).statusCode).toBe(200);
  });

  it("records what it does as the key's doing, never as a person's", async () => {
    const key = await apiKeyOf(t.app, owner, ['orders:write', 'check_ins:write', 'events:write'], 'Door app');
    const client = as(t.app, key.secret);
    const bought = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: ids.tier, quantity: 2 }] });
    const [scanned, refunded] = bought.order.tickets as [BoughtTicket, BoughtTicket];

    const scan = await client.post(`/v1/events/${ids.event}/scans`, { code: scanned.code, device_id: 'CRM door' });
    expect(scan.json().outcome, scan.body).toBe('admitted');
    const refund = await client.post(`/v1/orders/${bought.order.id}/refunds`, { ticket_ids: [refunded.id] });
    expect(refund.statusCode, refund.body).toBe(200);
    const upload = await client.send({
      method: 'POST',
      url: '/v1/images',
      headers: { 'content-type': 'image/png' },
      payload: await sharp({ create: { width: 32, height: 24, channels: 3, background: 'teal' } })
        .png()
        .toBuffer(),
    });
    expect(upload.statusCode, upload.body).toBe(201);

    const one = async (query: string, id: string) => (await t.admin.query(query, [id])).rows[0];
    expect(await one('select user_id, api_key_id from check_ins where ticket_id = $1', scanned.id)).toEqual({
      user_id: null,
      api_key_id: key.id,
    });
    expect(await one('select checked_in_by, checked_in_by_api_key_id from tickets where id = $1', scanned.id)).toEqual({
      checked_in_by: null,
      checked_in_by_api_key_id: key.id,
    });
    expect(
      await one(
        "select recorded_by, recorded_by_api_key_id from payments where order_id = $1 and kind = 'refund'",
        bought.order.id,
      ),
    ).toEqual({ recorded_by: null, recorded_by_api_key_id: key.id });
    expect(await one('select created_by, created_by_api_key_id from images where id = $1', upload.json().id)).toEqual({
      created_by: null,
      created_by_api_key_id: key.id,
    });
  });
});

describe('limits per key', () => {
  function limitHeaders(response: LightMyRequestResponse) {
    return { policy: response.headers['ratelimit-policy'], limit: response.headers.ratelimit };
  }

  it("allows the plan's requests a minute, then answers 429 with Retry-After and the RateLimit fields", async () => {
    const limited = await signUpOrganizer(t.app);
    await putOnPlan(t, limited, 'pro');
    const { secret } = await apiKeyOf(t.app, limited, ['organizer:read']);
    const client = as(t.app, secret);
    const first = await client.get('/v1/organizer');
    expect(first.statusCode).toBe(200);
    expect(limitHeaders(first)).toEqual({ policy: '"api-key";q=300;w=60', limit: '"api-key";r=299;t=60' });
    for (let i = 2; i <= 300; i++) {
      const answer = await client.get('/v1/organizer');
      expect(answer.statusCode, `request ${i}`).toBe(200);
    }
    const over = await client.get('/v1/organizer');
    const error = expectErrorShape(over, 429, 'rate_limited');
    expect(error.message).toContain('300 requests of this minute');
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.headers['ratelimit-policy']).toBe('"api-key";q=300;w=60');
    expect(over.headers.ratelimit).toBe(`"api-key";r=0;t=${retryAfter}`);
    // Another key of the same organizer has its own count.
    const other = await apiKeyOf(t.app, limited, ['organizer:read']);
    expect((await as(t.app, other.secret).get('/v1/organizer')).statusCode).toBe(200);
  });

  it('gives Enterprise keys 1,200 requests a minute', async () => {
    const big = await signUpOrganizer(t.app);
    await putOnPlan(t, big, 'enterprise');
    const { secret } = await apiKeyOf(t.app, big, ['organizer:read']);
    const answer = await as(t.app, secret).get('/v1/organizer');
    expect(answer.headers['ratelimit-policy']).toBe('"api-key";q=1200;w=60');
  });
});
