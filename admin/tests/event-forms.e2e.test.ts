/**
 * Every event form in the admin, given a bad value, shows the field's message beside the field,
 * keeps what was typed, and saves nothing: checked in Chromium, and through the API afterwards.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  launchChromium,
  PASSWORD,
  shot,
  signIn,
  signUp,
  startAdminStack,
} from './harness';

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let page: Page;

interface ApiEvent {
  id: string;
  status: string;
  title: Record<string, string>;
  description: Record<string, string>;
  capacity: number | null;
  donation_goal_cents: number | null;
  ends_at: string;
  image_url: string | null;
  tiers: { id: string; name: Record<string, string>; max_per_order: number; min_per_order: number }[];
}

const inDays = (days: number, hour: number) => {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00`;
};

async function createDraft(title: string): Promise<ApiEvent> {
  const starts = new Date(Date.now() + 20 * 86_400_000);
  return stack.call<ApiEvent>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: title },
      category: 'community-meeting',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      venue_name: 'Hall',
      city: 'Silver Spring',
      tiers: [{ name: { en: 'General admission' }, price_cents: 1000, quantity: 50 }],
    },
  });
}

const eventOf = (id: string) => stack.call<ApiEvent>('GET', `/v1/events/${id}`, { token: owner.token });

/** The message shown for an input, found the way assistive technology finds it. */
async function messageFor(input: ReturnType<Page['getByLabel']>): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const errorId = ids.find((id) => id.endsWith('-error'));
  expect(errorId, 'the field points at its message').toBeTruthy();
  return (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  owner = await signUp(stack.call, 'Forms Guild', 'Ruth Bekele');
  page = await signIn(stack.adminUrl, await browser.newContext(), owner.email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('sign-up form', () => {
  it('shows a taken address and a short password beside their fields, and creates nothing', async () => {
    const signUpPage = await (await browser.newContext()).newPage();
    await signUpPage.goto(`${stack.adminUrl}/sign-up`, { waitUntil: 'networkidle' });
    await signUpPage.getByLabel('Organization name').fill('Another Guild');
    const slug = signUpPage.getByLabel('Site address');
    await slug.fill(owner.slug);
    await expect.poll(() => signUpPage.locator('.slug-status').textContent()).toContain('is taken');
    await signUpPage.getByLabel('Your name').fill('Ayan Hassan');
    await signUpPage.getByLabel('Email address').fill('ayan-forms@example.org');
    await signUpPage.getByLabel('Password').fill('short');
    await signUpPage.getByRole('button', { name: 'Create account' }).click();
    const password = signUpPage.getByLabel('Password');
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await signUpPage.locator('#password-error').textContent()).toBe('Password must be at least 10 characters.');
    expect(await signUpPage.getByLabel('Your name').inputValue()).toBe('Ayan Hassan');
    // Only a taken address is refused once the password is long enough.
    await password.fill(PASSWORD);
    await signUpPage.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => signUpPage.locator('#slug-error').textContent()).toContain('is taken');
    const mailbox = await stack.call<{ data: { to: string }[] }>('GET', '/v1/dev/mailbox?limit=200');
    expect(mailbox.data.filter((mail) => mail.to.includes('ayan-forms@example.org'))).toEqual([]);
    await signUpPage.close();
  });
});

describe('new event form', () => {
  it('shows an end before the start beside the end, keeps what was typed, and creates nothing', async () => {
    const before = await stack.call<{ data: unknown[] }>('GET', '/v1/events', { token: owner.token });
    await page.goto(`${stack.adminUrl}/events/new`, { waitUntil: 'networkidle' });
    await page.getByLabel('Title').fill('Backwards night');
    await page.getByLabel('Category').selectOption('community-meeting');
    await page.getByLabel('Starts').fill(inDays(10, 20));
    await page.getByLabel('Ends').fill(inDays(10, 18));
    await page.getByLabel('Venue name').fill('Hall');
    await page.getByLabel(/^Price in/).fill('10');
    await page.getByLabel('How many').fill('40');
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect(await messageFor(page.getByLabel('Ends'))).toBe('The event must end after it starts.');
    expect(await page.getByLabel('Title').inputValue()).toBe('Backwards night');
    expect(await page.getByLabel(/^Price in/).inputValue()).toBe('10');
    const after = await stack.call<{ data: unknown[] }>('GET', '/v1/events', { token: owner.token });
    expect(after.data).toHaveLength(before.data.length);
  });

  it('refuses a price that is not an amount, beside the price', async () => {
    await page.goto(`${stack.adminUrl}/events/new`, { waitUntil: 'networkidle' });
    await page.getByLabel('Title').fill('Priceless');
    await page.getByLabel('Category').selectOption('community-meeting');
    await page.getByLabel('Starts').fill(inDays(10, 18));
    await page.getByLabel('Ends').fill(inDays(10, 20));
    await page.getByLabel('Venue name').fill('Hall');
    await page.getByLabel(/^Price in/).fill('ten dollars');
    await page.getByLabel('How many').fill('40');
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect(await messageFor(page.getByLabel(/^Price in/))).toMatch(/^Enter an amount such as 25/);
  });
});

