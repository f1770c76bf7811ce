/**
 * The storefront in a real browser: the API (embedded PostgreSQL, demo organizers) and the
 * storefront's server run as they do under `pnpm start` (tests/global-setup.ts), and Chromium
 * visits organizers' own host names (`<slug>.example.test`, mapped to this machine).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, origin } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US' });
});

afterAll(async () => {
  await browser?.close();
});

const cardTitles = () => page.locator('.event-card h3').allInnerTexts();

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
    await page.locator('.language-switcher a[lang="am"]').click();
    await page.waitForURL(/lang=am/);
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

  it("speaks each visitor's language among the organizer's", async () => {
    const english = await page.goto(origin('casa-latina-houston'));
    expect(english?.status()).toBe(200);
    expect(await cardTitles()).toContain('Mexican Independence Day Celebration');

    const context = await browser.newContext({ locale: 'es-MX' });
    try {
      const spanish = await context.newPage();
      await spanish.goto(origin('casa-latina-houston'));
      await expect(spanish.locator('html').getAttribute('lang')).resolves.toBe('es');
      const titles = await spanish.locator('.event-card h3').allInnerTexts();
      expect(titles).toContain('Fiestas Patrias: Grito de Independencia');
      await expect(spanish.locator('h1').textContent()).resolves.not.toBe('Upcoming events');
    } finally {
      await context.close();
    }
  });

  it("answers a host that is no organizer's with a 404 page", async () => {
    const response = await page.goto(origin('nobody-here'));
    expect(response?.status()).toBe(404);
  });
});
