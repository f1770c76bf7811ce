/**
 * The organizer's page and the event filters on a phone, in Chromium: the profile the organizer
 * gave, a contact form that refuses a bad email beside the field and delivers a good message to
 * the organizer's inbox (the local mail sink), and date, city and price filters that narrow the
 * list, keep their values and say so when nothing matches. axe-core finds nothing wrong.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, origin, screenshot } from './browser';
import { api, signUpOrganizer } from './organizer';

const suffix = randomBytes(3).toString('hex');
const slug = `e2e-about-${suffix}`;
const contactEmail = `hello-${suffix}@casa-latina.example`;
const DAY = 86_400_000;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };

let browser: Browser;
let token: string;

/** A day `days` from now as the date inputs take it; the events are far enough apart for any zone. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function publish(title: string, city: string, inDays: number, priceCents: number) {
  const startsAt = new Date(Date.now() + inDays * DAY);
  startsAt.setUTCHours(23, 0, 0, 0);
  const event = await api<{ id: string }>(
    'POST',
    '/v1/events',
    {
      title: { en: title },
      description: { en: 'Music, food and friends.' },
      category: 'festival',
      languages: ['en'],
      venue_name: 'Community Hall',
      city,
      state: 'TX',
      time_zone: 'America/Chicago',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: priceCents, quantity: 50 }],
    },
    token,
  );
  await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
}

beforeAll(async () => {
  ({ token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Lucía Ramírez',
    organizer: { name: 'Casa Latina del Norte', slug, time_zone: 'America/Chicago', locales: ['en', 'es'] },
  }));
  await api(
    'PATCH',
    '/v1/organizer',
    {
      contact_email: contactEmail,
      about: {
        en: 'Casa Latina brings Houston’s Latin American families together.\n\nWe host concerts, picnics and poetry nights all year.',
      },
      contact_phone: '+1 713 555 0143',
      address_line: '2100 Navigation Blvd',
      city: 'Houston',
      state: 'TX',
      postal_code: '77003',
      website_url: 'https://casa-latina.example',
      social_links: { instagram: '@casalatinahtx', whatsapp: '+1 713 555 0143', facebook: 'casalatinahtx' },
    },
    token,
  );
  await publish('Harvest Concert', 'Houston', 5, 4000);
  await publish('Family Picnic', 'Austin', 40, 0);
  await publish('Poetry Night', 'Houston', 70, 1500);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A page in a context of its own, which axe-core needs to look into frames. */
async function openPage(options: typeof phone): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

async function titles(page: Page): Promise<string[]> {
  return (await page.locator('.event-grid h2, .event-grid h3').allTextContents()).map((text) => text.trim()).sort();
}

