/**
 * The storefront in a real browser: the API (embedded PostgreSQL, demo organizers) and the
 * storefront's server run as they do under `pnpm start` (tests/global-setup.ts), and Chromium
 * visits organizers' own host names (`<slug>.example.test`, mapped to this machine).
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot } from './browser';
import { apiAt, signUpOrganizer } from './organizer';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US' });
});

afterAll(async () => {
  await browser?.close();
});

const cardTitles = () => page.locator('.event-card h2').allInnerTexts();

describe("an organizer's storefront", () => {
  it("shows the organizer's published events on its own host, and no one else's", async () => {
    const response = await page.goto(origin('addis-cultural-center'));
    expect(response?.status()).toBe(200);
    await expect(page.locator('.brand').textContent()).resolves.toBe('Addis Cultural Center');
    const titles = await cardTitles();
    expect(titles).toEqual(
      expect.arrayContaining([
        'Enkutatash: Ethiopian New Year Gala',
        'Timkat Celebration',
        'Diaspora Film Night: "Lamb"',
      ]),
    );
    expect(titles.join(' ')).not.toMatch(/Town Hall|Fiestas|Afrobeats/);
    await expect(page.locator('.event-card', { hasText: 'Timkat' }).textContent()).resolves.toContain('Free');
  });

  it('switches to Amharic and keeps the choice', async () => {
    await page.goto(origin('addis-cultural-center'));
    await page.locator('.language-menu summary').click();
    await page.locator('.language-switcher a[lang="am"]').click();
    await page.waitForURL(/\/am$/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('am');
    expect(await cardTitles()).toContain('የእንቁጣጣሽ የአዲስ ዓመት ጋላ');
    await page.goto(origin('addis-cultural-center'));
    expect(await cardTitles()).toContain('የጥምቀት በዓል');
    await page.goto(`${origin('addis-cultural-center')}/?lang=en`);
  });

  it('opens an event with its tiers, prices and availability', async () => {
    await page.goto(origin('addis-cultural-center'));
    await page.getByRole('link', { name: 'Enkutatash: Ethiopian New Year Gala' }).click();
    await page.waitForURL(/\/events\//);
    const tiers = await page.locator('.tier').allInnerTexts();
    expect(tiers).toHaveLength(3);
    expect(tiers.join('\n')).toMatch(/General admission[\s\S]*\$65\.00/);
    expect(tiers.join('\n')).toMatch(/VIP table seat[\s\S]*\$150\.00/);
    expect(tiers.join('\n')).toMatch(/Student[\s\S]*\$25\.00/);
  });

  it("shows seats sold elsewhere within seconds, though it keeps the API's answers a moment", async () => {
    const apiUrl = inject('apiUrl');
    const api = apiAt(apiUrl);
    const slug = `e2e-seats-${randomBytes(3).toString('hex')}`;
    const { token } = await signUpOrganizer(apiUrl, {
      email: `owner-${slug}@example.org`,
      password: 'correct horse battery staple',
      display_name: 'Selam Tesfaye',
      organizer: { name: 'Lalibela Youth Choir', slug, time_zone: 'America/New_York' },
    });
    const startsAt = new Date(Date.now() + 20 * 86_400_000);
    const event = await api<{ id: string; tiers: { id: string }[] }>(
      'POST',
      '/v1/events',
      {
        title: { en: 'Choir evening' },
        category: 'festival',
        city: 'Washington',
        state: 'DC',
        time_zone: 'America/New_York',
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        tiers: [{ name: { en: 'Pew' }, price_cents: 1000, quantity: 3 }],
      },
      token,
    );
    await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
    const pew = page.locator('.tier', { hasText: 'Pew' });
    await page.goto(`${origin(slug)}/events/${event.id}`);
    await expect(pew.textContent()).resolves.toContain('Only 3 tickets left');
    // Held through the API, not through this storefront: nothing here drops its kept answer.
    await api('POST', `/v1/public/organizers/${slug}/orders`, {
      buyer: { name: 'Abebe Kebede', email: `abebe-${slug}@example.org` },
      tickets: [{ tier_id: event.tiers[0]?.id, quantity: 3 }],
    });
    // The API keeps its catalog answers up to CATALOG_CACHE_TTL_MS (5 s), the storefront a second more.
    await expect
      .poll(
        async () => {
          await page.reload();
          return pew.textContent();
        },
        { timeout: 10_000, interval: 250 },
      )
      .toContain('Sold out');
  });

  it("speaks each visitor's language among the organizer's", async () => {
    const english = await page.goto(origin('casa-latina-houston'));
    expect(english?.status()).toBe(200);
    expect(await cardTitles()).toContain('Mexican Independence Day Celebration');

    const context = await browser.newContext({ locale: 'es-MX' });
    try {
      const spanish = await context.newPage();
      await spanish.goto(origin('casa-latina-houston'));
      await expect(spanish.locator('html').getAttribute('lang')).resolves.toBe('es');
      const titles = await spanish.locator('.event-card h2').allInnerTexts();
      expect(titles).toContain('Fiestas Patrias: Grito de Independencia');
      await expect(spanish.locator('h1').textContent()).resolves.not.toBe('Upcoming events');
    } finally {
      await context.close();
    }
  });

  it("answers a host that is no organizer's with a 404 page that names no other store", async () => {
    const response = await page.goto(origin('nobody-here'));
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('There is no event store at this address.');
    await expect(page.locator('main').textContent()).resolves.toContain('ask the organizer for their link');
    expect(await page.locator('.local-stores a').count()).toBe(0);
  });

  it('lists the stores at their own addresses on http://localhost, the address a newcomer tries first', async () => {
    const response = await page.goto(`http://localhost:${inject('storefrontPort')}/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Stores on this machine');
    await expect(page.locator('main').textContent()).resolves.toContain('Access Plus is running on this machine.');
    const stores = page.locator('.local-stores a');
    expect(await stores.allInnerTexts()).toEqual(
      expect.arrayContaining(['Addis Cultural Center', 'Casa Latina Houston', 'Lagos to Atlanta Collective']),
    );
    // Only organizers with published events are listed, each once.
    const names = await stores.allInnerTexts();
    expect(new Set(names).size).toBe(names.length);
    const addis = stores.filter({ hasText: 'Addis Cultural Center' });
    await expect(addis.getAttribute('href')).resolves.toBe(`${origin('addis-cultural-center')}/`);
    await screenshot(page, 'local-storefronts');

    await addis.click();
    await page.waitForURL(`${origin('addis-cultural-center')}/`);
    await expect(page.locator('.brand').textContent()).resolves.toBe('Addis Cultural Center');

    const context = await browser.newContext({ locale: 'es-MX', viewport: { width: 390, height: 844 } });
    try {
      const spanish = await context.newPage();
      await spanish.goto(`http://localhost:${inject('storefrontPort')}/`);
      await expect(spanish.locator('html').getAttribute('lang')).resolves.toBe('es');
      await expect(spanish.locator('h1').textContent()).resolves.toBe('Tiendas en este equipo');
      await expect(spanish.locator('main').textContent()).resolves.toContain(
        'Access Plus está funcionando en este equipo.',
      );
      expect(await spanish.locator('.local-stores a').count()).toBeGreaterThanOrEqual(3);
      await screenshot(spanish, 'local-storefronts-es-phone');
    } finally {
      await context.close();
    }
  });
});
