/**
 * Buying in a real browser, on an organizer's own host name: the event page's form and all-in
 * price, the order page's test payment and tickets, the waitlist of a sold-out tier, and a
 * customer's sign-in by emailed link, read from the API's local mail sink. The organizer is made
 * for this file through the API, as an organizer would make it in the admin.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot, submitPayment } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-checkout-${randomBytes(3).toString('hex')}`;
const apiUrl = inject('apiUrl');
const buyerEmail = `amara-${slug}@example.org`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let eventId: string;
let generalTierId: string;
/** The organizer's session, to read orders as the team sees them. */
let organizerToken: string;
/** What Chromium refused under the pages' content security policy, as it reported it. */
const cspViolations: string[] = [];

interface KeptMail {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  sent_at: string;
}

/**
 * The API runs as under `pnpm start`, without SMTP_URL, so it keeps every email in its local mail
 * sink; the test reads them there, as a newcomer does in the admin's mailbox page.
 */
async function mailbox(): Promise<KeptMail[]> {
  return (await api<{ data: KeptMail[] }>('GET', '/v1/dev/mailbox')).data;
}

/** The ids of the mail so far, so that `nextMail` waits for a message sent after this. */
async function mailSoFar(): Promise<Set<string>> {
  return new Set((await mailbox()).map((mail) => mail.id));
}

/** The first message to `email` that was not in `before`, once the API's worker has sent it. */
async function nextMail(email: string, subject: RegExp, before: Set<string>): Promise<KeptMail> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mail = (await mailbox()).find(
      (candidate) =>
        !before.has(candidate.id) &&
        (candidate.to === email || candidate.to.endsWith(`<${email}>`)) &&
        subject.test(candidate.subject),
    );
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email matching ${subject} reached ${email}`);
}

/** The link of an email's plain-text part that goes to `path`. */
function linkTo(mail: KeptMail, path: string): string {
  const link = [...mail.text.matchAll(/https?:\/\/\S+/g)]
    .map(([href]) => href)
    .find((href) => new URL(href).pathname === path);
  if (!link) throw new Error(`no link to ${path} in "${mail.subject}":\n${mail.text}`);
  return link;
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

beforeAll(async () => {
  const signedUp = await signUpOrganizer(apiUrl, {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Amina Diallo',
    organizer: { name: 'Harlem Griot Society', slug, time_zone: 'America/New_York' },
  });
  await api(
    'PATCH',
    '/v1/organizer/checkout-settings',
    {
      service_fee_percent_bp: 500,
      service_fee_flat_cents: 100,
      fees_paid_by: 'buyer',
      impact_fee_share_bp: 2000,
      impact_fund_name: 'Youth Griot Fund',
      offline_methods: ['cash'],
    },
    signedUp.token,
  );
  const startsAt = new Date(Date.now() + 20 * 86_400_000);
  startsAt.setUTCHours(23, 0, 0, 0);
  const event = await api<{ id: string; tiers: { id: string; name: { en: string } }[] }>(
    'POST',
    '/v1/events',
    {
      title: { en: 'Griot Night: Stories of the Sahel' },
      description: { en: 'Kora music and storytelling.' },
      category: 'festival',
      tags: ['west-african'],
      languages: ['en'],
      venue_name: 'Harlem Stage',
      city: 'New York',
      state: 'NY',
      time_zone: 'America/New_York',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [
        { name: { en: 'General admission' }, price_cents: 2500, quantity: 100, max_per_order: 6 },
        { name: { en: 'Front row' }, price_cents: 6000, quantity: 1 },
      ],
    },
    signedUp.token,
  );
  eventId = event.id;
  await api('POST', `/v1/events/${eventId}/publish`, undefined, signedUp.token);
  organizerToken = signedUp.token;
  const tierId = (name: string) => event.tiers.find((tier) => tier.name.en === name)?.id ?? '';
  generalTierId = tierId('General admission');

  // Someone else buys the only front-row seat before the page is first shown.
  const taken = await api<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${slug}/orders`,
    {
      buyer: { name: 'Kofi Mensah', email: 'kofi@example.org' },
      tickets: [{ tier_id: tierId('Front row'), quantity: 1 }],
    },
  );
  await api(
    'POST',
    `/v1/public/organizers/${slug}/orders/${taken.order.id}/pay?token=${encodeURIComponent(taken.access_token)}`,
    { method: 'card', card_number: '4242424242424242' },
  );

  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      cspViolations.push(message.text());
    }
  });
});

