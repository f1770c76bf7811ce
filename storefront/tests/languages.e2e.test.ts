/**
 * Buying entirely in Amharic, Haitian Creole and Arabic, on a phone: each buyer reaches the
 * language another way (the language menu, an address under /ht/, the browser's own language),
 * and every page, the confirmation email and the tickets' PDF are in it, with no English word of
 * the interface left (checked against the English catalogues). Arabic pages run right to left.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfPageTexts } from '../../api/src/test/pdf';
import { englishWordsFor, englishWordsIn } from '../../scripts/catalogue-words';
import { expectNoAxeViolations, launchBrowser, origin, screenshot, storefrontRoutes, submitPayment } from './browser';
import { api, signUpOrganizer } from './organizer';

const require = createRequire(import.meta.url);
const slug = `e2e-languages-${randomBytes(3).toString('hex')}`;
const apiUrl = inject('apiUrl');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const organizerName = 'Silver Spring Unity Hall';
const title = {
  en: 'New Year Celebration',
  am: 'የአዲስ ዓመት በዓል',
  ar: 'احتفال رأس السنة',
  ht: 'Fèt Nouvèl Ane',
};
const description = {
  en: 'Music, food and dancing for the whole family.',
  am: 'ሙዚቃ፣ ምግብ እና ጭፈራ ለመላው ቤተሰብ።',
  ar: 'موسيقى وطعام ورقص لكل العائلة.',
  ht: 'Mizik, manje ak dans pou tout fanmi an.',
};
const tierName = { en: 'General admission', am: 'መደበኛ መግቢያ', ar: 'دخول عام', ht: 'Antre jeneral' };
/** What people wrote, in whatever language: the page shows it as it is. */
const theirWords = [
  organizerName,
  ...Object.values(title),
  ...Object.values(description),
  ...Object.values(tierName),
  'Unity Hall',
  '8700 Georgia Ave',
  'Silver Spring',
  'MD',
  // A calendar's name, on the button that adds the event to it.
  'Google Calendar',
];

let browser: Browser;
let eventId: string;
let tierId: string;

interface KeptMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

async function mailTo(email: string): Promise<KeptMail> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const { data } = await api<{ data: KeptMail[] }>('GET', '/v1/dev/mailbox?limit=200');
    const mail = data.find((candidate) => candidate.to.endsWith(`<${email}>`) || candidate.to === email);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email reached ${email}`);
}

/** What a person sees or hears of the page: its text, and the labels, hints and names in attributes. */
function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [alt], [title]')].flatMap(
      (element) =>
        ['aria-label', 'placeholder', 'alt', 'title'].map((name) => element.getAttribute(name) ?? '').filter(Boolean),
    );
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, without what is hidden from people
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
}

/**
 * The first page of a PDF drawn by pdf.js in the browser, at a phone's width, for a screenshot:
 * headless Chromium has no PDF viewer of its own.
 */
async function showPdf(context: BrowserContext, pdf: Buffer): Promise<Page> {
  const page = await context.newPage();
  const build = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'build');
  const files: Record<string, { body: Buffer | string; type: string }> = {
    '/': {
      type: 'text/html',
      body: `<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0;background:#ddd">
