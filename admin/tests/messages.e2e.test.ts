/**
 * Messages to an event's ticket holders in a real browser: the organizer writes one with a
 * variable put in by its button, to the holders of one tier, previews the email as a holder will
 * get it with how many it reaches, sends it, and watches its progress reach the end and each
 * recipient's status; the emails arrive in the mail sink with each person's own name. A promotion
 * reaches nobody who gave no consent, and says so. Without JavaScript the same forms work.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signedInState,
  signUp,
  startAdminStack,
} from './harness';

const TIMEOUT = 120_000;

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId = '';
const buyers = {
  fatima: { name: 'Fatima Ali', email: '' },
  omar: { name: 'Omar Haddad', email: '' },
  layla: { name: 'Layla Hassan', email: '' },
};

async function buy(tierId: string, buyer: { name: string; email: string }, quantity: number) {
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    { body: { buyer, tickets: [{ tier_id: tierId, quantity }] } },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: { method: 'card', card_number: '4242424242424242' } },
  );
}

beforeAll(async () => {
  // Slow enough that a person could watch it go.
  [stack, browser] = await Promise.all([startAdminStack({ MESSAGE_SEND_RATE: '2' }), launchChromium()]);
  owner = await signUp(stack.call, 'Mosque Community Center', 'Amina Yusuf');
  const starts = new Date(Date.now() + 14 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string; name: { en: string } }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Eid Community Dinner' },
      description: { en: 'A dinner for the whole community after Eid prayers.' },
      category: 'community-meeting',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      venue_name: 'Community Hall',
      city: 'Houston',
      state: 'TX',
      tiers: [
        { name: { en: 'Adult' }, price_cents: 3000, quantity: 100 },
        { name: { en: 'Child' }, price_cents: 1000, quantity: 50 },
      ],
    },
  });
  eventId = event.id;
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  const adult = event.tiers.find((tier) => tier.name.en === 'Adult')?.id ?? '';
  const child = event.tiers.find((tier) => tier.name.en === 'Child')?.id ?? '';
  const suffix = randomBytes(3).toString('hex');
  for (const [key, buyer] of Object.entries(buyers)) buyer.email = `${key}-${suffix}@example.org`;
  await buy(adult, buyers.fatima, 2);
  await buy(child, buyers.omar, 1);
  await buy(adult, buyers.layla, 1);

  ownerState = await signedInState(browser, stack.adminUrl, owner.email);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open(
  at: string,
  options: Parameters<Browser['newContext']>[0] = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', ...options, storageState: ownerState });
  const page = await context.newPage();
  await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
  return { context, page };
}

/** The emails in the mail sink to `email` whose subject is `subject`. */
async function mailTo(email: string, subject: string) {
  const mailbox = await stack.call<{ data: { to: string; subject: string; text: string }[] }>(
    'GET',
    '/v1/dev/mailbox?limit=200',
  );
  return mailbox.data.filter((mail) => mail.to.includes(email) && mail.subject === subject);
}

/**
 * The email of the preview as it shows on the screen. A full-page screenshot leaves a sandboxed
 * frame empty, so this one is of the screen, the frame scrolled into it.
 */
async function previewShot(page: Page, name: string) {
  if (!process.env.ADMIN_SHOTS_DIR) return;
  await page.locator('iframe.email').scrollIntoViewIfNeeded();
  // The frame is painted apart from the page, a moment after it comes into view.
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(process.env.ADMIN_SHOTS_DIR, `${name}.png`) });
}

/** The figure under a label of the preview's counts. */
const count = (page: Page, label: string) =>
  page
    .locator('.counts > div', { has: page.locator('dt', { hasText: label }) })
    .locator('dd')
    .innerText();

