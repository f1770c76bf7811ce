/**
 * Every page of the admin, old and new, checked with axe-core at a desktop and a phone width in
 * English, and at a phone width in Arabic (right to left) and Amharic (Ethiopic script), as the
 * person it is for sees it (a visitor, an organizer's owner, platform staff), and photographed for
 * people to look at. A page added to the admin fails this file until it is listed below.
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  cli,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  shot,
  signIn,
  signUp,
  startAdminStack,
} from './harness';

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let staff: Account;
const ids = { event: '', order: '', organizer: '', promoCode: '', endpoint: '', domain: '', export: '', message: '' };
/** How each page is looked at: English at two widths, and the two other scripts on a phone. */
const views = {
  desktop: DESKTOP,
  phone: PHONE,
  ar: { ...PHONE, locale: 'ar' },
  am: { ...PHONE, locale: 'am' },
} as const;
type View = keyof typeof views;
const contexts: Record<'owner' | 'staff', Partial<Record<View, BrowserContext>>> = {
  owner: {},
  staff: {},
};

type Who = 'visitor' | 'owner' | 'staff';

/** A payee of the owner's, for the tax pages. */
let payeeId = '';

/** Each page's route, the address that shows it with data, and who looks at it. */
const pages: Record<string, { path: () => string; as: Who }> = {
  '/sign-in': { path: () => '/sign-in', as: 'visitor' },
  '/sign-up': { path: () => '/sign-up', as: 'visitor' },
  '/forgot-password': { path: () => '/forgot-password', as: 'visitor' },
  '/reset-password': { path: () => '/reset-password?token=apr_example', as: 'visitor' },
  '/confirm-sign-up': { path: () => '/confirm-sign-up?token=apn_example', as: 'visitor' },
  '/verify-email': { path: () => '/verify-email?token=apv_example', as: 'visitor' },
  '/dev/mailbox': { path: () => '/dev/mailbox', as: 'visitor' },
  '/': { path: () => '/', as: 'owner' },
  '/dashboard': { path: () => '/dashboard', as: 'owner' },
  '/events/new': { path: () => '/events/new', as: 'owner' },
  '/events/[id]': { path: () => `/events/${ids.event}`, as: 'owner' },
  '/events/[id]/edit': { path: () => `/events/${ids.event}/edit`, as: 'owner' },
  '/events/[id]/preview': { path: () => `/events/${ids.event}/preview`, as: 'owner' },
  '/events/[id]/cancel': { path: () => `/events/${ids.event}/cancel`, as: 'owner' },
  '/events/[id]/check-in': { path: () => `/events/${ids.event}/check-in`, as: 'owner' },
  '/events/[id]/waitlist': { path: () => `/events/${ids.event}/waitlist`, as: 'owner' },
  '/events/[id]/payouts': { path: () => `/events/${ids.event}/payouts`, as: 'owner' },
  '/events/[id]/attendees': { path: () => `/events/${ids.event}/attendees`, as: 'owner' },
  '/events/[id]/messages': { path: () => `/events/${ids.event}/messages`, as: 'owner' },
  '/events/[id]/messages/new': { path: () => `/events/${ids.event}/messages/new`, as: 'owner' },
  '/events/[id]/messages/[message_id]': {
    path: () => `/events/${ids.event}/messages/${ids.message}`,
    as: 'owner',
  },
  '/orders': { path: () => '/orders', as: 'owner' },
  '/orders/[id]': { path: () => `/orders/${ids.order}`, as: 'owner' },
  '/customers': { path: () => '/customers', as: 'owner' },
  '/exports': { path: () => '/exports', as: 'owner' },
  '/exports/[id]': { path: () => `/exports/${ids.export}`, as: 'owner' },
  '/payouts': { path: () => '/payouts', as: 'owner' },
  '/reports': { path: () => '/reports?report=sales', as: 'owner' },
  '/plan': { path: () => '/plan', as: 'owner' },
  '/settings/profile': { path: () => '/settings/profile', as: 'owner' },
  '/settings/branding': { path: () => '/settings/branding', as: 'owner' },
  '/settings/checkout': { path: () => '/settings/checkout', as: 'owner' },
  '/settings/tax-rates': { path: () => '/settings/tax-rates', as: 'owner' },
  '/settings/promo-codes': { path: () => '/settings/promo-codes', as: 'owner' },
  '/settings/promo-codes/new': { path: () => '/settings/promo-codes/new', as: 'owner' },
  '/settings/promo-codes/[id]': { path: () => `/settings/promo-codes/${ids.promoCode}`, as: 'owner' },
  '/settings/team': { path: () => '/settings/team', as: 'owner' },
  '/settings/api-keys': { path: () => '/settings/api-keys', as: 'owner' },
  '/settings/webhooks': { path: () => '/settings/webhooks', as: 'owner' },
  '/settings/webhooks/new': { path: () => '/settings/webhooks/new', as: 'owner' },
  '/settings/webhooks/[id]': { path: () => `/settings/webhooks/${ids.endpoint}?secret`, as: 'owner' },
  '/settings/webhooks/[id]/edit': { path: () => `/settings/webhooks/${ids.endpoint}/edit?delete`, as: 'owner' },
  '/settings/domains': { path: () => `/settings/domains?remove=${ids.domain}#confirm`, as: 'owner' },
  '/settings/theme': { path: () => '/settings/theme', as: 'owner' },
  '/settings/activity': { path: () => '/settings/activity', as: 'owner' },
  '/tax': { path: () => '/tax', as: 'owner' },
  '/tax/taxpayer': { path: () => '/tax/taxpayer', as: 'owner' },
  '/tax/payees': { path: () => '/tax/payees', as: 'owner' },
  '/tax/payees/[id]': { path: () => `/tax/payees/${payeeId}`, as: 'owner' },
  '/staff': { path: () => '/staff', as: 'staff' },
  '/staff/organizers/[id]': { path: () => `/staff/organizers/${ids.organizer}`, as: 'staff' },
  '/staff/payouts': { path: () => '/staff/payouts', as: 'staff' },
};

