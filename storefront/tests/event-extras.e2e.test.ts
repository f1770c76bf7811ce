/**
 * What an organizer sets up beside tickets, as a buyer meets it on a phone: add-ons, a donation
 * towards a goal, a name on each ticket and an online link. The event page prices the cart as the
 * buyer changes it; with JavaScript turned off the same form posts and the server prices it, and
 * the same order comes out. The organizer is made for this file through the API.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot, submitPayment } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-extras-${randomBytes(3).toString('hex')}`;
const apiUrl = inject('apiUrl');
const ONLINE_URL = 'https://stream.example.org/live/harvest-festival?pass=kora';
const TITLE = 'Harvest Festival: Music of the Sahel';

let browser: Browser;
let eventId: string;
let tierId: string;
let shirtId: string;
let ownerToken: string;

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** What the API says a cart costs, all in. */
async function quoted(cart: Record<string, unknown>): Promise<number> {
  return (await api<{ total_cents: number }>('POST', `/v1/public/organizers/${slug}/quote`, cart)).total_cents;
}

const cart = (donationCents?: number) => ({
  tickets: [{ tier_id: tierId, quantity: 2 }],
  add_ons: [{ product_id: shirtId, quantity: 1 }],
  ...(donationCents ? { donations: [{ event_id: eventId, amount_cents: donationCents }] } : {}),
});

beforeAll(async () => {
  const { token } = await signUpOrganizer(apiUrl, {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Mariam Traoré',
    organizer: { name: 'Sahel Arts Collective', slug, time_zone: 'America/New_York' },
  });
  ownerToken = token;
  await api(
    'PATCH',
    '/v1/organizer/checkout-settings',
    { service_fee_percent_bp: 500, service_fee_flat_cents: 100, fees_paid_by: 'buyer' },
    token,
  );
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  startsAt.setUTCHours(22, 0, 0, 0);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      title: { en: TITLE },
      description: { en: 'Kora, ngoni and balafon, in the hall and streamed live.' },
      category: 'festival',
      languages: ['en', 'fr'],
      venue_name: 'Apollo Community Hall',
      city: 'New York',
      state: 'NY',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      online_url: ONLINE_URL,
      donations_enabled: true,
      donation_goal_cents: 50_000,
      attendee_names: 'required',
      tiers: [{ name: { en: 'General admission' }, price_cents: 2500, quantity: 100, max_per_order: 6 }],
    },
    token,
  );
  eventId = event.id;
  tierId = event.tiers[0]?.id ?? '';
  shirtId = (
    await api<{ id: string }>(
      'POST',
      '/v1/products',
      {
        event_id: eventId,
        name: { en: 'Festival T-shirt' },
        description: { en: 'Organic cotton, printed in Harlem.' },
        price_cents: 2000,
        quantity: 30,
        max_per_order: 4,
      },
      token,
    )
  ).id;
  await api(
    'POST',
    '/v1/products',
    { event_id: eventId, name: { en: 'Signed poster' }, price_cents: 1500, quantity: 0, position: 1 },
    token,
  );
  await api('POST', `/v1/events/${eventId}/publish`, undefined, token);
  await api('PATCH', '/v1/organizer', { contact_email: `tickets-${slug}@example.org`, locales: ['en', 'es'] }, token);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A phone, with or without JavaScript. */
function phone(javaScriptEnabled: boolean): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-US',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
}

const eventPage = () => `${origin(slug)}/events/${eventId}`;
const total = (page: Page) => page.locator('#checkout .price-summary .row.total dd');

/** The order page's total and lines, once paid with the test card. */
async function payWithTestCard(page: Page) {
  await page.getByLabel('Test card number').fill('4242 4242 4242 4242');
  await submitPayment(page, () => page.getByRole('button', { name: /^Pay / }).click());
  await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Paid');
}