<canvas id="page" style="display:block;width:100%"></canvas>
<script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
const doc = await pdfjs.getDocument({ url: '/tickets.pdf' }).promise;
const first = await doc.getPage(1);
const viewport = first.getViewport({ scale: (innerWidth * devicePixelRatio) / first.getViewport({ scale: 1 }).width });
const canvas = document.getElementById('page');
canvas.width = viewport.width;
canvas.height = viewport.height;
await first.render({ canvas, viewport }).promise;
document.body.dataset.drawn = 'yes';
</script>`,
    },
    '/pdf.mjs': { type: 'text/javascript', body: await readFile(path.join(build, 'pdf.mjs')) },
    '/pdf.worker.mjs': { type: 'text/javascript', body: await readFile(path.join(build, 'pdf.worker.mjs')) },
    '/tickets.pdf': { type: 'application/pdf', body: pdf },
  };
  await page.route('http://pdf.invalid/**', (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file
      ? route.fulfill({ status: 200, contentType: file.type, body: file.body })
      : route.fulfill({ status: 404 });
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('http://pdf.invalid/');
  await page.waitForSelector('body[data-drawn="yes"]', { timeout: 20_000 }).catch((cause) => {
    throw new Error(`pdf.js did not draw the tickets: ${problems.join('; ') || cause}`);
  });
  return page;
}

beforeAll(async () => {
  const { token } = await signUpOrganizer(apiUrl, {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Hiwot Bekele',
    organizer: { name: organizerName, slug, time_zone: 'America/New_York' },
  });
  await api('PATCH', '/v1/organizer', { locales: ['en', 'am', 'ar', 'ht'], default_locale: 'en' }, token);
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  startsAt.setUTCHours(23, 0, 0, 0);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      title,
      description,
      category: 'festival',
      languages: ['am', 'ar', 'ht'],
      venue_name: 'Unity Hall',
      address_line: '8700 Georgia Ave',
      city: 'Silver Spring',
      state: 'MD',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [{ name: tierName, price_cents: 2000, quantity: 200, max_per_order: 6 }],
    },
    token,
  );
  eventId = event.id;
  tierId = event.tiers[0]?.id ?? '';
  await api('POST', `/v1/events/${eventId}/publish`, undefined, token);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each([
  {
    locale: 'am',
    dir: 'ltr',
    how: 'chooses Amharic in the language menu',
    script: /\p{Script=Ethiopic}/u,
    reach: async (page: Page) => {
      await page.goto(origin(slug));
      await page.locator('.language-menu summary').click();
      await page.locator('.language-switcher a[lang="am"]').click();
      await page.waitForURL(/\/am$/);
    },
  },
  {
    locale: 'ht',
    dir: 'ltr',
    how: 'follows a link to the store under /ht/',
    script: /\b(tikè|ou|nan)\b/iu,
    reach: async (page: Page) => {
      await page.goto(`${origin(slug)}/ht/`);
    },
  },
  {
    locale: 'ar',
    dir: 'rtl',
    how: 'arrives with a browser set to Arabic',
    script: /\p{Script=Arabic}/u,
    reach: async (page: Page) => {
      await page.goto(origin(slug));
    },
  },
] as const)('a guest who $how', ({ locale, dir, script, reach }) => {
  const english = englishWordsFor('storefront', locale);
  const englishMail = englishWordsFor('api', locale);
  const email = `buyer-${locale}-${slug}@example.org`;
  const buyerName = locale === 'am' ? 'ሰላም ተስፋዬ' : locale === 'ar' ? 'ليلى حسن' : 'Wideline Joseph';
  let context: BrowserContext;
  let page: Page;

  /** The page is in the language, its direction set, and no English word of the interface is on it. */
  async function inLanguage(name: string) {
    await screenshot(page, `language-${locale}-${name}-phone`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe(dir);
    const words = await pageWords(page);
    expect(words).toMatch(script);
    expect(
      englishWordsIn(words, english, [...theirWords, buyerName]),
      `English words on the ${name} page:\n${words}`,
    ).toEqual([]);
  }

  beforeAll(async () => {
    context = await browser.newContext({ ...PHONE, locale: locale === 'ar' ? 'ar' : 'en-US' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('reads the store, the event and the checkout in the language', async () => {
    await reach(page);
    await expect(page.locator('.event-card h2').first().textContent()).resolves.toBe(title[locale]);
    await inLanguage('home');

    await page.locator('.event-card a').first().click();
    await page.waitForURL(/\/events\//);
    await expect(page.locator('h1').textContent()).resolves.toBe(title[locale]);
    await inLanguage('event');

    await page.locator('select[form="checkout"]').first().selectOption('2');
    await page.locator('#checkout [autocomplete="name"]').fill(buyerName);
    await page.locator('#checkout [autocomplete="email"]').fill(email);
    await page.locator('#checkout button[formaction^="?/quote"]').click();
    await page.waitForURL(/\?\/quote/);
    await expect(page.locator('.price-summary .row.total dd').textContent()).resolves.toMatch(/\d/);
    await inLanguage('checkout');
  });

  it('pays, and gets the tickets on the order page, in the email and in the PDF, in the language', async () => {
    await page.locator('#checkout button[type="submit"]:not([formaction])').click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    await inLanguage('order');

    await page.locator('input[name="card_number"]').fill('4242 4242 4242 4242');
    await submitPayment(page, () => page.locator('form.card button[type="submit"]').click());
    await expect(page.locator('.ticket').count()).resolves.toBe(2);
    await expect(page.locator('.ticket img.qr').count()).resolves.toBe(2);
    await inLanguage('order-paid');

    const mail = await mailTo(email);
    expect(mail.subject).toMatch(script);
    expect(englishWordsIn(`${mail.subject}\n${mail.text}`, englishMail, [...theirWords, buyerName])).toEqual([]);

    // Fetched by the page, as the link's click would: the browser alone knows the store's host.
    const href = (await page.locator(`a[href*="/tickets.pdf?token="]`).getAttribute('href')) ?? '';
    const download = await page.evaluate(async (address) => {
      const response = await fetch(address);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { status: response.status, type: response.headers.get('content-type'), base64: btoa(binary) };
    }, href);
    expect(download.status).toBe(200);
    expect(download.type).toBe('application/pdf');
    const pdf = Buffer.from(download.base64, 'base64');
    const pages = await pdfPageTexts(pdf);
    expect(pages).toHaveLength(2);
    for (const text of pages) {
      expect(text).toMatch(script);
      // Arabic is drawn shaped, glyphs joined as they are written, which a reader extracts only in part.
      if (dir === 'ltr') expect(text).toContain(title[locale]);
      expect(englishWordsIn(text, englishMail, [...theirWords, buyerName]), 'English words in the PDF').toEqual([]);
    }
    const shown = await showPdf(context, pdf);
    await screenshot(shown, `language-${locale}-ticket-pdf-phone`);
    await shown.close();
  });

  if (dir === 'rtl') {
    it('lays the pages out right to left: the header, the form and the price summary mirrored', async () => {
      await page.goto(`${origin(slug)}/events/${eventId}`);
      const width = page.viewportSize()?.width ?? 390;
      const edge = (selector: string) =>
        page.locator(selector).evaluate((element) => {
          const box = element.getBoundingClientRect();
          return { left: box.left, right: box.right };
        });
      // The organizer's name starts at the right edge; the way back to the events points right.
      const brand = await page.locator('.brand bdi').evaluate((element) => element.getBoundingClientRect().right);
      expect(brand).toBeGreaterThan(width - 40);
      const back = await edge('.arrow-back');
      const backLink = await edge('a:has(> .arrow-back)');
      expect(back.right).toBeGreaterThan(backLink.right - 20);
      await expect(
        page.locator('.arrow-back').evaluate((element) => getComputedStyle(element).transform),
      ).resolves.toBe('matrix(-1, 0, 0, 1, 0, 0)');
      // A label sits right of its field's start; an amount left of its label.
      await page.locator('select[form="checkout"]').first().selectOption('1');
      await page.locator('#checkout button[formaction^="?/quote"]').click();
      await page.waitForURL(/\?\/quote/);
      const label = await page.locator('.price-summary .row.total dt').boundingBox();
      const amount = await page.locator('.price-summary .row.total dd').boundingBox();
      if (!label || !amount) throw new Error('the price summary has no total');
      expect(amount.x + amount.width).toBeLessThan(label.x + 1);
      const field = await page.locator('#checkout [autocomplete="name"]').boundingBox();
      const fieldLabel = await page.locator('#checkout label[for]').first().boundingBox();
      if (!field || !fieldLabel) throw new Error('the checkout form has no name field');
      expect(fieldLabel.x + fieldLabel.width).toBeGreaterThan(field.x + field.width - 2);
      await screenshot(page, 'language-ar-checkout-mirrored-phone');
    });
  }
});

describe('every page type in English, Arabic and Amharic', { timeout: 240_000 }, () => {
  it('has no accessibility violation on a phone', async () => {
    const held = await api<{ order: { id: string }; access_token: string }>(
      'POST',
      `/v1/public/organizers/${slug}/orders`,
      {
        buyer: { name: 'Hanna Girma', email: `hanna-${slug}@example.org` },
        tickets: [{ tier_id: tierId, quantity: 1 }],
      },
    );
    const pages: Record<string, string> = {
      '/': '/',
      '/about': '/about',
      '/account': '/account',
      '/account/sign-in': '/account/sign-in',
      '/cart': '/cart',
      '/events/[id]': `/events/${eventId}`,
      '/orders/[id]': `/orders/${held.order.id}?token=${encodeURIComponent(held.access_token)}`,
      // A link that does not work: the page says so in the store's look and language.
      '/unsubscribe': '/unsubscribe',
    };
    expect(Object.keys(pages).sort()).toEqual(await storefrontRoutes());
    for (const locale of ['en', 'ar', 'am']) {
      const context = await browser.newContext(PHONE);
      const page = await context.newPage();
      // The language by the address, then something in the cart so that page shows its lines.
      await page.goto(`${origin(slug)}/${locale}/events/${eventId}`, { waitUntil: 'networkidle' });
      await page.locator('select[form="checkout"]').first().selectOption('1');
      await page.locator('#checkout button[formaction^="?/addToCart"]').click();
      await page.waitForURL(/\/cart$/);
      for (const [route, at] of Object.entries(pages)) {
        const response = await page.goto(`${origin(slug)}${at}`, { waitUntil: 'networkidle' });
        expect(response?.status(), route).toBe(200);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
        await expectNoAxeViolations(page);
        if (route === '/about' || route === '/account/sign-in') {
          await screenshot(page, `language-${locale}${route.replace(/\//g, '-')}-phone`);
        }
      }
      await context.close();
    }
  });
});
