/**
 * A guest on a phone puts tickets of two events and an add-on in the cart, changes a quantity,
 * and pays for all of it once; a line can be taken out, and a cart works without JavaScript.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-cart-${randomBytes(3).toString('hex')}`;
let browser: Browser;
let token: string;
const ids = { gala: '', galaTier: '', parking: '', picnic: '', picnicTier: '' };

async function publish(body: Record<string, unknown>): Promise<{ id: string; tiers: { id: string }[] }> {
  const startsAt = new Date(Date.now() + 20 * 86_400_000);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      category: 'festival',
      city: 'Minneapolis',
      state: 'MN',
      venue_name: 'Brian Coyle Center',
      time_zone: 'America/Chicago',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      ...body,
    },
    token,
  );
  await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
  return event;
}

beforeAll(async () => {
  ({ token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Hodan Warsame',
    organizer: { name: 'Somali Youth of Minnesota', slug, time_zone: 'America/Chicago' },
  }));
  const gala = await publish({
    title: { en: 'Somali Independence Gala' },
    tiers: [{ name: { en: 'Gala seat' }, price_cents: 2000, quantity: 100 }],
  });
  ids.gala = gala.id;
  ids.galaTier = gala.tiers[0]?.id ?? '';
  ids.parking = (
    await api<{ id: string }>(
      'POST',
      '/v1/products',
      { event_id: gala.id, name: { en: 'Parking pass' }, price_cents: 1000, quantity: 50 },
      token,
    )
  ).id;
  const picnic = await publish({
    title: { en: 'Family Picnic at Lake Nokomis' },
    tiers: [{ name: { en: 'Picnic ticket' }, price_cents: 1500, quantity: 100 }],
  });
  ids.picnic = picnic.id;
  ids.picnicTier = picnic.tiers[0]?.id ?? '';
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function phone(javaScriptEnabled = true): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-US',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
}

async function addToCart(page: Page, eventId: string, choices: Record<string, string>): Promise<void> {
  await page.goto(`${origin(slug)}/events/${eventId}`, { waitUntil: 'networkidle' });
  for (const [label, quantity] of Object.entries(choices)) {
    await page.getByLabel(`Quantity: ${label}`).selectOption(quantity);
  }
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(`${origin(slug)}/cart`);
}

const total = (page: Page) => page.locator('.price-summary .row.total dd').textContent();

describe('a cart across events', () => {
  it('holds tickets of two events and an add-on, takes a new quantity, and is paid for once', async () => {
    const context = await phone();
    const page = await context.newPage();
    await addToCart(page, ids.gala, { 'Gala seat': '2', 'Parking pass': '1' });
    expect(await page.getByRole('link', { name: 'Cart (3)' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Add tickets of other events' }).click();
    await page
      .getByRole('link', { name: /Family Picnic/ })
      .first()
      .click();
    await page.getByLabel('Quantity: Picnic ticket').selectOption('1');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${origin(slug)}/cart`);

    const sections = page.locator('.cart-event h2');
    expect(await sections.allTextContents()).toEqual(['Somali Independence Gala', 'Family Picnic at Lake Nokomis']);
    expect(await total(page)).toBe('$65.00');
    await page.getByLabel('Quantity: Picnic ticket').selectOption('3');
    await page.getByRole('button', { name: 'Update cart' }).click();
    await expect.poll(() => total(page)).toBe('$95.00');
    expect(await page.getByRole('link', { name: 'Cart (6)' }).count()).toBe(1);

    await page.getByLabel('Full name').fill('Ayaan Farah');
    await page.getByLabel('Email', { exact: true }).fill(`ayaan-${slug}@example.org`);
    await screenshot(page, 'cart-phone');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    const orderId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.getByLabel('Test card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => page.locator('.order-head .badge.status').textContent()).toBe('Paid');

    const order = await api<{ total_cents: number; status: string; tickets: { tier_id: string }[] }>(
      'GET',
      `/v1/orders/${orderId}`,
      undefined,
      token,
    );
    expect(order).toMatchObject({ status: 'paid', total_cents: 9500 });
    expect(order.tickets.map((ticket) => ticket.tier_id).sort()).toEqual(
      [ids.galaTier, ids.galaTier, ids.picnicTier, ids.picnicTier, ids.picnicTier].sort(),
    );
    // Paid: the cart is empty again.
    expect(await page.getByRole('link', { name: /^Cart/ }).count()).toBe(0);
    await page.goto(`${origin(slug)}/cart`);
    expect(await page.locator('.notice').textContent()).toContain('Your cart is empty.');
    await context.close();
  });

  it('takes a line out, asks for a name, and holds the rest, without JavaScript', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await addToCart(page, ids.gala, { 'Gala seat': '1', 'Parking pass': '2' });
    await page.getByRole('button', { name: 'Remove: Parking pass' }).click();
    await page.waitForURL(`${origin(slug)}/cart`);
    expect(await page.locator('.cart-lines li').count()).toBe(1);
    expect(await total(page)).toBe('$20.00');
    // The browser asks for a name before sending anything.
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    expect(await page.getByLabel('Full name').evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(
      true,
    );
    expect(page.url()).toBe(`${origin(slug)}/cart`);
    await page.getByLabel('Full name').fill('Abdi Hassan');
    await page.getByLabel('Email', { exact: true }).fill(`abdi-${slug}@example.org`);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    expect(await page.locator('.order-head .badge.status').textContent()).not.toBe('Paid');
    await context.close();
  });

  it('leaves out what is no longer on sale, and says so', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    const extra = await publish({
      title: { en: 'Poetry Night' },
      tiers: [{ name: { en: 'Seat' }, price_cents: 500, quantity: 20 }],
    });
    await addToCart(page, extra.id, { Seat: '2' });
    await addToCart(page, ids.picnic, { 'Picnic ticket': '1' });
    await api('POST', `/v1/events/${extra.id}/unpublish`, undefined, token);
    await page.goto(`${origin(slug)}/cart`);
    expect(await page.locator('.alert.warning').textContent()).toContain('no longer on sale');
    expect(await page.locator('.cart-event h2').allTextContents()).toEqual(['Family Picnic at Lake Nokomis']);
    expect(await total(page)).toBe('$15.00');
    await context.close();
  });
});
