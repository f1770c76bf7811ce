/**
 * Organizers' themes in Chromium. Two organizers on Pro, each with its brand, theme and events:
 * one on its verified custom domain (its DNS records answered by a local DNS server the API asks),
 * the other on its platform address; each shows its own and never the other's. A preview link
 * shows the draft while the live site shows the published version, and rolling back restores
 * the one before. A theme made of an XSS corpus leaves the page working: no dialog, no script of
 * its own, no request to another site. The cart and payment pages carry no theme at all. axe-core
 * finds nothing on any page type, with the storefront's own look and with a theme.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, origin, screenshot, storefrontRoutes } from './browser';
import { type DnsZone, startDnsServer } from './dns-server';
import { CUSTOM_DOMAIN_ZONE } from './global-setup';
import { api, signUpOrganizer } from './organizer';

const suffix = randomBytes(3).toString('hex');
const CUSTOM_HOST = `tickets.${CUSTOM_DOMAIN_ZONE}`;
const customOrigin = () => `http://${CUSTOM_HOST}:${inject('storefrontPort')}`;

interface Organizer {
  slug: string;
  name: string;
  token: string;
  id: string;
  eventId: string;
  tierId: string;
  eventTitle: string;
}

let browser: Browser;
let dns: DnsZone;
const harar = { slug: `e2e-theme-harar-${suffix}`, name: 'Harar Coffee Guild' } as Organizer;
const bahia = { slug: `e2e-theme-bahia-${suffix}`, name: 'Salvador Samba Collective' } as Organizer;
const xss = { slug: `e2e-theme-xss-${suffix}`, name: 'Corpus Community Hall of Tests' } as Organizer;
const plain = { slug: `e2e-theme-plain-${suffix}`, name: 'Gondar Elders Circle' } as Organizer;

/** The API's command line against the first API's database, as an operator runs it. */
async function cli(...args: string[]): Promise<string> {
  const credentials = JSON.parse(await readFile(path.join(inject('postgresDir'), 'credentials.json'), 'utf8')) as {
    superuserPassword: string;
    port: number;
  };
  const url = `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${credentials.port}/accessplus`;
  return new Promise((resolve, reject) => {
    execFile(
      'pnpm',
      ['--filter', '@accessplus/api', 'exec', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

async function onPro(organizers: Organizer[]) {
  const email = `desk-${suffix}@example.org`;
  await signUpOrganizer(inject('apiUrl'), {
    email,
    password: 'correct horse battery staple',
    display_name: 'Jordan Reyes',
    organizer: { name: 'Access Plus Desk', slug: `e2e-theme-desk-${suffix}` },
  });
  expect(await cli('grant-staff', email)).toContain('is now platform staff');
  const { token } = await api<{ token: string }>('POST', '/v1/auth/sign-in', {
    email,
    password: 'correct horse battery staple',
  });
  for (const organizer of organizers) {
    await api('PUT', `/v1/staff/organizers/${organizer.id}/plan`, { plan: 'pro', reason: 'Theme tests' }, token);
  }
}

async function setUp(organizer: Organizer, eventTitle: string, brandColor: string) {
  const { token } = await signUpOrganizer(inject('apiUrl'), {
    email: `owner-${organizer.slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Selam Tesfaye',
    organizer: { name: organizer.name, slug: organizer.slug, time_zone: 'America/New_York' },
  });
  organizer.token = token;
  organizer.id = (await api<{ id: string }>('GET', '/v1/organizer', undefined, token)).id;
  await api('PATCH', '/v1/organizer/branding', { brand_color: brandColor }, token);
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      title: { en: eventTitle },
      description: { en: `${eventTitle}: music, food and friends.` },
      category: 'festival',
      venue_name: 'Community hall',
      city: 'Silver Spring',
      state: 'MD',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: 2500, quantity: 100 }],
    },
    token,
  );
  await api('POST', `/v1/events/${event.id}/publish`, undefined, token);
  organizer.eventId = event.id;
  organizer.tierId = event.tiers[0]?.id ?? '';
  organizer.eventTitle = eventTitle;
}

async function publishTheme(organizer: Organizer, draft: Record<string, string | null>) {
  await api('PATCH', '/v1/organizer/theme/draft', draft, organizer.token);
  return api<{ live_version: number }>('POST', '/v1/organizer/theme/publish', undefined, organizer.token);
}

function themeOf(organizer: Organizer, footer: string) {
  return {
    header: `<h2 class="masthead">{{organizer.name}}</h2><p class="motto">${organizer.name} motto</p>`,
    footer: `<p class="theme-note">${footer}</p>`,
    home_hero:
      '<section class="welcome"><h2>Welcome</h2><ul>{{#each (limit events 3)}}<li><a href="{{url}}">{{name}}</a> · {{date starts_at "short"}}</li>{{/each}}</ul></section>',
    event_sections:
      '<section class="sponsors"><h2>Our sponsors</h2><p>{{event.name}} is brought to you by {{organizer.name}}.</p></section>',
    css: `.masthead { margin: 0; letter-spacing: 0.04em } .welcome { padding: 1rem; border: 2px solid currentColor; border-radius: 8px }`,
  };
}

beforeAll(async () => {
  dns = await startDnsServer(inject('dnsPort'));
  await setUp(harar, 'Harar Coffee Ceremony', '#7a1f3d');
  await setUp(bahia, 'Bahia Samba Night', '#0b6e4f');
  await setUp(xss, 'Corpus Night', '#1d4ed8');
  await setUp(plain, 'Choir Evening', '#1d4ed8');
  await onPro([harar, bahia, xss]);

  // Harar's own domain, its records created at its DNS provider, checked now.
  const domain = await api<{ id: string; records: { purpose: string; name: string; value: string }[] }>(
    'POST',
    '/v1/organizer/domains',
    { hostname: CUSTOM_HOST },
    harar.token,
  );
  for (const record of domain.records) {
    if (record.purpose === 'ownership') dns.txt.set(record.name, [record.value]);
    if (record.purpose === 'routing') dns.cname.set(record.name, record.value);
  }
  const checked = await api<{ status: string }>(
    'POST',
    `/v1/organizer/domains/${domain.id}/checks`,
    undefined,
    harar.token,
  );
  expect(checked.status).toBe('verified');

  await publishTheme(harar, themeOf(harar, 'Harar footer, version 1'));
  await publishTheme(bahia, themeOf(bahia, 'Bahia footer'));
  browser = await launchBrowser([], [CUSTOM_HOST]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dns?.close();
});

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'en-US' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };

async function visit(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  return page;
}

const text = (page: Page) => page.locator('body').textContent();

describe('two organizers, two hosts', { timeout: 240_000 }, () => {
  it('each wears its own brand, theme and events, and never the other’s', async () => {
    for (const [organizer, home, other] of [
      [harar, customOrigin(), bahia],
      [bahia, origin(bahia.slug), harar],
    ] as const) {
      for (const [width, options] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const context = await browser.newContext(options);
        const page = await visit(context, `${home}/`);
        await expect(page.locator('.theme-header .masthead').textContent()).resolves.toBe(organizer.name);
        await expect(page.locator('.theme-hero .welcome li a').textContent()).resolves.toBe(organizer.eventTitle);
        await expect(page.locator('.theme-footer').textContent()).resolves.toContain(
          organizer === harar ? 'Harar footer, version 1' : 'Bahia footer',
        );
        // The theme's stylesheet, from this storefront, applies.
        await expect(
          page.locator('.theme-hero .welcome').evaluate((element) => getComputedStyle(element).borderTopStyle),
        ).resolves.toBe('solid');
        const body = await text(page);
        expect(body).not.toContain(other.name);
        expect(body).not.toContain(other.eventTitle);
        await expect(
          page.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor),
        ).resolves.toBe(organizer === harar ? 'rgb(122, 31, 61)' : 'rgb(11, 110, 79)');
        await screenshot(page, `theme-${organizer === harar ? 'harar-custom-domain' : 'bahia'}-home-${width}`);

        await page.goto(`${home}/events/${organizer.eventId}`, { waitUntil: 'networkidle' });
        await expect(page.locator('.theme-sections .sponsors p').textContent()).resolves.toBe(
          `${organizer.eventTitle} is brought to you by ${organizer.name}.`,
        );
        await screenshot(page, `theme-${organizer === harar ? 'harar-custom-domain' : 'bahia'}-event-${width}`);
        // The other organizer's event is not found here.
        const elsewhere = await page.goto(`${home}/events/${other.eventId}`);
        expect(elsewhere?.status()).toBe(404);
        await context.close();
      }
    }
  });

  it('keeps the theme off the cart and the payment page, which take the brand only', async () => {
    const context = await browser.newContext(PHONE);
    const page = await visit(context, `${customOrigin()}/events/${harar.eventId}`);
    await page.getByLabel('Quantity: General admission').selectOption('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${customOrigin()}/cart`);
    await page.waitForLoadState('networkidle');
    for (const place of ['cart', 'order']) {
      const html = await page.content();
      expect(html).not.toContain('masthead');
      expect(html).not.toContain('motto');
      expect(html).not.toContain('/theme.css');
      expect(await page.locator('.theme-header, .theme-footer, .theme-hero, .theme-sections').count()).toBe(0);
      // The brand's colors still apply.
      await expect(
        page.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor),
      ).resolves.toBe('rgb(122, 31, 61)');
      await expectNoAxeViolations(page);
      await screenshot(page, `theme-harar-custom-domain-${place}-phone`);
      if (place === 'cart') {
        await page.getByLabel('Full name').fill('Hanna Girma');
        await page.getByLabel('Email', { exact: true }).fill(`hanna-${suffix}@example.org`);
        await page.getByRole('button', { name: 'Continue to payment' }).click();
        await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
        await page.waitForLoadState('networkidle');
        expect(new URL(page.url()).host).toBe(`${CUSTOM_HOST}:${inject('storefrontPort')}`);
      }
    }
    await context.close();
  });
});

/** A held order of the organizer's, as a guest's order link opens it. */
async function heldOrder(organizer: Organizer): Promise<string> {
  const held = await api<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${organizer.slug}/orders`,
    {
      buyer: { name: 'Hanna Girma', email: `hanna-${organizer.slug}@example.org` },
      tickets: [{ tier_id: organizer.tierId, quantity: 1 }],
    },
  );
  return `/orders/${held.order.id}?token=${encodeURIComponent(held.access_token)}`;
}

describe('every page type', { timeout: 240_000 }, () => {
  it('has no accessibility violation, with the storefront’s own look and with a theme, on a phone and a desktop', async () => {
    const pages: Record<string, (organizer: Organizer) => Promise<string> | string> = {
      '/': () => '/',
      '/about': () => '/about',
      '/account': () => '/account',
      '/account/sign-in': () => '/account/sign-in',
      '/cart': () => '/cart',
      '/events/[id]': (organizer) => `/events/${organizer.eventId}`,
      '/orders/[id]': heldOrder,
      '/unsubscribe': () => '/unsubscribe',
    };
    expect(Object.keys(pages).sort()).toEqual(await storefrontRoutes());
    // axe on a phone, where layouts are tightest, for the storefront's own look and a theme; the
    // pages buyers go through photographed at both widths, for both themed organizers as well.
    const PHOTOGRAPHED = ['/', '/events/[id]', '/cart', '/orders/[id]'];
    for (const [look, organizer, home] of [
      ['own-look', plain, origin(plain.slug)],
      ['harar-custom-domain', harar, customOrigin()],
      ['bahia', bahia, origin(bahia.slug)],
    ] as const) {
      for (const [width, options] of [
        ['phone', PHONE],
        ['desktop', DESKTOP],
      ] as const) {
        const context = await browser.newContext(options);
        const page = await context.newPage();
        // Something in the cart, so the cart page shows its lines and form.
        await page.goto(`${home}/events/${organizer.eventId}`, { waitUntil: 'networkidle' });
        await page.getByLabel('Quantity: General admission').selectOption('1');
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.waitForURL(`${home}/cart`);
        for (const [route, at] of Object.entries(pages)) {
          if (width === 'desktop' && !PHOTOGRAPHED.includes(route)) continue;
          const response = await page.goto(`${home}${await at(organizer)}`, { waitUntil: 'networkidle' });
          expect(response?.status(), route).toBe(200);
          // Pages opened with a link's token (the order, unsubscribing) and the cart wear no theme.
          await expect(page.locator('.theme-header').count()).resolves.toBe(
            organizer !== plain && !['/cart', '/orders/[id]', '/unsubscribe'].includes(route) ? 1 : 0,
          );
          if (width === 'phone' && organizer !== bahia) await expectNoAxeViolations(page);
          await screenshot(
            page,
            `pages-${look}${route.replace(/[/[\]]+/g, '-').replace(/-$/, '') || '-home'}-${width}`,
          );
        }
        await context.close();
      }
    }
  });
});

describe('preview and rollback', { timeout: 240_000 }, () => {
  it('shows the draft through the preview link while buyers see the published version, and rolls back', async () => {
    await api(
      'PATCH',
      '/v1/organizer/theme/draft',
      { footer: '<p class="theme-note">Harar footer, draft</p>' },
      harar.token,
    );
    const link = await api<{ url: string }>('POST', '/v1/organizer/theme/preview-links', undefined, harar.token);
    // The link names the organizer's own domain (served with https in production); here, plain http.
    const previewUrl = new URL(link.url);
    expect(previewUrl.hostname).toBe(CUSTOM_HOST);
    const previewAt = `${customOrigin()}/?theme_preview=${previewUrl.searchParams.get('theme_preview')}`;

    const organizer = await browser.newContext(DESKTOP);
    const preview = await visit(organizer, previewAt);
    // The token leaves the address for a cookie, and the draft stays from page to page.
    expect(new URL(preview.url()).search).toBe('');
    await expect(preview.locator('.theme-footer').textContent()).resolves.toContain('Harar footer, draft');
    await expect(preview.getByRole('status').first().textContent()).resolves.toContain(
      'You are looking at the draft theme.',
    );
    await preview.goto(`${customOrigin()}/events/${harar.eventId}`, { waitUntil: 'networkidle' });
    await expect(preview.locator('.theme-footer').textContent()).resolves.toContain('Harar footer, draft');
    await expectNoAxeViolations(preview);
    await screenshot(preview, 'theme-harar-preview-desktop');

    const buyer = await browser.newContext(DESKTOP);
    const live = await visit(buyer, `${customOrigin()}/`);
    await expect(live.locator('.theme-footer').textContent()).resolves.toContain('Harar footer, version 1');
    await expect(live.locator('.theme-preview-note').count()).resolves.toBe(0);

    // Published: everyone sees version 2. Rolled back: version 1 again.
    expect(
      (await api<{ live_version: number }>('POST', '/v1/organizer/theme/publish', undefined, harar.token)).live_version,
    ).toBe(2);
    // The storefront keeps the organizer's profile, which names the live version, a second.
    await expect
      .poll(async () => {
        await live.reload({ waitUntil: 'networkidle' });
        return live.locator('.theme-footer').textContent();
      })
      .toContain('Harar footer, draft');
    await api('POST', '/v1/organizer/theme/versions/1/restore', undefined, harar.token);
    await expect
      .poll(async () => {
        await live.reload({ waitUntil: 'networkidle' });
        return live.locator('.theme-footer').textContent();
      })
      .toContain('Harar footer, version 1');

    // A link replaced by a newer one shows the published storefront, and says so.
    await api('POST', '/v1/organizer/theme/preview-links', undefined, harar.token);
    await preview.goto(`${customOrigin()}/`, { waitUntil: 'networkidle' });
    await expect(preview.getByRole('status').first().textContent()).resolves.toContain(
      'This preview link has expired or was replaced.',
    );
    await expect(preview.locator('.theme-footer').textContent()).resolves.toContain('Harar footer, version 1');
    await preview.getByRole('link', { name: 'Leave the preview' }).click();
    await preview.waitForLoadState('networkidle');
    await expect(preview.locator('.theme-preview-note').count()).resolves.toBe(0);
    await organizer.close();
    await buyer.close();
  });
});

describe('an XSS corpus', { timeout: 240_000 }, () => {
  const corpus = {
    header: [
      '<h2>{{organizer.name}}</h2>',
      '<script>window.__xss = "script"; alert(1)</script>',
      '<img src="https://cdn.evil.example/pixel.png" onerror="window.__xss = \'onerror\'; alert(2)" alt="">',
      '<a href="javascript:alert(3)" class="js-link">javascript link</a>',
      '<a href="data:text/html,<script>alert(4)</script>">data link</a>',
      '<svg onload="alert(5)"><script>alert(6)</script><a xlink:href="javascript:alert(7)">svg</a></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(8)>',
      '<iframe src="https://frames.evil.example/"></iframe>',
      '<form action="https://forms.evil.example/"><input name="card"><button>Send</button></form>',
      '<style>@import url(https://css.evil.example/x.css); body { display: none }</style>',
      '</style><script>alert(9)</script>',
      '<div style="background: url(https://style.evil.example/x.png)">styled</div>',
      '<object data="https://objects.evil.example/x.swf"></object><embed src="https://embeds.evil.example/x">',
      '<base href="https://base.evil.example/"><meta http-equiv="refresh" content="0;url=https://meta.evil.example/">',
      '<noscript><p title="</noscript><img src=x onerror=alert(10)>"></noscript>',
      '<p id="main" name="csp">clobber</p>',
    ].join(''),
    // Prototype and constructor access, and a helper that is not there: the check calls them
    // fatal, and a page would show the storefront's own header; kept out of the draft so the rest
    // of the corpus publishes. The template that loops for ever is the hero.
    home_hero: `${'{{#each @root.organizer.name}}'.repeat(8)}<p>again</p>${'{{/each}}'.repeat(8)}`,
    footer: '<p class="corpus-footer">Corpus footer {{organizer.name}}</p>',
    event_sections: '<p>{{{event.description}}}</p>',
    css: [
      '@import url("https://css.evil.example/import.css");',
      '.corpus-footer { background: url(https://css.evil.example/bg.png) }',
      '.corpus-footer { width: expression(alert(11)) }',
      '.corpus-footer { background: image-set("https://css.evil.example/set.png" 1x) }',
      '.corpus-footer { background: \\75 rl(https://css.evil.example/escaped.png) }',
      '@font-face { font-family: x; src: url(https://fonts.evil.example/f.woff) }',
      '.corpus-footer { color: rgb(20, 20, 20); font-weight: 700 }',
      '</style><script>alert(12)</script><style>',
    ].join('\n'),
  };

  it('publishes what the sanitizer leaves, and the page shows no dialog, runs no script and asks no other site', async () => {
    // The refusals first: prototype access and an unknown helper cannot be published.
    for (const fatal of [
      '{{constructor.constructor "alert(1)"}}',
      '{{organizer.__proto__}}',
      '{{#shout organizer}}x{{/shout}}',
    ]) {
      await api('PATCH', '/v1/organizer/theme/draft', { header: fatal }, xss.token);
      const refused = await fetch(`${inject('apiUrl')}/v1/organizer/theme/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${xss.token}` },
      });
      expect(refused.status, fatal).toBe(422);
    }
    // A loop eight deep over the letters of the organizer's name (21^8 turns), and the rest of the
    // corpus, publish: the loop runs out of its budget and the page shows the storefront's own hero.
    await publishTheme(xss, corpus);

    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const dialogs: string[] = [];
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const own = new Set([new URL(origin(xss.slug)).host, new URL(inject('apiUrl')).host]);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && !own.has(url.host)) foreign.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    for (const at of ['/', `/events/${xss.eventId}`]) {
      await page.goto(`${origin(xss.slug)}${at}`, { waitUntil: 'networkidle' });
      // The page renders: its heading, the event, the corpus footer styled by what survived.
      await expect(page.locator('h1').count()).resolves.toBe(1);
      await expect(page.locator('.corpus-footer').textContent()).resolves.toBe(`Corpus footer ${xss.name}`);
      await expect(
        page.locator('.corpus-footer').evaluate((element) => getComputedStyle(element).fontWeight),
      ).resolves.toBe('700');
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
      const themed = page.locator('.theme-header');
      await expect(
        themed.locator('script, iframe, form, input, svg, math, style, object, embed, base, meta, img').count(),
      ).resolves.toBe(0);
      await expect(themed.locator('[onerror], [onload], [style], [id], [name]').count()).resolves.toBe(0);
      const hrefs = await themed.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      for (const href of hrefs) expect(href ?? '').not.toMatch(/^(javascript|data):/i);
      await expect(page.locator('.theme-header h2').textContent()).resolves.toBe(xss.name);
      // The hero that loops for ever gives way to the storefront's own.
      await expect(page.locator('.theme-hero').count()).resolves.toBe(0);
      await screenshot(page, `theme-xss-${at === '/' ? 'home' : 'event'}-desktop`);
    }
    const css = await page.evaluate(async () => (await fetch('/theme.css?v=1')).text());
    expect(css).not.toMatch(/evil|@import|expression|image-set|@font-face|<|\\/i);
    expect(css).toContain('.corpus-footer{color:rgb(20,20,20);font-weight:700}');
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