describe("the organizer's contact address", () => {
  it('is in the footer of every page, in the buyer’s language', async () => {
    const context = await phone(false);
    try {
      const page = await context.newPage();
      await page.goto(eventPage());
      const contact = page.locator('.site-footer .contact');
      await expect(contact.textContent()).resolves.toBe(`Questions? Write to tickets-${slug}@example.org`);
      await expect(contact.getByRole('link').getAttribute('href')).resolves.toBe(`mailto:tickets-${slug}@example.org`);
      await page.goto(`${origin(slug)}/?lang=es`);
      await expect(page.locator('.site-footer .contact').textContent()).resolves.toContain('¿Preguntas? Escriba a');
    } finally {
      await context.close();
    }
  });
});

describe('an event with add-ons, a donation goal, names on tickets and a stream', () => {
  it('prices the cart as the buyer chooses, asks a name per ticket, and places the order', async () => {
    const context = await phone(true);
    try {
      const page = await context.newPage();
      await page.goto(eventPage());
      // The suggested amounts come with the page's script: it is running.
      await page.getByRole('button', { name: '$25', exact: true }).waitFor();
      await expect(page.locator('.facts').textContent()).resolves.toContain('Online');
      const progress = page.locator('.donation progress');
      await expect(progress.getAttribute('value')).resolves.toBe('0');
      await expect(progress.getAttribute('max')).resolves.toBe('50000');
      await expect(page.locator('.donation .raised').textContent()).resolves.toBe('$0.00 raised of $500.00 goal');
      const poster = page.locator('.add-on', { hasText: 'Signed poster' });
      await expect(poster.locator('.badge.sold-out').textContent()).resolves.toBe('Sold out');
      await expect(poster.locator('select').count()).resolves.toBe(0);
      // Up to the add-on's own limit per order.
      await expect(page.getByLabel('Quantity: Festival T-shirt').locator('option').allTextContents()).resolves.toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
      ]);

      // What the buyer types stays put while the price changes around it.
      const buyerName = page.locator('#checkout').getByLabel('Full name');
      await buyerName.fill('Mariam Koné');
      await page.getByLabel('Quantity: General admission').selectOption('2');
      await expect.poll(() => total(page).textContent()).toBe(money(await quoted({ tickets: cart().tickets })));
      await page.getByLabel('Quantity: Festival T-shirt').selectOption('1');
      await expect.poll(() => total(page).textContent()).toBe(money(await quoted(cart())));
      await page.getByRole('button', { name: '$25', exact: true }).click();
      await expect(page.getByLabel('Amount ($)').inputValue()).resolves.toBe('25.00');
      await expect(page.getByRole('button', { name: '$25', exact: true }).getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      const expected = await quoted(cart(2500));
      await expect.poll(() => total(page).textContent()).toBe(money(expected));
      // Priced in the page: nothing was posted, the address is the event's own.
      expect(page.url()).toBe(eventPage());
      const summary = await page.locator('#checkout .price-summary .lines li > span:first-child').allTextContents();
      expect(summary).toContain('Festival T-shirt × 1');
      expect(summary).toContain(`Donation: ${TITLE}`);

      const first = page.getByLabel('Name on ticket 1 (General admission)');
      const second = page.getByLabel('Name on ticket 2 (General admission)');
      await expect(first.getAttribute('required')).resolves.toBe('');
      await first.fill('Oumou Sangaré');
      await second.fill('Toumani Diabaté');
      await page.getByLabel('Quantity: Festival T-shirt').selectOption('2');
      await expect.poll(() => total(page).textContent()).not.toBe(money(expected));
      await page.getByLabel('Quantity: Festival T-shirt').selectOption('1');
      await expect.poll(() => total(page).textContent()).toBe(money(expected));
      await expect(buyerName.inputValue()).resolves.toBe('Mariam Koné');
      await expect(first.inputValue()).resolves.toBe('Oumou Sangaré');
      await page.locator('#checkout').getByLabel('Email', { exact: true }).fill(`mariam-${slug}@example.org`);
      const shot = await screenshot(page, '10-event-extras-phone');
      if (shot) console.info(`The event page on a phone, priced as chosen: ${shot}`);

      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
      const lines = await page.locator('.summary .price-summary .lines li > span:first-child').allTextContents();
      expect(lines).toContain('General admission × 2');
      expect(lines).toContain('Festival T-shirt × 1');
      expect(lines).toContain(`Donation: ${TITLE}`);
      await expect(page.locator('.summary .row.donations dd').textContent()).resolves.toBe('$25.00');
      await expect(page.locator('.summary .row.total dd').textContent()).resolves.toBe(money(expected));
      // The stream's link is what the tickets buy: not before they are paid.
      await expect(page.getByRole('link', { name: 'Join online' }).count()).resolves.toBe(0);
      await expect(page.locator('.event').textContent()).resolves.toContain('appears here once the order is paid');
      await screenshot(page, '11-order-extras-pending-phone');

      await payWithTestCard(page);
      const join = page.getByRole('link', { name: 'Join online' });
      await expect(join.getAttribute('href')).resolves.toBe(ONLINE_URL);
      await expect(page.locator('.ticket').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/Oumou Sangaré|Toumani Diabaté/),
        expect.stringMatching(/Oumou Sangaré|Toumani Diabaté/),
      ]);
      const paidShot = await screenshot(page, '12-order-extras-paid-phone');
      if (paidShot) console.info(`The paid order on a phone, with the add-on, the gift and the link: ${paidShot}`);

      await page.goto(eventPage());
      await expect(progress.getAttribute('value')).resolves.toBe('2500');
      await expect(page.locator('.donation .raised').textContent()).resolves.toBe('$25.00 raised of $500.00 goal');
      await screenshot(page, '13-event-goal-moved-phone');
    } finally {
      await context.close();
    }
  });

  it('places the same order with JavaScript turned off: the form posts and the server prices it', async () => {
    const context = await phone(false);
    try {
      const page = await context.newPage();
      const expected = await quoted(cart(2500));
      await page.goto(eventPage());
      // Suggested amounts need the page's script; the amount field does not.
      await expect(page.getByRole('button', { name: '$25', exact: true }).count()).resolves.toBe(0);
      await page.getByLabel('Quantity: General admission').selectOption('2');
      await page.getByLabel('Quantity: Festival T-shirt').selectOption('1');
      await page.getByLabel('Amount ($)').fill('25');
      await page.getByRole('button', { name: 'See total price' }).click();
      await page.waitForURL(/\?\/quote/);
      await expect(total(page).textContent()).resolves.toBe(money(expected));
      await expect(page.getByLabel('Amount ($)').inputValue()).resolves.toBe('25');

      // The names are asked once the tickets are chosen.
      await page.getByLabel('Name on ticket 1 (General admission)').fill('Salif Keïta');
      await page.getByLabel('Name on ticket 2 (General admission)').fill('Fatoumata Diawara');
      await page.locator('#checkout').getByLabel('Full name').fill('Aminata Sow');
      await page.locator('#checkout').getByLabel('Email', { exact: true }).fill(`aminata-${slug}@example.org`);
      await screenshot(page, '14-event-extras-no-javascript-phone');
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
      await expect(page.locator('.summary .row.total dd').textContent()).resolves.toBe(money(expected));
      const lines = await page.locator('.summary .price-summary .lines li > span:first-child').allTextContents();
      expect(lines).toContain('Festival T-shirt × 1');
      expect(lines).toContain(`Donation: ${TITLE}`);

      await payWithTestCard(page);
      await expect(page.getByRole('link', { name: 'Join online' }).getAttribute('href')).resolves.toBe(ONLINE_URL);
      await page.goto(eventPage());
      await expect(page.locator('.donation .raised').textContent()).resolves.toBe('$50.00 raised of $500.00 goal');
    } finally {
      await context.close();
    }
  });

  it('keeps what a buyer chose and typed before the page’s script ran, and prices it once it runs', async () => {
    const context = await phone(true);
    try {
      const page = await context.newPage();
      // A slow phone: the page is shown and used before its script arrives.
      let scriptsArrive = () => {};
      const arrived = new Promise<void>((resolve) => {
        scriptsArrive = resolve;
      });
      await page.route(/\.(js|ts|svelte)(\?|$)/, async (route) => {
        await arrived;
        await route.continue();
      });
      await page.goto(eventPage(), { waitUntil: 'domcontentloaded' });
      await page.getByLabel('Quantity: General admission').selectOption('2');
      await page.getByLabel('Amount ($)').fill('10');
      await page.locator('#checkout').getByLabel('Full name').fill('Rokia Traoré');
      scriptsArrive();
      await page.getByRole('button', { name: '$25', exact: true }).waitFor();
      await expect
        .poll(() => total(page).textContent())
        .toBe(money(await quoted({ tickets: cart().tickets, donations: [{ event_id: eventId, amount_cents: 1000 }] })));
      await expect(page.getByLabel('Quantity: General admission').inputValue()).resolves.toBe('2');
      await expect(page.getByLabel('Amount ($)').inputValue()).resolves.toBe('10');
      await expect(page.locator('#checkout').getByLabel('Full name').inputValue()).resolves.toBe('Rokia Traoré');
      // The event asks a name per ticket: both tickets chosen early get their fields.
      await expect(page.getByLabel(/^Name on ticket \d \(General admission\)$/).count()).resolves.toBe(2);
    } finally {
      await context.close();
    }
  });

  it('says what is wrong with a donation amount, in the field', async () => {
    const context = await phone(false);
    try {
      const page = await context.newPage();
      await page.goto(eventPage());
      await page.getByLabel('Amount ($)').fill('0.50');
      await page.getByRole('button', { name: 'See total price' }).click();
      await page.waitForURL(/\?\/quote/);
      const amount = page.getByLabel('Amount ($)');
      await expect(amount.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('#donation-error').textContent()).resolves.toBe(
        'Give at least $1.00, or leave the amount empty.',
      );
      await screenshot(page, '15-event-donation-too-small-phone');
    } finally {
      await context.close();
    }
  });
});

