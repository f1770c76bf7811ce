/**
 * Organizers' brands in Chromium: two organizers' storefronts each wear their own colors, logo,
 * cover image and font (self-hosted, under the storefront's content security policy), a store
 * without a brand looks as the platform's own, and axe-core finds nothing wrong on a branded page.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, origin, screenshot } from './browser';
import { signUpOrganizer } from './organizer';

const apiUrl = inject('apiUrl');
const suffix = randomBytes(3).toString('hex');
const maroon = { slug: `e2e-brand-maroon-${suffix}`, name: 'Harar Heritage Circle' };
const green = { slug: `e2e-brand-green-${suffix}`, name: 'Bahia Roots Association' };

let browser: Browser;
const logos: Record<string, string> = {};

async function api<T>(method: string, path: string, body: unknown, token: string, type = 'application/json') {
  const json = type === 'application/json';
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': type }), authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as Uint8Array<ArrayBuffer>),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function image(
  token: string,
  width: number,
  height: number,
  color: string,
): Promise<{ id: string; url: string }> {
  const png = await sharp({ create: { width, height, channels: 3, background: color } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="${height / 2}" cy="${height / 2}" r="${height / 3}" fill="#fff"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();
  return api('POST', '/v1/images', new Uint8Array(png), token, 'image/png');
}

/** An organizer with a published event and the brand given, its images uploaded by the API. */
async function brandedOrganizer(who: { slug: string; name: string }, brand: Record<string, unknown>, color: string) {
  const { token } = await signUpOrganizer(apiUrl, {
    email: `owner-${who.slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Selam Tesfaye',
    organizer: { name: who.name, slug: who.slug, time_zone: 'America/New_York' },
  });
  const startsAt = new Date(Date.now() + 20 * 86_400_000);
  startsAt.setUTCHours(22, 0, 0, 0);
  const event = await api<{ id: string }>(
    'POST',
    '/v1/events',
    {
      title: { en: `${who.name} spring gathering` },
      description: { en: 'Music, food and stories.' },
      category: 'festival',
      languages: ['en'],
      venue_name: 'Community Hall',
      city: 'Washington',
      state: 'DC',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: 1500, quantity: 50 }],
    },
    token,
  );
  await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
  const [logo, favicon, hero] = await Promise.all([
    image(token, 600, 200, color),
    image(token, 256, 256, color),
    image(token, 1600, 500, color),
  ]);
  logos[who.slug] = (
    await api<{ logo: { url: string } }>(
      'PATCH',
      '/v1/organizer/branding',
      { ...brand, logo_image_id: logo.id, favicon_image_id: favicon.id, hero_image_id: hero.id },
      token,
    )
  ).logo.url;
}

beforeAll(async () => {
  await Promise.all([
    brandedOrganizer(maroon, { brand_color: '#7a1f3d', background_color: '#fdf8f3', font: 'noto_serif' }, '#7a1f3d'),
    brandedOrganizer(green, { brand_color: '#0b6e4f', text_color: '#14213d', font: 'noto_sans' }, '#0b6e4f'),
  ]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface Look {
  header: string;
  button: string;
  background: string;
  text: string;
  font: string;
  logo: string | null;
  icon: string | null;
  hero: boolean;
  /** The families of the brand's own fonts the page has loaded. */
  loadedFonts: string[];
}

async function lookOf(page: Page): Promise<Look> {
  const style = (selector: string, property: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
  return {
    header: await style('.site-header', 'background-color'),
    button: await style('.filters .button', 'background-color'),
    background: await style('body', 'background-color'),
    text: await style('body', 'color'),
    font: await style('body', 'font-family'),
    logo: (await page.locator('.brand img').count()) > 0 ? await page.locator('.brand img').getAttribute('src') : null,
    icon: await page.locator('link[rel="icon"]').getAttribute('href'),
    hero: (await page.locator('img.hero').count()) > 0,
    loadedFonts: await page.evaluate(async () => {
      await document.fonts.ready;
      const families = new Set<string>();
      for (const face of document.fonts) if (face.status === 'loaded') families.add(face.family.replaceAll('"', ''));
      return [...families].sort();
    }),
  };
}

async function visit(slug: string, name: string) {
  const page = await browser.newPage({ locale: 'en-US' });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  const response = await page.goto(origin(slug), { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  await screenshot(page, name);
  return { page, refused };
}

describe("an organizer's brand on its storefront", () => {
  it('shows each organizer its own colors, logo, icon, cover image and font', async () => {
    const first = await visit(maroon.slug, 'branded-maroon');
    const second = await visit(green.slug, 'branded-green');
    try {
      expect(await lookOf(first.page)).toEqual({
        header: 'rgb(122, 31, 61)',
        button: 'rgb(122, 31, 61)',
        background: 'rgb(253, 248, 243)',
        text: 'rgb(31, 41, 55)',
        font: expect.stringMatching(
          /^"Noto Serif Variable", "Noto Serif Ethiopic Variable", "Noto Naskh Arabic Variable"/,
        ),
        logo: logos[maroon.slug],
        icon: expect.stringMatching(/\/v1\/images\/[0-9a-f]{64}\.webp$/),
        hero: true,
        loadedFonts: ['Noto Serif Variable'],
      });
      await expect(first.page.locator('.brand img').getAttribute('alt')).resolves.toBe(maroon.name);
      expect(await lookOf(second.page)).toEqual({
        header: 'rgb(11, 110, 79)',
        button: 'rgb(11, 110, 79)',
        background: 'rgb(246, 247, 249)',
        text: 'rgb(20, 33, 61)',
        font: expect.stringMatching(
          /^"Noto Sans Variable", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable"/,
        ),
        logo: logos[green.slug],
        icon: expect.stringMatching(/\/v1\/images\/[0-9a-f]{64}\.webp$/),
        hero: true,
        loadedFonts: ['Noto Sans Variable'],
      });
      expect(first.refused).toEqual([]);
      expect(second.refused).toEqual([]);
    } finally {
      await first.page.close();
      await second.page.close();
    }
  });

  it('fetches the Ethiopic and Arabic fonts from the storefront itself only where the page has those letters', async () => {
    const { page } = await visit(maroon.slug, 'branded-maroon-scripts');
    try {
      const fonts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'font') fonts.push(request.url());
      });
      await page.evaluate(() => {
        const line = document.createElement('p');
        line.textContent = 'ሰላም · مرحبا';
        document.querySelector('main')?.append(line);
      });
      await page.waitForFunction(
        () =>
          document.fonts.status === 'loaded' &&
          [...document.fonts].filter((face) => face.status === 'loaded').length >= 3,
      );
      const loaded = await lookOf(page);
      expect(loaded.loadedFonts).toEqual([
        'Noto Naskh Arabic Variable',
        'Noto Serif Ethiopic Variable',
        'Noto Serif Variable',
      ]);
      for (const url of fonts) expect(new URL(url).origin).toBe(origin(maroon.slug));
    } finally {
      await page.close();
    }
  });

  it('looks as before on a store without a brand', async () => {
    const { page, refused } = await visit('addis-cultural-center', 'unbranded-default');
    try {
      const look = await lookOf(page);
      expect(look).toMatchObject({
        header: 'rgb(29, 78, 216)',
        button: 'rgb(29, 78, 216)',
        background: 'rgb(246, 247, 249)',
        text: 'rgb(31, 41, 55)',
        logo: null,
        icon: '/favicon.svg',
        hero: false,
        loadedFonts: [],
      });
      expect(look.font).toMatch(/^system-ui/);
      await expect(page.locator('.brand').textContent()).resolves.toContain('Addis Cultural Center');
      expect(refused).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('passes axe-core on a branded page, on a phone too', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ locale: 'en-US', viewport });
      try {
        const page = await context.newPage();
        await page.goto(origin(maroon.slug), { waitUntil: 'networkidle' });
        await expectNoAxeViolations(page);
        if (viewport.width < 500) await screenshot(page, 'branded-maroon-phone');
      } finally {
        await context.close();
      }
    }
  });
});