afterAll(async () => {
  await browser?.close();
});

const eventPage = () => `${origin(slug)}/events/${eventId}`;
const checkout = () => page.locator('#checkout');
let orderUrl: string;
let orderNumber: string;

describe('buying tickets on the storefront', () => {
  it('prices the cart all in, then holds the tickets and opens the order', async () => {
    const expected = await api<{
      subtotal_cents: number;
      fee_cents: number;
      impact_fee_cents: number;
      total_cents: number;
    }>('POST', `/v1/public/organizers/${slug}/quote`, { tickets: [{ tier_id: generalTierId, quantity: 2 }] });
    expect(expected.impact_fee_cents).toBeGreaterThan(0);

    await page.goto(eventPage());
    await page.getByLabel('Quantity: General admission').selectOption('2');
    await checkout().getByLabel('Full name').fill('Amara Okafor');
    await checkout().getByLabel('Email', { exact: true }).fill(buyerEmail);
    const consent = checkout().getByLabel(/^Send me news about other events from /);
    await expect(consent.isChecked()).resolves.toBe(false);
    await consent.check();
    await checkout().getByRole('button', { name: 'See total price' }).click();
    await page.waitForURL(/\?\/quote/);
    // The answer survives the quote, like everything else typed.
    await expect(
      checkout()
        .getByLabel(/^Send me news about other events from /)
        .isChecked(),
    ).resolves.toBe(true);

    const summary = page.locator('.price-summary');
    await expect(summary.locator('.row.subtotal dd').textContent()).resolves.toBe(money(expected.subtotal_cents));
    await expect(summary.locator('.row.fee dd').textContent()).resolves.toBe(money(expected.fee_cents));
    await expect(summary.locator('.row.impact').textContent()).resolves.toContain('Youth Griot Fund');
    await expect(summary.locator('.row.total dd').textContent()).resolves.toBe(money(expected.total_cents));
    // The form keeps what was chosen and typed.
    await expect(page.getByLabel('Quantity: General admission').inputValue()).resolves.toBe('2');
    await expect(checkout().getByLabel('Full name').inputValue()).resolves.toBe('Amara Okafor');
    await screenshot(page, '01-event-quote');

    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    orderUrl = page.url();
    orderNumber = ((await page.locator('h1').textContent()) ?? '').replace('Order ', '');
    const held = await api<{ buyer: { marketing_consent: boolean } }>(
      'GET',
      `/v1/orders/${new URL(orderUrl).pathname.split('/').pop()}`,
      undefined,
      organizerToken,
    );
    expect(held.buyer.marketing_consent).toBe(true);
    await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Awaiting payment');
    await expect(page.locator('.price-summary .row.total dd').textContent()).resolves.toBe(money(expected.total_cents));
    await expect(page.locator('.payment h2').textContent()).resolves.toContain('TEST MODE');
    await expect(page.locator('.hold').textContent()).resolves.toMatch(/held for you until .+ (EST|EDT)/);
    await screenshot(page, '02-order-pending');
  });

  it('shows a declined card and leaves the order payable', async () => {
    await page.goto(orderUrl);
    await page.getByLabel('Test card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(/\/pay/);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('The card was declined. Try another card.');
    await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Awaiting payment');
    await expect(page.getByLabel('Test card number').isVisible()).resolves.toBe(true);
    // This organizer takes cash but works with no community partner: only cash is offered.
    await expect(page.locator('input[name="method"][value="cash"]').count()).resolves.toBe(1);
    await expect(page.locator('input[name="method"][value="partner"]').count()).resolves.toBe(0);
    await screenshot(page, '03-order-declined');
  });

  it('pays with the test card and shows one ticket per admission, each with its QR code', async () => {
    await page.getByLabel('Test card number').fill('4242 4242 4242 4242');
    await submitPayment(page, () => page.getByRole('button', { name: /^Pay / }).click());

    await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Paid');
    await expect(page.locator('.order-head .badge.test-mode').textContent()).resolves.toBe('TEST MODE');
    const tickets = page.locator('.ticket');
    await expect(tickets.count()).resolves.toBe(2);
    await expect(tickets.first().textContent()).resolves.toContain('Amara Okafor');
    await expect(tickets.first().textContent()).resolves.toContain('General admission');
    const images = page.locator('.ticket img.qr');
    await expect(images.count()).resolves.toBe(2);
    for (const image of await images.all()) {
      await expect(image.getAttribute('src')).resolves.toMatch(
        /^\/orders\/[0-9a-f-]+\/tickets\/[0-9a-f-]+\/qr\.svg\?token=/,
      );
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
    }
    await expect(page.getByLabel('Test card number').count()).resolves.toBe(0);
    await screenshot(page, '04-order-paid');
  });

  it("shows each ticket's short code under its QR code, whole and legible on a buyer's phone", async () => {
    const { pathname, searchParams } = new URL(orderUrl);
    const order = await api<{ order: { tickets: { short_code: string; status: string }[] } }>(
      'GET',
      `/v1/public/organizers/${slug}${pathname}?token=${encodeURIComponent(searchParams.get('token') ?? '')}`,
    );
    const codes = order.order.tickets.map((ticket) => ticket.short_code);
    expect(codes).toHaveLength(2);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);

    const phone = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const onPhone = await phone.newPage();
      await onPhone.goto(orderUrl);
      await expect(onPhone.locator('.hint').first().textContent()).resolves.toContain(
        'If a QR code will not scan, the staff can type the code under it.',
      );
      const tickets = onPhone.locator('.ticket');
      await expect(tickets.count()).resolves.toBe(2);
      for (const [i, ticket] of (await tickets.all()).entries()) {
        const qr = ticket.locator('img.qr');
        const code = ticket.locator('.short-code');
        await expect(code.textContent()).resolves.toBe(codes[i]);
        await expect(ticket.locator('figcaption .code-label').textContent()).resolves.toBe('Ticket code');
        const [qrBox, codeBox] = [await qr.boundingBox(), await code.boundingBox()];
        if (!qrBox || !codeBox) throw new Error('the QR code or its short code is not shown');
        // Under the QR code, within its width, on one line, in letters big enough to read out.
        expect(codeBox.y).toBeGreaterThanOrEqual(qrBox.y + qrBox.height);
        expect(codeBox.y - (qrBox.y + qrBox.height)).toBeLessThan(40);
        expect(codeBox.x).toBeGreaterThanOrEqual(qrBox.x - 1);
        expect(codeBox.x + codeBox.width).toBeLessThanOrEqual(qrBox.x + qrBox.width + 1);
        expect(codeBox.height).toBeLessThan(40);
        await expect(
          code.evaluate((node) => Number.parseFloat(getComputedStyle(node).fontSize)),
        ).resolves.toBeGreaterThanOrEqual(18);
        await expect(code.evaluate((node) => node.scrollWidth <= node.clientWidth)).resolves.toBe(true);
      }
      const shot = await screenshot(onPhone, '04b-order-paid-phone-short-codes');
      if (shot) console.info(`The paid order on a phone, short codes under the QR codes: ${shot}`);
    } finally {
      await phone.close();
    }
  });

  it("emails the tickets: the order confirmation's link opens the paid order", async () => {
    const mail = await nextMail(buyerEmail, /^Your tickets from Harlem Griot Society/, new Set());
    expect(mail.subject).toBe(`Your tickets from Harlem Griot Society – order ${orderNumber}`);
    expect(mail.to).toBe(`"Amara Okafor" <${buyerEmail}>`);
    // The short codes are in the email too, for a buyer who cannot open the order page at the door.
    expect(mail.text).toMatch(
      /Ticket 1 of 2 · General admission · Amara Okafor: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\n/,
    );
    await page.goto(linkTo(mail, new URL(orderUrl).pathname));
    await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Paid');
    await expect(page.locator('.ticket').count()).resolves.toBe(2);
  });

  it('serves the order under a strict content security policy, and tells other sites nothing of its address', async () => {
    const probe = await context.newPage();
    const response = await probe.goto(orderUrl);
    const headers = response?.headers() ?? {};
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    const policy = headers['content-security-policy'] ?? '';
    // Scripts from the storefront, its own inline start-up script by this response's nonce, and
    // Stripe.js (for organizers whose cards go through Stripe; see stripe-checkout.e2e.test.ts).
    const scriptSrc = policy.split(';').find((directive) => directive.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toMatch(
      /^script-src 'self' https:\/\/js\.stripe\.com https:\/\/\*\.js\.stripe\.com 'nonce-[^']+'$/,
    );
    for (const directive of [
      "default-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(policy).toContain(directive);
    }
    await expect(probe.locator('.ticket').count()).resolves.toBe(2);

    // A script slipped into the page (as an injected tag would be) does not run.
    const ran = await probe.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "yes"';
      document.body.append(script);
      return document.body.dataset.injected ?? 'no';
    });
    expect(ran).toBe('no');

    // Every other page, too, is framed by no other site and names itself to no other site.
    const event = (await probe.goto(eventPage()))?.headers() ?? {};
    expect(event['referrer-policy']).toBe('same-origin');
    expect(event['content-security-policy']).toContain("frame-ancestors 'none'");
    await probe.close();
  });

  it('answers an order link with a wrong token with the 404 page', async () => {
    const wrong = orderUrl.replace(/token=[^&]+/, 'token=not-the-right-token-at-all');
    const response = await page.goto(wrong);
    expect(response?.status()).toBe(404);
    const image = await page.goto(
      `${origin(slug)}${new URL(wrong).pathname}/tickets/00000000-0000-4000-8000-000000000000/qr.svg?token=not-the-right-token-at-all`,
    );
    expect(image?.status()).toBe(404);
  });

  it('says a tier is sold out and offers its waitlist', async () => {
    await page.goto(eventPage());
    const frontRow = page.locator('.tier', { hasText: 'Front row' });
    await expect(frontRow.locator('.badge.sold-out').textContent()).resolves.toBe('Sold out');
    await expect(frontRow.locator('select[form="checkout"]').count()).resolves.toBe(0);
    await frontRow.getByText('Join the waitlist', { exact: true }).first().click();
    await frontRow.getByLabel('Full name').fill('Amara Okafor');
    await frontRow.getByLabel('Email').fill(buyerEmail);
    await screenshot(page, '05-event-sold-out-waitlist');
    await frontRow.getByRole('button', { name: 'Join the waitlist' }).click();
    await page.waitForURL(/\?\/waitlist/);
    await expect(page.locator('.tier', { hasText: 'Front row' }).getByRole('status').textContent()).resolves.toContain(
      'number 1 in line',
    );
    await screenshot(page, '05b-event-waitlist-joined');
  });

  it("shows the API's message when a promo code is not valid", async () => {
    await page.goto(eventPage());
    await page.getByLabel('Quantity: General admission').selectOption('1');
    await page.getByLabel('Promo code (optional)').fill('NOSUCHCODE');
    await page.getByRole('button', { name: 'See total price' }).click();
    await page.waitForURL(/\?\/quote/);
    await expect(page.locator('#checkout [role="alert"]').textContent()).resolves.toContain(
      'This promo code is not valid now',
    );
    await expect(page.getByLabel('Promo code (optional)').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, '05c-event-promo-invalid');
  });
});