describe('what the organizer deleted', () => {
  it('is not on the store: a deleted ticket type of a published event, nor a deleted draft', async () => {
    const startsAt = new Date(Date.now() + 40 * 86_400_000);
    const times = {
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    };
    const event = await api<{ id: string; tiers: { id: string }[] }>(
      'POST',
      '/v1/events',
      {
        title: { en: 'Griot Night' },
        category: 'festival',
        venue_name: 'Apollo Community Hall',
        ...times,
        tiers: [
          { name: { en: 'Floor' }, price_cents: 3000, quantity: 50 },
          { name: { en: 'Balcony' }, price_cents: 2000, quantity: 20 },
        ],
      },
      ownerToken,
    );
    await api('POST', `/v1/events/${event.id}/publish`, undefined, ownerToken);
    const balcony = event.tiers[1]?.id ?? '';
    await api('DELETE', `/v1/events/${event.id}/tiers/${balcony}`, undefined, ownerToken);
    const draft = await api<{ id: string }>(
      'POST',
      '/v1/events',
      { title: { en: 'Draft to drop' }, category: 'festival', ...times },
      ownerToken,
    );
    await api('DELETE', `/v1/events/${draft.id}`, undefined, ownerToken);

    const context = await phone(false);
    try {
      const page = await context.newPage();
      await page.goto(origin(slug));
      const titles = await page.locator('.event-card h2').allInnerTexts();
      expect(titles).toContain('Griot Night');
      expect(titles).not.toContain('Draft to drop');
      await page.goto(`${origin(slug)}/events/${event.id}`);
      const tiers = await page.locator('.tier').allInnerTexts();
      expect(tiers).toHaveLength(1);
      expect(tiers[0]).toContain('Floor');
      expect(tiers.join(' ')).not.toContain('Balcony');
      await screenshot(page, 'deleted-ticket-type');
      const refused = await fetch(`${apiUrl}/v1/public/organizers/${slug}/quote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tickets: [{ tier_id: balcony, quantity: 1 }] }),
      });
      expect(refused.status).toBe(422);
      expect((await fetch(`${apiUrl}/v1/public/events/${draft.id}`)).status).toBe(404);
    } finally {
      await context.close();
    }
  });
});