describe('event editor', () => {
  it('details: a capacity that is not a number is shown beside it and nothing changes', async () => {
    const event = await createDraft('Capacity check');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByLabel('Title').fill('Renamed while wrong');
    await details.getByLabel(/^Capacity/).fill('lots');
    await details.getByRole('button', { name: 'Save draft' }).click();
    expect(await messageFor(details.getByLabel(/^Capacity/))).toBe('Enter a whole number, such as 100.');
    expect(await details.getByLabel('Title').inputValue()).toBe('Renamed while wrong');
    expect((await eventOf(event.id)).title).toEqual({ en: 'Capacity check' });
  });

  it("details: the API's own refusal (a donation goal under a dollar) is shown beside the goal", async () => {
    const event = await createDraft('Goal check');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByLabel('Accept donations with tickets').check();
    await details.getByLabel(/^Donation goal/).fill('0.50');
    await details.getByRole('button', { name: 'Save draft' }).click();
    expect(await messageFor(details.getByLabel(/^Donation goal/))).toBe('Donation goal must be $1.00 or more.');
    expect((await eventOf(event.id)).donation_goal_cents).toBeNull();
  });

  it('tickets: a maximum under the minimum is refused beside the maximum', async () => {
    const event = await createDraft('Tier check');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const tickets = page.getByRole('region', { name: 'Tickets' });
    await tickets.locator('summary', { hasText: 'General admission' }).click();
    const tierId = event.tiers[0]?.id;
    await page.locator(`#tier-${tierId}-min_per_order`).fill('4');
    await page.locator(`#tier-${tierId}-max_per_order`).fill('2');
    await tickets.getByRole('button', { name: 'Save ticket type' }).click();
    expect(await messageFor(page.locator(`#tier-${tierId}-max_per_order`) as never)).toBe(
      'Maximum per order must be at least the minimum per order.',
    );
    const tier = (await eventOf(event.id)).tiers[0];
    expect([tier?.min_per_order, tier?.max_per_order]).toEqual([1, 10]);
  });

  it('add-ons: a stock that is not a number is refused and no add-on is made', async () => {
    const event = await createDraft('Add-on check');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const addOns = page.getByRole('region', { name: 'Add-ons' });
    await addOns.getByText('Add an add-on').click();
    await page.locator('#new-add-on-name').fill('Dinner plate');
    await page.locator('#new-add-on-price').fill('15');
    await page.locator('#new-add-on-quantity').fill('-3');
    await addOns.getByRole('button', { name: 'Add add-on' }).click();
    expect(await messageFor(page.locator('#new-add-on-quantity') as never)).toBe('Enter a whole number, such as 100.');
    expect(await page.locator('#new-add-on-name').inputValue()).toBe('Dinner plate');
    const products = await stack.call<{ data: unknown[] }>('GET', `/v1/products?event_id=${event.id}`, {
      token: owner.token,
    });
    expect(products.data).toEqual([]);
  });

  it('cover image: an SVG is refused with what to upload instead, and the event keeps no image', async () => {
    const event = await createDraft('Image check');
    const svg = path.join(tmpdir(), `not-a-photo-${event.id}.svg`);
    await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const image = page.getByRole('region', { name: 'Cover image' });
    await image.getByLabel('Image file').setInputFiles(svg);
    await image.getByRole('button', { name: 'Upload image' }).click();
    expect(await messageFor(image.getByLabel('Image file'))).toContain('JPEG, PNG or WebP');
    expect((await eventOf(event.id)).image_url).toBeNull();
  });

  it('duplicate: opens the new draft, says it is a copy, and leaves the original as it was', async () => {
    const event = await createDraft('Series night');
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]+\/edit\?duplicated=1$/);
    const copyId = page.url().match(/events\/([0-9a-f-]+)\/edit/)?.[1] ?? '';
    expect(copyId).not.toBe(event.id);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('This is a copy'));
    expect((await eventOf(copyId)).title).toEqual({ en: 'Series night' });
    expect((await eventOf(event.id)).status).toBe('draft');
  });

  it('delete: a ticket type without sales, then the draft, go from the editor and the event list', async () => {
    const event = await createDraft('Draft to delete');
    await stack.call('POST', `/v1/events/${event.id}/tiers`, {
      token: owner.token,
      body: { name: { en: 'Balcony' }, price_cents: 2000, quantity: 20 },
    });
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const tickets = page.getByRole('region', { name: 'Tickets' });
    await tickets.locator('summary', { hasText: 'Balcony' }).click();
    await tickets.getByRole('button', { name: 'Delete this ticket type' }).click();
    await expect.poll(() => tickets.locator('summary', { hasText: 'Balcony' }).count()).toBe(0);
    await page.reload({ waitUntil: 'networkidle' });
    expect(await tickets.getByText('Balcony').count()).toBe(0);
    expect((await eventOf(event.id)).tiers.map((tier) => tier.name.en)).toEqual(['General admission']);

    await page.getByRole('button', { name: 'Delete draft' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(stack.adminUrl, { waitUntil: 'networkidle' });
    expect(await page.getByText('Draft to delete').count()).toBe(0);
    await expect(eventOf(event.id)).rejects.toThrow(/404/);
  });

  it('cancel: without the confirmation ticked, nothing is cancelled', async () => {
    const event = await createDraft('Cancel check');
    await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
    await page.goto(`${stack.adminUrl}/events/${event.id}/cancel`, { waitUntil: 'networkidle' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cancel this event?');
    await page.getByLabel(/I understand/).evaluate((box) => box.removeAttribute('required'));
    await page.getByRole('button', { name: 'Cancel event' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Tick the box');
    expect((await eventOf(event.id)).status).toBe('published');
  });
});

describe('an event in several languages', () => {
  it('says how much each language has, names what it lacks, and is complete once it is written', async () => {
    await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { locales: ['en', 'am'] } });
    try {
      const starts = new Date(Date.now() + 25 * 86_400_000);
      const event = await stack.call<ApiEvent>('POST', '/v1/events', {
        token: owner.token,
        body: {
          title: { en: 'New Year Gala', am: 'የአዲስ ዓመት ጋላ' },
          description: { en: 'Music and food for the whole family.' },
          category: 'gala-fundraiser',
          venue_name: 'Hall',
          city: 'Silver Spring',
          time_zone: 'America/New_York',
          starts_at: starts.toISOString(),
          ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
          tiers: [{ name: { en: 'General admission' }, price_cents: 1000, quantity: 50 }],
        },
      });
      await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
      const languages = page.getByRole('region', { name: 'Languages' });
      const amharic = languages.locator('li', { hasText: 'Amharic' });
      await expect(amharic.innerText()).resolves.toMatch(
        /1 of 3 written\s+Missing: Description, Ticket “General admission”\./,
      );
      await shot(page, 'event-editor-languages-incomplete');

      const details = page.getByRole('region', { name: 'Details' });
      await details.getByLabel(/^Description — Amharic/).fill('ሙዚቃ እና ምግብ ለመላው ቤተሰብ።');
      await details.getByRole('button', { name: 'Save draft' }).click();
      await expect
        .poll(async () => (await eventOf(event.id)).description)
        .toEqual({
          en: 'Music and food for the whole family.',
          am: 'ሙዚቃ እና ምግብ ለመላው ቤተሰብ።',
        });
      await shot(page, 'event-editor-languages-saved');
      await expect.poll(() => amharic.innerText()).toMatch(/2 of 3 written\s+Missing: Ticket “General admission”\./);
      await stack.call('PATCH', `/v1/events/${event.id}/tiers/${event.tiers[0]?.id}`, {
        token: owner.token,
        body: { name: { en: 'General admission', am: 'መደበኛ መግቢያ' } },
      });
      await page.reload({ waitUntil: 'networkidle' });
      await expect(amharic.innerText()).resolves.toMatch(/Complete/);
      await expect(amharic.innerText()).resolves.not.toMatch(/Missing/);
    } finally {
      await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { locales: ['en'] } });
    }
  });
});