describe("the organizer's page", () => {
  it('shows the profile, refuses a bad email beside the field, and delivers a good message', async () => {
    const page = await openPage(phone);
    try {
      await page.goto(origin(slug), { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: 'About us & contact' }).click();
      await page.waitForURL(/\/about$/);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Casa Latina del Norte');
      const main = page.locator('main');
      expect(await main.textContent()).toContain('We host concerts, picnics and poetry nights all year.');
      expect(await main.locator('.about-text p').count()).toBe(2);
      expect(await main.getByRole('link', { name: contactEmail }).getAttribute('href')).toBe(`mailto:${contactEmail}`);
      expect(await main.getByRole('link', { name: '+1 713 555 0143' }).getAttribute('href')).toBe('tel:+17135550143');
      expect(await main.locator('.address').textContent()).toBe('2100 Navigation Blvd\nHouston, TX\n77003');
      const instagram = main.getByRole('link', { name: /^Instagram/ });
      expect(await instagram.getAttribute('href')).toBe('https://www.instagram.com/casalatinahtx');
      expect(await instagram.getAttribute('rel')).toBe('noopener noreferrer me');
      expect(await main.getByRole('link', { name: /^WhatsApp/ }).getAttribute('href')).toBe(
        'https://wa.me/17135550143',
      );
      expect(await main.getByRole('link', { name: /^casa-latina\.example/ }).getAttribute('href')).toBe(
        'https://casa-latina.example/',
      );
      await expectNoAxeViolations(page);
      await screenshot(page, 'organizer-page-phone');

      const marker = `Is there parking near the hall? ${suffix}`;
      await page.getByLabel('Name').fill('Ana Gómez');
      await page.getByLabel('Email').fill('ana-at-example.org');
      await page.getByLabel('Your message').fill(marker);
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.waitForLoadState('networkidle');
      const emailError = page.locator('#contact-email-error');
      expect(await emailError.textContent()).toBe('Enter your email address.');
      expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
      // What was typed stays.
      expect(await page.getByLabel('Your message').inputValue()).toBe(marker);
      expect(await page.getByLabel('Name').inputValue()).toBe('Ana Gómez');
      await screenshot(page, 'organizer-page-bad-email');

      await page.getByLabel('Email').fill('ana.gomez@example.org');
      await page.getByLabel('Order number (optional)').fill('NOSUCH12');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('status').textContent()).toContain('Thank you. Your message is on its way');
      expect(await page.locator('#contact-email-error').count()).toBe(0);
      await screenshot(page, 'organizer-page-sent');

      let received: { to: string; subject: string; text: string } | undefined;
      for (let waited = 0; waited < 20_000 && !received; waited += 200) {
        const mailbox = await api<{ data: { to: string; subject: string; text: string }[] }>(
          'GET',
          '/v1/dev/mailbox?limit=200',
        );
        received = mailbox.data.find((mail) => mail.text.includes(marker));
        if (!received) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(received?.to).toContain(contactEmail);
      expect(received?.subject).toBe('Message from Ana Gómez via your storefront');
      expect(received?.text).toContain('They gave the order reference "NOSUCH12", which does not match');
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('reads in Spanish too', async () => {
    const page = await openPage({ ...phone, locale: 'es-US' });
    try {
      await page.goto(`${origin(slug)}/about?lang=es`, { waitUntil: 'networkidle' });
      expect(await page.getByRole('heading', { name: 'Escríbanos' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Enviar mensaje' }).count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});

describe('the event filters', () => {
  it('narrow the list by city, price and dates, keep their values, and say when nothing matches', async () => {
    const page = await openPage(phone);
    try {
      await page.goto(origin(slug), { waitUntil: 'networkidle' });
      expect(await titles(page)).toEqual(['Family Picnic', 'Harvest Concert', 'Poetry Night']);

      await page.getByLabel('City').fill('austin');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/city=austin/);
      expect(await titles(page)).toEqual(['Family Picnic']);
      expect(await page.getByLabel('City').inputValue()).toBe('austin');

      await page.goto(`${origin(slug)}/`, { waitUntil: 'networkidle' });
      await page.getByLabel('Price').selectOption({ label: 'Free' });
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/price=free/);
      expect(await titles(page)).toEqual(['Family Picnic']);

      await page.getByLabel('Price').selectOption({ label: 'Up to $25' });
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/price=upto-25/);
      expect(await titles(page)).toEqual(['Family Picnic', 'Poetry Night']);
      expect(await page.getByLabel('Price').inputValue()).toBe('upto-25');

      await page.goto(`${origin(slug)}/`, { waitUntil: 'networkidle' });
      await page.getByLabel('From').fill(dayFromNow(60));
      await page.getByLabel('To').fill(dayFromNow(80));
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/from=/);
      expect(await titles(page)).toEqual(['Poetry Night']);
      expect(await page.getByLabel('From').inputValue()).toBe(dayFromNow(60));

      await page.getByLabel('City').fill('Austin');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/city=Austin/);
      expect(await titles(page)).toEqual([]);
      expect(await page.locator('main').textContent()).toContain('No events match your search.');
      await expectNoAxeViolations(page);
      await screenshot(page, 'filters-no-match-phone');
      await page.getByRole('link', { name: 'Show all events' }).click();
      await page.waitForLoadState('networkidle');
      expect(await titles(page)).toEqual(['Family Picnic', 'Harvest Concert', 'Poetry Night']);

      await page.goto(`${origin(slug)}/?city=Houston&price=upto-50`, { waitUntil: 'networkidle' });
      expect(await titles(page)).toEqual(['Harvest Concert', 'Poetry Night']);
      await expectNoAxeViolations(page);
      await screenshot(page, 'filters-houston-phone');
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
