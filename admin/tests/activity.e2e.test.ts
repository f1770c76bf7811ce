/**
 * The activity log in a real browser, against the API on an embedded PostgreSQL: an owner changes
 * an event and refunds an order through the API, and /settings/activity says so in sentences with
 * the owner's name, filters by area, and shows what a change set. Photographed at desktop and phone
 * widths and checked with axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signedInState,
  signUp,
  startAdminStack,
} from './harness';

const SLOW = 120_000;
const NEW_TITLE = 'Eid Community Dinner and Bazaar';

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId = '';
let orderId = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  owner = await signUp(stack.call, 'Mosque Community Center', 'Amina Yusuf');
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
      tiers: [{ name: { en: 'Adult' }, price_cents: 3000, quantity: 100 }],
    },
  });
  eventId = event.id;
  await stack.call('PATCH', `/v1/events/${event.id}`, { token: owner.token, body: { title: { en: NEW_TITLE } } });
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  // Something in another area, which the Events filter must leave out.
  await stack.call('POST', '/v1/tax-rates', {
    token: owner.token,
    body: { state: 'TX', rate_ppm: 62_500, label: 'Texas sales tax' },
  });
  // A buyer pays by card at the storefront (not the team: not in the log); the owner refunds.
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: {
        buyer: { name: 'Fatima Ali', email: `fatima-${owner.slug}@example.org` },
        tickets: [{ tier_id: event.tiers[0]?.id, quantity: 1 }],
      },
    },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${held.access_token}`,
    { body: { method: 'card', card_number: '4242424242424242' } },
  );
  orderId = held.order.id;
  const order = await stack.call<{ tickets: { id: string }[] }>('GET', `/v1/orders/${orderId}`, {
    token: owner.token,
  });
  await stack.call('POST', `/v1/orders/${orderId}/refunds`, {
    token: owner.token,
    body: { ticket_ids: order.tickets.map((ticket) => ticket.id) },
  });

  ownerState = await signedInState(browser, stack.adminUrl, owner.email);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open(
  at: string,
  options: Parameters<Browser['newContext']>[0] = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', ...options, storageState: ownerState });
  const page = await context.newPage();
  await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
  return { context, page };
}

/** The row of the entry whose sentence is `sentence`. */
const entry = (page: Page, sentence: string) =>
  page.getByTestId('activity-entry').filter({ has: page.locator('.sentence', { hasText: sentence }) });

describe('the activity page', () => {
  it(
    'says who changed the event and refunded the order, in sentences, with links to both',
    async () => {
      const { context, page } = await open('/settings');
      try {
        await page.getByRole('link', { name: 'Activity' }).click();
        await page.waitForURL(`${stack.adminUrl}/settings/activity`);
        await page.getByRole('heading', { name: 'Activity' }).waitFor();

        const changed = entry(page, 'Changed an event');
        await expect(changed.count()).resolves.toBe(1);
        await expect(changed.locator('.who').innerText()).resolves.toContain('Amina Yusuf');
        await expect(changed.getByRole('link', { name: 'Open the event' }).getAttribute('href')).resolves.toBe(
          `/events/${eventId}`,
        );
        const refunded = entry(page, 'Refunded an order');
        await expect(refunded.count()).resolves.toBe(1);
        await expect(refunded.locator('.who').innerText()).resolves.toContain('Amina Yusuf');
        await expect(refunded.getByRole('link', { name: 'Open the order' }).getAttribute('href')).resolves.toBe(
          `/orders/${orderId}`,
        );
        await expect(entry(page, 'Added a sales tax rate').count()).resolves.toBe(1);
        // Newest first: the refund came last.
        await expect(page.locator('.sentence').first().innerText()).resolves.toBe('Refunded an order');

        // What the change set, once opened: the new title.
        const details = changed.locator('details');
        await expect(details.getByText(`en: ${NEW_TITLE}`).isVisible()).resolves.toBe(false);
        await details.getByText('What was set').click();
        await expect(details.getByText(`en: ${NEW_TITLE}`).isVisible()).resolves.toBe(true);
        await expect(details.locator('li').first().innerText()).resolves.toBe(`title: en: ${NEW_TITLE}`);

        await expectNoAxeViolations(page, 'activity (desktop)');
        await shot(page, 'activity-desktop');
      } finally {
        await context.close();
      }
    },
    SLOW,
  );

  it(
    'shows only the event entries when filtered by the area Events, without JavaScript too',
    async () => {
      for (const javaScriptEnabled of [true, false]) {
        const { context, page } = await open('/settings/activity', { ...DESKTOP, javaScriptEnabled });
        try {
          await page.getByLabel('Area').selectOption({ label: 'Events' });
          await Promise.all([
            page.waitForURL(/area=Events/),
            page.getByRole('button', { name: 'Show', exact: true }).click(),
          ]);
          const sentences = await page.locator('.sentence').allInnerTexts();
          expect(sentences).toEqual(['Published an event', 'Changed an event', 'Created an event']);
          await expect(page.getByLabel('Area').inputValue()).resolves.toBe('Events');
          if (javaScriptEnabled) await shot(page, 'activity-desktop-events');
        } finally {
          await context.close();
        }
      }
    },
    SLOW,
  );

  it(
    'reads well on a phone, and filters by person',
    async () => {
      const { context, page } = await open('/settings/activity', PHONE);
      try {
        await entry(page, 'Changed an event').locator('summary').click();
        await expectNoAxeViolations(page, 'activity (phone)');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the page is wider than the phone').toBeLessThanOrEqual(0);
        await shot(page, 'activity-phone');

        const person = page.getByLabel('Person or key');
        await person.selectOption({ label: `Amina Yusuf (${owner.email})` });
        await Promise.all([
          page.waitForURL(/actor=member/),
          page.getByRole('button', { name: 'Show', exact: true }).click(),
        ]);
        await expect(page.getByTestId('activity-entry').count()).resolves.toBe(5);
      } finally {
        await context.close();
      }
    },
    SLOW,
  );

  it(
    'says so when nothing matches, and in Arabic from right to left',
    async () => {
      const { context, page } = await open('/settings/activity?from=2020-01-01&to=2020-01-31', {
        ...PHONE,
        locale: 'ar',
      });
      try {
        await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
        await expect(page.locator('p.panel[role="status"]').innerText()).resolves.toBe(
          'لا توجد تغييرات تطابق هذه الفلاتر.',
        );
        await expectNoAxeViolations(page, 'activity, nothing matches (ar)');
        await shot(page, 'activity-phone-ar-empty');
        await page.goto(`${stack.adminUrl}/settings/activity`, { waitUntil: 'networkidle' });
        await expect(page.locator('.sentence').first().innerText()).resolves.toBe('ردّ مبلغ طلب');
        await entry(page, 'غيّر فعالية').locator('summary').click();
        await expectNoAxeViolations(page, 'activity (ar)');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the Arabic page is wider than the phone').toBeLessThanOrEqual(0);
        await shot(page, 'activity-phone-ar');
      } finally {
        await context.close();
      }
    },
    SLOW,
  );
});
