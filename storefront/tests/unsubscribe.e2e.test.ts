/**
 * The unsubscribe page a ticket holder reaches from the link in an organizer's message, on a
 * phone: it names the organizer and the address (partly hidden), unsubscribes with its button,
 * which the organizer's next message honours, and subscribes again. A link that does not work
 * says so. axe-core finds nothing wrong in either state.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, origin, screenshot } from './browser';
import { api, signUpOrganizer } from './organizer';

const suffix = randomBytes(3).toString('hex');
const slug = `e2e-unsub-${suffix}`;
const buyerEmail = `kwame-${suffix}@example.org`;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };

let browser: Browser;
let token: string;
let eventId: string;
let unsubscribeToken: string;

const announcement = {
  kind: 'announcement',
  subject: { en: 'Doors open at six for {{event}}' },
  body: { en: 'Hello {{name}},\n\nDoors open at 6 PM. Bring your order {{order_number}}.' },
  audience: { checked_in: 'any' },
};

/** The token of the unsubscribe link in the newest message to `email` whose subject starts so. */
async function unsubscribeLink(email: string, subject: string): Promise<string> {
  for (let waited = 0; ; waited += 200) {
    const mailbox = await api<{ data: { to: string; subject: string; text: string }[] }>(
      'GET',
      '/v1/dev/mailbox?limit=200',
    );
    const link = mailbox.data
      .filter((mail) => mail.to.includes(email) && mail.subject.startsWith(subject))
      .flatMap((mail) => [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([href]) => new URL(href)))
      .find((url) => url.pathname === '/unsubscribe');
    const found = link?.searchParams.get('token');
    if (found) return found;
    if (waited > 60_000) throw new Error(`no message to ${email} with an unsubscribe link`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  ({ token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Ama Mensah',
    organizer: { name: 'Ghana Union of Ohio', slug, time_zone: 'America/New_York', locales: ['en'] },
  }));
  const startsAt = new Date(Date.now() + 20 * 86_400_000);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      title: { en: 'Independence Day Gala' },
      description: { en: 'Dinner, music and dancing.' },
      category: 'festival',
      venue_name: 'Columbus Hall',
      city: 'Columbus',
      state: 'OH',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: 2500, quantity: 50 }],
    },
    token,
  );
  eventId = event.id;
  await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
  const held = await api<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${slug}/orders`,
    {
      buyer: { name: 'Kwame Boateng', email: buyerEmail },
      tickets: [{ tier_id: event.tiers[0]?.id, quantity: 2 }],
    },
  );
  await api(
    'POST',
    `/v1/public/organizers/${slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { method: 'card', card_number: '4242424242424242' },
  );
  await api('POST', `/v1/events/${eventId}/messages`, announcement, token);
  unsubscribeToken = await unsubscribeLink(buyerEmail, 'Doors open at six');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** Who the organizer's next announcement would reach, as the composer's preview counts them. */
async function audience() {
  const preview = await api<{ recipients: { will_send: number; unsubscribed: number } }>(
    'POST',
    `/v1/events/${eventId}/messages/preview`,
    announcement,
    token,
  );
  return preview.recipients;
}

describe('the unsubscribe page', { timeout: 120_000 }, () => {
  let page: Page;

  it('names the organizer and the address, and unsubscribes with its button', async () => {
    const context = await browser.newContext(phone);
    page = await context.newPage();
    const response = await page.goto(`${origin(slug)}/unsubscribe?token=${unsubscribeToken}`, {
      waitUntil: 'networkidle',
    });
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Emails from Ghana Union of Ohio',
    );
    const address = await page.locator('.email strong').textContent();
    // Partly hidden: the domain shows, the whole address does not.
    expect(address).toContain('@example.org');
    expect(address).not.toContain(buyerEmail);
    await expectNoAxeViolations(page);
    await screenshot(page, 'unsubscribe-phone');
    expect(await audience()).toMatchObject({ will_send: 1, unsubscribed: 0 });

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('status').waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Ghana Union of Ohio will not send you announcements or news any more',
    );
    await expect(page.getByRole('button', { name: 'Subscribe again' }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, 'unsubscribe-done-phone');
    // The organizer's next announcement skips the address.
    expect(await audience()).toMatchObject({ will_send: 0, unsubscribed: 1 });
  });

  it('still says so when the link is opened again, and subscribes again', async () => {
    await page.goto(`${origin(slug)}/unsubscribe?token=${unsubscribeToken}`, { waitUntil: 'networkidle' });
    await expect(page.locator('article').textContent()).resolves.toContain(
      'You no longer receive announcements or news from Ghana Union of Ohio.',
    );
    await page.getByRole('button', { name: 'Subscribe again' }).click();
    await page.getByRole('status').waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Welcome back');
    await expect(page.getByRole('button', { name: 'Unsubscribe' }).isVisible()).resolves.toBe(true);
    expect(await audience()).toMatchObject({ will_send: 1, unsubscribed: 0 });
    await page.context().close();
  });

  it('says a link that does not work does not work', async () => {
    const context = await browser.newContext(phone);
    const broken = await context.newPage();
    await broken.goto(`${origin(slug)}/unsubscribe?token=${'x'.repeat(40)}`, { waitUntil: 'networkidle' });
    await expect(broken.getByRole('alert').textContent()).resolves.toContain('This unsubscribe link does not work');
    await expect(broken.getByRole('button', { name: 'Unsubscribe' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(broken);
    await context.close();
  });
});