describe('messages to ticket holders', () => {
  it(
    'writes one with a variable, previews it, sends it and follows it until every holder has it',
    async () => {
      const { context, page } = await open(`/events/${eventId}/edit`);
      try {
        await page.getByRole('navigation', { name: 'This event' }).getByRole('link', { name: 'Messages' }).click();
        await page.waitForURL(`${stack.adminUrl}/events/${eventId}/messages`);
        await page.getByText('No messages yet.').waitFor();
        await page.getByRole('link', { name: 'New message' }).click();
        await page.waitForURL(`${stack.adminUrl}/events/${eventId}/messages/new`);
        await page.waitForLoadState('networkidle');

        // Announcement is chosen, each kind explained; only the holders of Adult tickets.
        await expect(page.getByLabel('Announcement').isChecked()).resolves.toBe(true);
        await expect(page.getByText('Sent only to buyers who agreed to receive news').isVisible()).resolves.toBe(true);
        await page.getByLabel('Only holders of the ticket types checked below').check();
        await page.getByRole('group', { name: 'Ticket types to include' }).getByLabel('Adult').check();

        // The variables' buttons put each placeholder where the cursor is.
        const subject = page.getByLabel('Subject', { exact: true });
        await subject.fill('Parking for ');
        await page.getByRole('button', { name: 'Insert {{event}}' }).click();
        await expect(subject.inputValue()).resolves.toBe('Parking for {{event}}');
        const body = page.getByLabel('Message', { exact: true });
        await body.fill('Dear ');
        await page.getByRole('button', { name: 'Insert {{name}}' }).click();
        await page.keyboard.type(',\n\nPark behind the hall. Your order: {{order_number}}.');
        await expect(body.inputValue()).resolves.toBe(
          'Dear {{name}},\n\nPark behind the hall. Your order: {{order_number}}.',
        );
        await expect(page.getByText('the buyer’s name').isVisible()).resolves.toBe(true);
        await shot(page, 'messages-composer-desktop');

        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await page.getByRole('heading', { name: 'Preview before sending' }).waitFor();
        // Two people hold Adult tickets; nobody has unsubscribed, and an announcement needs no consent.
        await expect(count(page, 'Will receive it')).resolves.toBe('2');
        await expect(count(page, 'Skipped: unsubscribed')).resolves.toBe('0');
        await expect(count(page, 'Ticket holders chosen')).resolves.toBe('2');
        await expect(page.locator('.preview .subject').innerText()).resolves.toContain(
          'Parking for Eid Community Dinner',
        );
        // The email as one of them will get it, their own name in place of the variable.
        const email = page.frameLocator('iframe.email');
        await email.getByText(/Dear (Fatima Ali|Layla Hassan),/).waitFor();
        await expect(page.locator('iframe.email').getAttribute('sandbox')).resolves.toBe('');
        // What was written is still in the form, to change or send.
        await expect(subject.inputValue()).resolves.toBe('Parking for {{event}}');
        await expectNoAxeViolations(page, 'the composer with its preview');
        await shot(page, 'messages-preview-desktop');
        await previewShot(page, 'messages-preview-email-desktop');

        await page.getByRole('button', { name: 'Send now' }).click();
        await page.waitForURL(new RegExp(`/events/${eventId}/messages/[0-9a-f-]{36}\\?sent$`));
        await page.getByText('The message is going out.').waitFor();
        const progress = page.locator('#message-progress');
        await expect(progress.getAttribute('max')).resolves.toBe('2');
        // The page follows the sending by itself until it is done.
        await page.locator('.badge', { hasText: /^Sent$/ }).waitFor({ timeout: 60_000 });
        await expect(progress.getAttribute('value')).resolves.toBe('2');
        const rows = page.locator('tbody tr');
        await expect(rows.count()).resolves.toBe(2);
        for (const buyer of [buyers.fatima, buyers.layla]) {
          const row = rows.filter({ hasText: buyer.email });
          await expect(row.locator('td').nth(2).innerText()).resolves.toContain('Sent');
        }
        await expect(rows.filter({ hasText: buyers.omar.email }).count()).resolves.toBe(0);
        await expectNoAxeViolations(page, 'the message page');
        await shot(page, 'messages-sent-desktop');

        // The filter: none failed, both sent.
        await page.getByLabel('Show').selectOption('failed');
        await page.getByRole('button', { name: 'Apply' }).click();
        await page.waitForURL(/status=failed/);
        await page.getByText('Nobody to show here.').waitFor();
        await page.getByLabel('Show').selectOption('sent');
        await page.getByRole('button', { name: 'Apply' }).click();
        await page.waitForURL(/status=sent/);
        await expect(page.locator('tbody tr').count()).resolves.toBe(2);

        // Each holder of an Adult ticket has it, in their own name; the Child ticket's holder has not.
        const fatima = await mailTo(buyers.fatima.email, 'Parking for Eid Community Dinner');
        expect(fatima).toHaveLength(1);
        expect(fatima[0]?.text).toContain('Dear Fatima Ali,');
        expect(fatima[0]?.text).not.toContain('{{');
        const layla = await mailTo(buyers.layla.email, 'Parking for Eid Community Dinner');
        expect(layla[0]?.text).toContain('Dear Layla Hassan,');
        expect(await mailTo(buyers.omar.email, 'Parking for Eid Community Dinner')).toHaveLength(0);

        // The list shows it done.
        await page.getByRole('link', { name: '← All messages' }).click();
        await page.waitForURL(`${stack.adminUrl}/events/${eventId}/messages`);
        const line = page.locator('tbody tr', { hasText: 'Parking for {{event}}' });
        await expect(line.innerText()).resolves.toContain('2 of 2 sent');
        await expect(line.innerText()).resolves.toContain('Announcement');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'says a promotion reaches nobody who gave no consent, and offers no send button',
    async () => {
      const { context, page } = await open(`/events/${eventId}/messages/new`);
      try {
        await page.getByLabel('Promotion').check();
        await page.getByLabel('Subject', { exact: true }).fill('Our fundraiser dinner');
        await page.getByLabel('Message', { exact: true }).fill('Join us next month, {{name}}.');
        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await page.getByRole('heading', { name: 'Preview before sending' }).waitFor();
        await expect(count(page, 'Will receive it')).resolves.toBe('0');
        await expect(count(page, 'Skipped: did not agree to promotions')).resolves.toBe('3');
        await page.getByText('Nobody chosen can receive this message.').waitFor();
        await expect(page.getByRole('button', { name: 'Send now' }).count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'refuses a variable it does not know, beside what was written',
    async () => {
      const { context, page } = await open(`/events/${eventId}/messages/new`);
      try {
        await page.getByLabel('Subject', { exact: true }).fill('See you, {{nickname}}');
        await page.getByLabel('Message', { exact: true }).fill('Doors open at six.');
        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await page.getByRole('alert').waitFor();
        await expect(page.getByRole('alert').innerText()).resolves.toContain(
          '{{nickname}} is not one of the details listed below.',
        );
        // Beside the subject it is in, too.
        await expect(page.locator('#subject-en-error').innerText()).resolves.toContain('{{nickname}}');
        await expect(page.getByLabel('Subject', { exact: true }).inputValue()).resolves.toBe('See you, {{nickname}}');
        await expect(page.getByRole('heading', { name: 'Preview before sending' }).count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'works without JavaScript: preview and send are plain form posts, on a phone',
    async () => {
      const { context, page } = await open(`/events/${eventId}/messages/new`, { ...PHONE, javaScriptEnabled: false });
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the composer is wider than the phone').toBeLessThanOrEqual(0);
        await shot(page, 'messages-composer-phone');
        await page.getByLabel('Only people who have not checked in').check();
        await page.getByLabel('Subject', { exact: true }).fill('See you on {{date}}');
        await page.getByLabel('Message', { exact: true }).fill('Doors open at {{time}} at {{venue}}.');
        await Promise.all([
          page.waitForURL(/\?\/preview$/),
          page.getByRole('button', { name: 'Preview', exact: true }).click(),
        ]);
        await expect(count(page, 'Will receive it')).resolves.toBe('3');
        await shot(page, 'messages-preview-phone');
        await Promise.all([
          page.waitForURL(new RegExp(`/events/${eventId}/messages/[0-9a-f-]{36}\\?sent$`)),
          page.getByRole('button', { name: 'Send now' }).click(),
        ]);
        await expect(page.locator('#message-progress').getAttribute('max')).resolves.toBe('3');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'previews the email in each language the organizer writes in, as a ticket holder in it gets it',
    async () => {
      await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { locales: ['en', 'es'] } });
      const { context, page } = await open(`/events/${eventId}/messages/new`);
      try {
        await page.getByLabel('Subject (English)').fill('Parking for {{event}}');
        await page.getByLabel('Message (English)').fill('Dear {{name}}, park behind the hall.');
        await page.getByLabel(/^Subject \(Spanish/).fill('Estacionamiento para {{event}}');
        await page.getByLabel(/^Message \(Spanish/).fill('Hola {{name}}, estacione detrás del salón.');
        const language = page.getByLabel('Language of the preview');
        await expect(language.locator('option').allInnerTexts()).resolves.toEqual(['English', 'Spanish (español)']);
        await expect(language.inputValue()).resolves.toBe('en');

        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        const email = page.frameLocator('iframe.email');
        await email.getByText(/^Dear .+, park behind the hall\.$/).waitFor();
        await expect(email.locator('html').getAttribute('lang')).resolves.toBe('en');

        await language.selectOption('es');
        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await email.getByText(/^Hola .+, estacione detrás del salón\.$/).waitFor();
        await expect(email.locator('html').getAttribute('lang')).resolves.toBe('es');
        await expect(page.locator('.preview .subject').innerText()).resolves.toContain(
          'Estacionamiento para Eid Community Dinner',
        );
        // The choice stays, for the next preview.
        await expect(language.inputValue()).resolves.toBe('es');
        await expectNoAxeViolations(page, 'the composer with a preview in Spanish');
        await shot(page, 'messages-preview-spanish-desktop');
        await previewShot(page, 'messages-preview-email-spanish-desktop');
      } finally {
        await context.close();
        await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { locales: ['en'] } });
      }
    },
    TIMEOUT,
  );
});