describe("a customer's account", () => {
  it('emails a sign-in link, signs in with it and lists the orders', async () => {
    const before = await mailSoFar();
    await page.goto(origin(slug));
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account\/sign-in$/);
    await page.getByLabel('Email').fill(buyerEmail);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      `If ${buyerEmail} can receive email, we have sent it a sign-in link. The link works once, within 30 minutes.`,
    );
    await screenshot(page, '06-sign-in-link-sent');

    const mail = await nextMail(buyerEmail, /sign-in link/, before);
    expect(mail.subject).toBe('Your sign-in link for Harlem Griot Society');
    expect(mail.from).toMatch(/^"Harlem Griot Society via Access Plus" <.+@.+>$/);
    const link = linkTo(mail, '/account/sign-in');
    expect(link.startsWith(`${origin(slug)}/account/sign-in?token=`)).toBe(true);
    await page.goto(link);
    await screenshot(page, '07-sign-in-with-link');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);

    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'ap_customer_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: `${slug}.example.test` });
    await expect(page.locator('main').textContent()).resolves.toContain(`Signed in as ${buyerEmail}`);
    const order = page.locator('.order', { hasText: `Order ${orderNumber}` });
    await expect(order.textContent()).resolves.toContain('2 × General admission');
    await screenshot(page, '08-account');

    await order.getByRole('link', { name: /View order and tickets/ }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    await expect(page.locator('.ticket').count()).resolves.toBe(2);
  });

  it('sends the signed-in customer along with a new order from the cart, and signs out', async () => {
    await page.goto(eventPage());
    await expect(checkout().getByLabel('Email', { exact: true }).inputValue()).resolves.toBe(buyerEmail);
    await page.getByLabel('Quantity: General admission').selectOption('1');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${origin(slug)}/cart`);
    await expect(page.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe(buyerEmail);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    const newOrder = ((await page.locator('h1').textContent()) ?? '').replace('Order ', '');

    await page.goto(`${origin(slug)}/account`);
    await expect(page.locator('.order h2').allTextContents()).resolves.toEqual([
      `Order ${newOrder}`,
      `Order ${orderNumber}`,
    ]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/account\/sign-in\?signed_out/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('You are signed out.');
    expect((await context.cookies()).some((cookie) => cookie.name === 'ap_customer_session')).toBe(false);
  });

  it('signs out a customer whose session ended elsewhere, at checkout, and asks to sign in again', async () => {
    const before = await mailSoFar();
    await api('POST', `/v1/public/organizers/${slug}/customer/sign-in-links`, { email: buyerEmail });
    await page.goto(linkTo(await nextMail(buyerEmail, /sign-in link/, before), '/account/sign-in'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);

    await page.goto(eventPage());
    await page.getByLabel('Quantity: General admission').selectOption('1');
    // The session ends on another device while this page is open.
    const session = (await context.cookies()).find((cookie) => cookie.name === 'ap_customer_session');
    await api('DELETE', `/v1/public/organizers/${slug}/customer/session`, undefined, session?.value);
    await checkout().getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\?\/order/);

    await expect(checkout().getByRole('alert').textContent()).resolves.toContain('you are now signed out');
    await expect(checkout().getByRole('link', { name: 'Sign in' }).count()).resolves.toBe(1);
    expect((await context.cookies()).some((cookie) => cookie.name === 'ap_customer_session')).toBe(false);
    await expect(page.locator('.account-link').textContent()).resolves.toBe('Sign in');
    await screenshot(page, '09-event-session-ended');
  });
});

describe('the content security policy', () => {
  it("was never in the way of the storefront's own pages in the flows above", () => {
    expect(cspViolations).toEqual([]);
  });
});