/** The admin's pages as SvelteKit routes them: `src/routes/(app)/orders/[id]/+page.svelte` → `/orders/[id]`. */
async function adminRoutes(dir = path.join(import.meta.dirname, '..', 'src', 'routes')): Promise<string[]> {
  const routes: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...(await adminRoutes(full)));
    else if (entry.name === '+page.svelte') {
      const relative = path.relative(path.join(import.meta.dirname, '..', 'src', 'routes'), dir);
      const route = `/${relative
        .split(path.sep)
        .filter((part) => part && !/^\(.*\)$/.test(part))
        .join('/')}`;
      routes.push(route);
    }
  }
  return routes.sort();
}

/** The owner's CRM, which webhooks reach on this machine: it refuses every third delivery, so the log has both. */
let delivered = 0;
const crm = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    delivered += 1;
    response.writeHead(delivered % 3 === 0 ? 503 : 200, { 'content-type': 'application/json' });
    response.end(delivered % 3 === 0 ? '{"error":"busy"}' : '{"received":true}');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  [stack, browser] = await Promise.all([
    startAdminStack({ OUTBOUND_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_DELAYS_MS: '60000' }),
    launchChromium(),
  ]);
  owner = await signUp(stack.call, 'Mosque Community Center', 'Amina Yusuf');
  staff = await signUp(stack.call, 'Access Plus Desk', 'Jordan Reyes');
  expect(await cli(stack, 'grant-staff', staff.email)).toContain('is now platform staff');
  ids.organizer = owner.organizerId;

  const starts = new Date(Date.now() + 14 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Eid Community Dinner' },
      description: { en: 'A dinner for the whole community after Eid prayers.' },
      category: 'community-meeting',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      venue_name: 'Community Hall',
      city: 'Houston',
      state: 'TX',
      donations_enabled: true,
      donation_goal_cents: 250_000,
      tiers: [
        { name: { en: 'Adult' }, price_cents: 3000, quantity: 100 },
        { name: { en: 'Child' }, price_cents: 1000, quantity: 50 },
      ],
    },
  });
  ids.event = event.id;
  await stack.call('POST', '/v1/products', {
    token: owner.token,
    body: { name: { en: 'Take-home plate' }, price_cents: 1200, quantity: 40, event_id: event.id },
  });
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  const promo = await stack.call<{ id: string }>('POST', '/v1/promo-codes', {
    token: owner.token,
    body: { code: 'EID10', kind: 'percent', percent_off_bp: 1000 },
  });
  ids.promoCode = promo.id;
  // Something in every list, as an organizer at work has.
  await stack.call('POST', '/v1/tax-rates', {
    token: owner.token,
    body: { state: 'TX', rate_ppm: 62_500, label: 'Texas sales tax' },
  });
  await stack.call('POST', '/v1/organizer/members', {
    token: owner.token,
    body: { email: `hana-${owner.slug}@example.org`, display_name: 'Hana Girma', role: 'admin' },
  });
  // API keys come with Pro: one in use, one revoked.
  await stack.call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
    token: staff.token,
    body: { plan: 'pro', reason: 'Community partner' },
  });
  await stack.call('POST', '/v1/organizer/api-keys', {
    token: owner.token,
    body: { name: 'CRM sync', scopes: ['orders:read', 'events:write'] },
  });
  const revoked = await stack.call<{ id: string }>('POST', '/v1/organizer/api-keys', {
    token: owner.token,
    body: { name: 'Old door app', scopes: ['check_ins:write'], expires_at: new Date(Date.now() + 30 * 86_400_000) },
  });
  await stack.call('POST', `/v1/organizer/api-keys/${revoked.id}/revoke`, { token: owner.token });
  // Pro, as staff set it, with a webhook endpoint that has a delivery log.
  await stack.call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
    token: staff.token,
    body: { plan: 'pro', reason: 'Pilot of the CRM sync' },
  });
  const endpoint = await stack.call<{ id: string }>('POST', '/v1/webhook-endpoints', {
    token: owner.token,
    body: {
      url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/access-plus`,
      description: 'Our CRM',
      event_types: ['order.paid', 'order.refunded', 'ticket.checked_in'],
    },
  });
  ids.endpoint = endpoint.id;
  // A custom domain whose records have been looked at, with what the check found.
  const domain = await stack.call<{ id: string }>('POST', '/v1/organizer/domains', {
    token: owner.token,
    body: { hostname: 'tickets.mosque-community-center-e2e.org' },
    expected: [201],
  });
  ids.domain = domain.id;
  await stack.call('POST', `/v1/organizer/domains/${domain.id}/checks`, { token: owner.token });
  // A published theme, and a draft whose check finds something at every level.
  await stack.call('PATCH', '/v1/organizer/theme/draft', {
    token: owner.token,
    body: { header: '<h2>{{organizer.name}}</h2>', css: '.theme-header h2 { margin: 0 }' },
  });
  await stack.call('POST', '/v1/organizer/theme/publish', { token: owner.token });
  await stack.call('PATCH', '/v1/organizer/theme/draft', {
    token: owner.token,
    body: {
      header: '<h1>{{organizer.name}}</h1><img src="https://elsewhere.example/logo.png">',
      footer: '<p>{{{organizer.name}}}</p>',
      event_sections: '{{#each events}}{{name}}{{/each}}',
    },
  });
  await stack.call('POST', `/v1/webhook-endpoints/${endpoint.id}/ping`, { token: owner.token, expected: [202] });
  const buyer = `fatima-${randomBytes(3).toString('hex')}@example.org`;
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    { body: { buyer: { name: 'Fatima Ali', email: buyer }, tickets: [{ tier_id: event.tiers[0]?.id, quantity: 2 }] } },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${held.access_token}`,
    {
      body: { method: 'card', card_number: '4242424242424242' },
    },
  );
  ids.order = held.order.id;
  // An export of the attendees, written by the time the pages are looked at.
  const attendeeExport = await stack.call<{ id: string }>('POST', '/v1/exports', {
    token: owner.token,
    body: { kind: 'attendees', format: 'csv', event_id: event.id, locale: 'en' },
    expected: [202],
  });
  ids.export = attendeeExport.id;
  for (let waited = 0; ; waited += 250) {
    const { status } = await stack.call<{ status: string }>('GET', `/v1/exports/${attendeeExport.id}`, {
      token: owner.token,
    });
    if (status === 'done') break;
    if (waited > 30_000) throw new Error(`the export is ${status} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // A message to the event's ticket holders, with its progress and recipients.
  const message = await stack.call<{ id: string }>('POST', `/v1/events/${event.id}/messages`, {
    token: owner.token,
    body: {
      kind: 'announcement',
      subject: { en: 'Parking for {{event}}' },
      body: { en: 'Dear {{name}},\n\nPark behind the hall.' },
      audience: { checked_in: 'any' },
    },
    expected: [201],
  });
  ids.message = message.id;
  // A payee paid by check, without a W-9 yet, for the tax pages.
  const payee = await stack.call<{ id: string }>('POST', '/v1/payees', {
    token: owner.token,
    body: { name: 'Ustadh Bilal Rahman', email: 'bilal@example.org', city: 'Houston', state: 'TX' },
    expected: [201],
  });
  payeeId = payee.id;
  await stack.call('POST', '/v1/payee-payments', {
    token: owner.token,
    body: { payee_id: payee.id, paid_on: new Date().toISOString().slice(0, 10), amount_cents: 75_000, method: 'check' },
    expected: [201],
  });

  for (const [who, account] of [
    ['owner', owner],
    ['staff', staff],
  ] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await browser.newContext(options);
      await (await signIn(stack.adminUrl, context, account.email)).close();
      contexts[who][size] = context;
    }
    // The same session in a browser that reads Arabic, and one that reads Amharic.
    const storageState = await contexts[who].phone?.storageState();
    for (const view of ['ar', 'am'] as const) {
      contexts[who][view] = await browser.newContext({ ...views[view], storageState });
    }
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  crm.closeAllConnections();
  crm.close();
});

describe('every admin page', () => {
  it('is listed here, so that none goes unchecked', async () => {
    expect(await adminRoutes()).toEqual(Object.keys(pages).sort());
  });

  it.each(Object.entries(pages))(
    '%s has no axe violation at desktop and phone widths, in English, Arabic and Amharic',
    async (route, { path: at, as }) => {
      // Every view at once: most of the time is spent waiting for the servers.
      await Promise.all(
        (Object.keys(views) as View[]).map(async (size) => {
          const context = as === 'visitor' ? await browser.newContext(views[size]) : contexts[as][size];
          if (!context) throw new Error(`no ${as} browser`);
          const page = await context.newPage();
          try {
            const response = await page.goto(`${stack.adminUrl}${at()}`, { waitUntil: 'networkidle' });
            expect(response?.status(), `${route} answers`).toBeLessThan(400);
            const lang = size === 'ar' || size === 'am' ? size : 'en';
            expect(await page.locator('html').getAttribute('lang'), `${route} (${size})`).toBe(lang);
            expect(await page.locator('html').getAttribute('dir'), `${route} (${size})`).toBe(
              size === 'ar' ? 'rtl' : 'ltr',
            );
            await expectNoAxeViolations(page, `${route} (${size})`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${route} (${size}) is wider than the screen`).toBeLessThanOrEqual(0);
            const name = route === '/' ? 'home' : route.slice(1).replaceAll('/', '-').replaceAll(/[[\]]/g, '');
            await shot(page, `a11y-${name}-${size}`);
          } finally {
            await page.close();
            if (as === 'visitor') await context.close();
          }
        }),
      );
    },
    // A page's first visit has the dev server compile it, slow on a busy machine.
    60_000,
  );
});
