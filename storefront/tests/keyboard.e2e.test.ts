/**
 * A purchase made with the keyboard alone, as by a buyer who cannot use a pointer: every stop on
 * the way shows where the focus is, and the tickets arrive.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tabTo } from '../../scripts/e2e-keyboard';
import { launchBrowser, origin, screenshot, submitPayment } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-keyboard-${randomBytes(3).toString('hex')}`;
let browser: Browser;
let eventId: string;

beforeAll(async () => {
  const { token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Ruth Mekonnen',
    organizer: { name: 'Keyboard Hall', slug, time_zone: 'America/Chicago' },
  });
  const startsAt = new Date(Date.now() + 15 * 86_400_000);
  const event = await api<{ id: string }>(
    'POST',
    '/v1/events',
    {
      title: { en: 'Harvest Supper' },
      category: 'community-meeting',
      venue_name: 'Fellowship Hall',
      city: 'Minneapolis',
      state: 'MN',
      time_zone: 'America/Chicago',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'Supper' }, price_cents: 1200, quantity: 40, max_per_order: 4 }],
    },
    token,
  );
  eventId = event.id;
  await api('POST', `/v1/events/${eventId}/publish`, undefined, token);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('buying with the keyboard alone', () => {
  it('goes from the store to paid tickets without a pointer, the focus shown at every stop', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(origin(slug));
      // The first stop skips to the content.
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to content');

      await tabTo(page, (focused) => focused.href === `/events/${eventId}`);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/events\//);

      await tabTo(page, (focused) => focused.tag === 'select');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('select[form="checkout"]').inputValue()).resolves.toBe('2');
      await tabTo(page, (focused) => focused.name === 'name');
      await page.keyboard.type('Ruth Alemu');
      await tabTo(page, (focused) => focused.name === 'email');
      await page.keyboard.type(`ruth-${slug}@example.org`);
      await tabTo(page, (focused) => focused.tag === 'button' && focused.type === 'submit' && !focused.formaction);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);

      await tabTo(page, (focused) => focused.name === 'card_number');
      await page.keyboard.type('4242 4242 4242 4242');
      await tabTo(page, (focused) => focused.tag === 'button' && focused.text.startsWith('Pay '));
      await submitPayment(page, () => page.keyboard.press('Enter'));
      await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Paid');
      await expect(page.locator('.ticket').count()).resolves.toBe(2);
      await screenshot(page, 'keyboard-order-paid-desktop');
    } finally {
      await context.close();
    }
  });
});
