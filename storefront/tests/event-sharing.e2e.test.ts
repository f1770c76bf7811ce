/**
 * What an event page tells the world beyond the buyer: search engines read it as a schema.org
 * Event, a link shared on WhatsApp or Facebook shows its title and picture (Open Graph), a visitor
 * adds it to their calendar and shares it. The organizer's description here tries to end the
 * page's data element and run a script; it must stay text.
 */
import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-share-${randomBytes(3).toString('hex')}`;
const TITLE = 'Eritrean Independence Day Gala';
const HOSTILE = 'Dinner & dance. </script><script>window.__ran = true; alert(1)</script><!-- and more';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let eventId: string;
let startsAt: Date;
const dialogs: string[] = [];

beforeAll(async () => {
  const { token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Senait Kidane',
    organizer: { name: 'Eritrean Community of Seattle', slug, time_zone: 'America/Los_Angeles' },
  });
  startsAt = new Date(Date.now() + 40 * 86_400_000);
  startsAt.setUTCHours(2, 30, 0, 0);
  const image = await fetch(`${inject('apiUrl')}/v1/images`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
    body: await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#1b5e20' } })
      .jpeg()
      .toBuffer(),
  }).then((response) => response.json() as Promise<{ id: string }>);
  const event = await api<{ id: string }>(
    'POST',
    '/v1/events',
    {
      title: { en: TITLE },
      description: { en: HOSTILE },
      category: 'festival',
      venue_name: 'Rainier Arts Center',
      address_line: '3515 S Alaska St',
      city: 'Seattle',
      state: 'WA',
      postal_code: '98118',
      time_zone: 'America/Los_Angeles',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 5 * 3_600_000).toISOString(),
      image_id: image.id,
      tiers: [
        { name: { en: 'General admission' }, price_cents: 3500, quantity: 300 },
        { name: { en: 'Family table' }, price_cents: 25000, quantity: 0 },
      ],
    },
    token,
  );
  eventId = event.id;
  await api('POST', `/v1/events/${eventId}/publish`, undefined, token);
  // The clipboard is only for secure pages: on this machine the store is plain http, as stores
  // are not on the web.
  browser = await launchBrowser([`--unsafely-treat-insecure-origin-as-secure=${origin(slug)}`]);
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin(slug) });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${origin(slug)}/events/${eventId}?utm_source=newsletter`, { waitUntil: 'networkidle' });
});

afterAll(async () => {
  await browser?.close();
});

const pageUrl = () => `${origin(slug)}/events/${eventId}`;

/** The store's answer to a path, asked from the page (the store's host name is the browser's to resolve). */
function storeAnswer(path: string): Promise<{ status: number; type: string | null; text: string }> {
  return page.evaluate(
    async (address) => {
      const response = await fetch(address);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    },
    `${origin(slug)}${path}`,
  );
}

describe('an event page, for search engines and shared links', () => {
  it('is a schema.org Event with its dates, place, picture, organizer and offers', async () => {
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(blocks).toHaveLength(1);
    const data = JSON.parse(blocks[0] ?? '');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: TITLE,
      description: HOSTILE,
      startDate: startsAt.toISOString(),
      endDate: new Date(startsAt.getTime() + 5 * 3_600_000).toISOString(),
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      url: pageUrl(),
      location: {
        '@type': 'Place',
        name: 'Rainier Arts Center',
        address: {
          streetAddress: '3515 S Alaska St',
          addressLocality: 'Seattle',
          addressRegion: 'WA',
          postalCode: '98118',
          addressCountry: 'US',
        },
      },
      organizer: { '@type': 'Organization', name: 'Eritrean Community of Seattle', url: `${origin(slug)}/` },
      offers: [
        { '@type': 'Offer', price: '35.00', priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
        { '@type': 'Offer', price: '250.00', priceCurrency: 'USD', availability: 'https://schema.org/SoldOut' },
      ],
    });
    expect(data.image[0]).toMatch(/\/v1\/images\/[0-9a-f]{64}\.webp$/);
  });

  it("keeps the organizer's text as text: no script ran, no dialog opened, and the page is whole", async () => {
    expect(await page.evaluate(() => (window as { __ran?: boolean }).__ran)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('.description').textContent()).toBe(HOSTILE);
    expect(await page.getByRole('heading', { name: 'Tickets', exact: true }).count()).toBe(1);
  });

  it('names itself for shared links without the query it was opened with', async () => {
    const meta = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute('content');
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(pageUrl());
    expect(await meta('og:url')).toBe(pageUrl());
    expect(await meta('og:title')).toBe(TITLE);
    expect(await meta('og:site_name')).toBe('Eritrean Community of Seattle');
    expect(await meta('og:description')).toBe(HOSTILE);
    expect(await meta('og:image')).toMatch(/\/v1\/images\/[0-9a-f]{64}\.webp$/);
    expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
  });
});

describe('adding the event to a calendar', () => {
  it('downloads a calendar file with the event at its instants, its place and its page', async () => {
    const link = page.getByRole('link', { name: 'Apple, Outlook and others (.ics)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('event.ics');
    const answer = await storeAnswer(`/events/${eventId}/calendar.ics`);
    expect(answer.type).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(answer.text));
    const [entry] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(entry);
    expect(event.summary).toBe(TITLE);
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(5 * 3_600_000);
    expect(event.location).toBe('Rainier Arts Center, 3515 S Alaska St, Seattle, WA 98118');
    expect(event.uid).toBe(`event-${eventId}@${slug}.example.test`);
    expect(entry?.getFirstPropertyValue('url')).toBe(pageUrl());
  });

  it('opens Google Calendar filled in with the event', async () => {
    const href = await page.getByRole('link', { name: 'Google Calendar' }).getAttribute('href');
    const url = new URL(href ?? '');
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: 'TEMPLATE',
      text: TITLE,
      dates: `${utc(startsAt)}/${utc(new Date(startsAt.getTime() + 5 * 3_600_000))}`,
      details: pageUrl(),
      location: 'Rainier Arts Center, 3515 S Alaska St, Seattle, WA 98118',
    });
  });

  it('is answered 404 for an event that is not this store’s or not an event', async () => {
    expect((await storeAnswer('/events/not-an-id/calendar.ics')).status).toBe(404);
    expect((await storeAnswer('/events/00000000-0000-4000-8000-000000000000/calendar.ics')).status).toBe(404);
  });
});

describe('sharing the event', () => {
  it('links to WhatsApp, Facebook, X and email with the page and its title', async () => {
    const shared = page.locator('.event-links');
    const whatsapp = new URL((await shared.getByRole('link', { name: 'WhatsApp' }).getAttribute('href')) ?? '');
    expect(whatsapp.searchParams.get('text')).toBe(`${TITLE} ${pageUrl()}`);
    const facebook = new URL((await shared.getByRole('link', { name: 'Facebook' }).getAttribute('href')) ?? '');
    expect(facebook.searchParams.get('u')).toBe(pageUrl());
    const x = new URL((await shared.getByRole('link', { name: 'X', exact: true }).getAttribute('href')) ?? '');
    expect([x.searchParams.get('text'), x.searchParams.get('url')]).toEqual([TITLE, pageUrl()]);
    const mail = (await shared.getByRole('link', { name: 'Email' }).getAttribute('href')) ?? '';
    expect(decodeURIComponent(mail)).toBe(`mailto:?subject=${TITLE}&body=${TITLE} ${pageUrl()}`);
  });

  it('copies the page’s address, and says so', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.locator('.event-links [role="status"]').textContent()).toBe('Link copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pageUrl());
    await screenshot(page, 'event-sharing-phone');
  });
});
