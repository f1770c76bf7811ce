/**
 * A new organizer, from nothing to a selling event, in the admin and then on her storefront, as
 * she and her first buyer would do it in Chromium. Prints how many fields she filled and how many
 * times she clicked to publish her first event, and how long it took.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminStack, launchChromium, PASSWORD, PHONE, shot, startAdminStack } from './harness';

let stack: AdminStack;
let browser: Browser;
const imageFile = path.join(import.meta.dirname, 'fixtures', 'cover.jpg');

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack({}, { storefront: true }), launchChromium()]);
  // A photo-sized JPEG with a gradient, as a phone would take one.
  await sharp({ create: { width: 1800, height: 900, channels: 3, background: { r: 30, g: 90, b: 60 } } })
    .composite([
      {
        input: Buffer.from('<svg width="1800" height="900"><circle cx="900" cy="450" r="300" fill="#f5c542"/></svg>'),
      },
    ])
    .jpeg({ quality: 80 })
    .toFile(imageFile);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Counts what a person does: each field filled and each click, for the report at the end. */
class Effort {
  fields = 0;
  clicks = 0;
  async fill(field: Locator, value: string) {
    await field.fill(value);
    this.fields += 1;
  }
  async select(field: Locator, value: string) {
    await field.selectOption(value);
    this.fields += 1;
  }
  async upload(field: Locator, file: string) {
    await field.setInputFiles(file);
    this.fields += 1;
  }
  async click(target: Locator) {
    await target.click();
    this.clicks += 1;
  }
}

const suffix = randomBytes(3).toString('hex');
const organization = `Habesha Youth DC ${suffix}`;
const email = `selam-${suffix}@example.org`;

async function openEmailedLink(page: Page, to: string, subject: RegExp): Promise<void> {
  for (let tries = 0; ; tries += 1) {
    await page.goto(`${stack.adminUrl}/dev/mailbox`);
    const mail = page
      .getByTestId('mail')
      .filter({ hasText: to })
      .filter({ has: page.getByRole('heading', { name: subject }) });
    if ((await mail.count()) > 0) {
      await mail.first().getByRole('link').first().click();
      return;
    }
    if (tries > 60) throw new Error(`no email to ${to} about ${subject}`);
    await page.waitForTimeout(500);
  }
}

describe('a new organizer, from sign-up to her first sale', () => {
  let page: Page;
  let eventId = '';
  let slug = '';

  it('signs up in the admin, checks the address and verifies through the mail sink', async () => {
    const context = await browser.newContext(PHONE);
    page = await context.newPage();
    await page.goto(`${stack.adminUrl}/sign-in`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Create an organizer account' }).click();
    await page.waitForURL(`${stack.adminUrl}/sign-up`);
    await page.getByLabel('Organization name').pressSequentially(organization);
    const expected = `habesha-youth-dc-${suffix}`;
    await expect.poll(() => page.getByLabel('Site address').inputValue()).toBe(expected);
    await expect.poll(() => page.locator('.slug-status').textContent()).toContain('is free');
    slug = expected;
    await page.getByLabel('Your name').fill('Selam Tesfaye');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await shot(page, 'sign-up-phone');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');

    await openEmailedLink(page, email, /./);
    await page.waitForURL(/\/confirm-sign-up/);
    await page.getByRole('button', { name: /Create account/ }).click();
    await page.waitForURL(`${stack.adminUrl}/`);
    const checklist = page.getByRole('region', { name: /Getting started/ });
    await expect.poll(() => checklist.textContent()).toContain('0 of 5 done');
    await shot(page, 'checklist-phone');
  });

  it('creates, fills and publishes her first event within 15 fields', async () => {
    const effort = new Effort();
    const started = Date.now();
    await effort.click(page.getByRole('link', { name: 'Create event' }).first());
    await page.waitForURL(/\/events\/new$/);
    await effort.fill(page.getByLabel('Title'), 'Timkat Celebration Night');
    await effort.select(page.getByLabel('Category'), 'cultural-festival');
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await effort.fill(page.getByLabel('Starts'), `${day}T18:00`);
    await effort.fill(page.getByLabel('Ends'), `${day}T23:00`);
    await effort.fill(page.getByLabel('Venue name'), 'Silver Spring Civic Building');
    await effort.fill(page.getByLabel('Address'), '1 Veterans Pl');
    await effort.fill(page.getByLabel('City'), 'Silver Spring');
    await effort.fill(page.getByLabel('State'), 'MD');
    await effort.fill(page.getByLabel(/^Price in/), '25');
    await effort.fill(page.getByLabel('How many'), '200');
    await effort.upload(page.getByLabel('Image file'), imageFile);
    await shot(page, 'new-event-phone');
    await effort.click(page.getByRole('button', { name: 'Save draft' }));
    await page.waitForURL(/\/events\/[0-9a-f-]+\/edit\?created=1$/);
    eventId = page.url().match(/events\/([0-9a-f-]+)\/edit/)?.[1] ?? '';
    await effort.click(page.getByRole('button', { name: 'Publish' }));
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('Published'));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `first event published: ${effort.fields} fields filled, ${effort.clicks} clicks, ${seconds.toFixed(1)} s`,
    );
    expect(effort.fields).toBeLessThanOrEqual(15);
  });

  it.todo('adds a second tier, an add-on and donations with a goal');
});
