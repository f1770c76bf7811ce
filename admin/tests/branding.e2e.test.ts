/**
 * Settings → Branding in Chromium: a value the API refuses is shown beside its field and nothing
 * is saved; a color that reads badly is flagged as it is picked, with a readable one a click
 * away; and a saved brand is what the organizer's storefront wears.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  shot,
  signIn,
  signUp,
  startAdminStack,
  submitForm,
  watchCsp,
} from './harness';

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let context: BrowserContext;
let page: Page;
const files = { logo: '', wide: '' };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack({}, { storefront: true }), launchChromium()]);
  owner = await signUp(stack.call, 'Harar Heritage Circle', 'Selam Tesfaye');
  const folder = await mkdtemp(path.join(tmpdir(), 'branding-e2e-'));
  files.logo = path.join(folder, 'logo.png');
  files.wide = path.join(folder, 'wide.png');
  await sharp({ create: { width: 600, height: 200, channels: 3, background: '#7a1f3d' } })
    .composite([
      { input: Buffer.from('<svg width="600" height="200"><circle cx="100" cy="100" r="70" fill="#fff"/></svg>') },
    ])
    .png()
    .toFile(files.logo);
  await sharp({ create: { width: 900, height: 300, channels: 3, background: '#0b6e4f' } })
    .png()
    .toFile(files.wide);
  context = await browser.newContext({ locale: 'en-US', ...DESKTOP });
  page = await signIn(stack.adminUrl, context, owner.email);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const branding = () =>
  stack.call<{ updated_at: string | null; brand_color: string | null; favicon: unknown }>(
    'GET',
    '/v1/organizer/branding',
    { token: owner.token },
  );

async function openBranding() {
  await page.goto(`${stack.adminUrl}/settings/branding`, { waitUntil: 'networkidle' });
}

describe('Settings → Branding', () => {
  it('refuses a color that is not one beside its field, and saves nothing', async () => {
    await openBranding();
    await page.getByLabel('Brand color', { exact: true }).fill('blue');
    await page.locator('#brand_color-verdict').getByText('Type a color as # and six hexadecimal digits').waitFor();
    await submitForm(page, 'Save branding');
    await expect(page.locator('#brand_color-error').textContent()).resolves.toMatch(
      /Brand color must be # and six hexadecimal digits/,
    );
    await expect(page.getByLabel('Brand color', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await branding()).updated_at).toBeNull();
  });

  it('refuses an icon that is not square beside its field, and saves nothing', async () => {
    await openBranding();
    await page.getByLabel('Brand color', { exact: true }).fill('#0b6e4f');
    await page.getByLabel('Icon', { exact: true }).setInputFiles(files.wide);
    await submitForm(page, 'Save branding');
    await expect(page.locator('#favicon-error').textContent()).resolves.toContain('An icon must be square');
    // The color typed is still there to save once the icon is fixed.
    await expect(page.getByLabel('Brand color', { exact: true }).inputValue()).resolves.toBe('#0b6e4f');
    const stored = await branding();
    expect(stored).toMatchObject({ updated_at: null, brand_color: null, favicon: null });
  });

  it('flags a color that reads badly as it is picked, and offers the nearest readable one', async () => {
    await openBranding();
    const brand = page.getByLabel('Brand color', { exact: true });
    await brand.fill('#f4c430');
    const verdict = page.locator('#brand_color-verdict');
    await verdict.getByText('Hard to read').waitFor();
    const suggest = verdict.getByRole('button', { name: /Use suggested color #[0-9a-f]{6}/ });
    const suggested = (await suggest.textContent())?.match(/#[0-9a-f]{6}/)?.[0];
    await suggest.click();
    await expect(brand.inputValue()).resolves.toBe(suggested);
    await verdict.getByText('Readable').waitFor();
    await shot(page, 'branding-suggested');
  });

  it("saves a logo, colors and a font, and the organizer's storefront wears them", async () => {
    await openBranding();
    await page.getByLabel('Logo', { exact: true }).setInputFiles(files.logo);
    await page.getByLabel('Brand color', { exact: true }).fill('#7a1f3d');
    await page.getByLabel('Page background', { exact: true }).fill('#fdf8f3');
    await page.getByLabel('Noto Serif').check();
    await submitForm(page, 'Save branding');
    await page.getByText('Saved. Your storefront shows it now.').waitFor();
    await page.locator('img.current.logo').waitFor();
    await expectNoAxeViolations(page, 'the branding page, saved');
    await shot(page, 'branding-saved-desktop');
    const saved = await stack.call<{ brand_color: string; font: string; logo: { url: string } | null }>(
      'GET',
      '/v1/organizer/branding',
      { token: owner.token },
    );
    expect(saved).toMatchObject({ brand_color: '#7a1f3d', font: 'noto_serif' });
    expect(saved.logo).not.toBeNull();

    const phone = await browser.newContext({ locale: 'en-US', ...PHONE, storageState: await context.storageState() });
    try {
      const small = await phone.newPage();
      await small.goto(`${stack.adminUrl}/settings/branding`, { waitUntil: 'networkidle' });
      // Nothing of the page runs off a phone's screen (a phone widens the page to what overflows).
      const wider = await small.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((element) => element.getBoundingClientRect().right > 390)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
      );
      expect(wider).toEqual([]);
      await expect(small.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await shot(small, 'branding-phone');
    } finally {
      await phone.close();
    }

    const buyer = await browser.newPage({ locale: 'en-US' });
    const refused: string[] = [];
    watchCsp(buyer, refused);
    await buyer.goto(stack.storefrontOrigin(owner.slug), { waitUntil: 'networkidle' });
    const header = await buyer.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(header).toBe('rgb(122, 31, 61)');
    const background = await buyer.locator('body').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(background).toBe('rgb(253, 248, 243)');
    await expect(buyer.locator('.brand img').getAttribute('src')).resolves.toBe(saved.logo?.url);
    await expect(buyer.locator('.brand img').getAttribute('alt')).resolves.toBe('Harar Heritage Circle');
    const font = await buyer.locator('body').evaluate((element) => getComputedStyle(element).fontFamily);
    expect(font).toContain('Noto Serif Variable');
    // The storefront's own copy of the font, fetched for the page's Latin text.
    const loaded = await buyer.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts]
        .filter((face) => face.family.replaceAll('"', '') === 'Noto Serif Variable' && face.status === 'loaded')
        .map((face) => face.unicodeRange);
    });
    expect(loaded.length).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    await shot(buyer, 'branding-storefront');
    await buyer.close();
  }, 120_000);
});
