/**
 * Attendee lists and their exports in a real browser: buyers answer the news question at
 * checkout, the organizer searches the event's attendees, exports them, follows the export's
 * progress and downloads the file, whose every row must be what the database holds. Then an
 * event of 50,000 tickets, whose export shows its progress on the way.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  DESKTOP,
  databaseUrl,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signedInState,
  signUp,
  startAdminStack,
  watchCsp,
} from './harness';

const CARD_OK = '4242424242424242';
const TIMEOUT = 120_000;
/** Tickets of the big event: one order of ten through checkout, the rest written in SQL. */
const BIG = 50_000;

interface PgClient {
  connect(): Promise<void>;
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
// The API's own PostgreSQL driver and CSV reader: the admin has neither of its own.
const apiRequire = createRequire(path.join(import.meta.dirname, '..', '..', 'api', 'package.json'));
const pg = apiRequire('pg') as { Client: new (options: { connectionString: string }) => PgClient };
const { parse } = apiRequire('csv-parse/sync') as { parse: (text: string) => string[][] };

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId: string;
let bigEventId: string;
const cspViolations: string[] = [];

/** The buyers of the small event: who they are, how many tickets, and their answer to the news question. */
const buyers = [
  { name: 'Marie Laurent', tickets: 2, consent: true },
  { name: 'Kwame Mensah', tickets: 1, consent: undefined },
  { name: 'Amina Diallo', tickets: 3, consent: true },
  { name: 'Tesfaye Bekele', tickets: 1, consent: false },
].map((buyer) => ({
  ...buyer,
  email: `${buyer.name.split(' ')[0]?.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`,
}));

/** Buys tickets at the organizer's public checkout, as the storefront does, and pays by card. */
async function buy(tierId: string, quantity: number, buyer: { name: string; email: string; consent?: boolean }) {
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: {
        buyer: {
          name: buyer.name,
          email: buyer.email,
          ...(buyer.consent === undefined ? {} : { marketing_consent: buyer.consent }),
        },
        tickets: [{ tier_id: tierId, quantity }],
      },
    },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: { method: 'card', card_number: CARD_OK } },
  );
  return held.order.id;
}

async function newEvent(title: string, tier: { name: string; quantity: number }) {
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: title },
      category: 'gala-fundraiser',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      venue_name: 'Roxbury Community Hall',
      city: 'Boston',
      state: 'MA',
      tiers: [{ name: { en: tier.name }, price_cents: 2500, quantity: tier.quantity }],
    },
  });
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  const tierId = event.tiers[0]?.id;
  if (!tierId) throw new Error('the event has no tier');
  return { id: event.id, tierId };
}

async function withDatabase<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await databaseUrl(stack) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Copies the template order (ten tickets) into `orders` more orders of ten, in one transaction,
 * as the database owner: 50,000 tickets through checkout would take the whole test run.
 * Each copy has a buyer of its own; every third one agreed to news.
 */
async function copyOrders(templateOrderId: string, orders: number): Promise<void> {
  await withDatabase(async (client) => {
    await client.query('begin');
    try {
      await client.query(
        `create temp table bulk on commit drop as
           select g, gen_random_uuid() as order_id, gen_random_uuid() as line_id from generate_series(1, $1::int) g`,
        [orders],
      );
      await client.query(
        `insert into orders
           select (jsonb_populate_record(null::orders, to_jsonb(o) || jsonb_build_object(
             'id', b.order_id,
             'number', 'BK' || lpad(b.g::text, 6, '0'),
             'buyer_name', 'Bulk Buyer ' || lpad(b.g::text, 6, '0'),
             'buyer_email', 'bulk-' || b.g || '@example.org',
             'marketing_consent', b.g % 3 = 0,
             'payment_intent_id', null,
             'customer_id', null
           ))).*
           from orders o, bulk b where o.id = $1`,
        [templateOrderId],
      );
      await client.query(
        `insert into order_lines
           select (jsonb_populate_record(null::order_lines, to_jsonb(l) || jsonb_build_object(
             'id', b.line_id, 'order_id', b.order_id
           ))).*
           from order_lines l, bulk b where l.order_id = $1 and l.kind = 'ticket'`,
        [templateOrderId],
      );
      await client.query(
        `insert into tickets
           select (jsonb_populate_record(null::tickets, to_jsonb(t) || jsonb_build_object(
             'id', gen_random_uuid(),
             'order_id', b.order_id,
             'order_line_id', b.line_id,
             'attendee_name', '',
             'short_code', app.random_ticket_short_code()
           ))).*
           from tickets t, bulk b where t.order_id = $1`,
        [templateOrderId],
      );
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  owner = await signUp(stack.call, 'Roxbury Diaspora Arts', 'Ngozi Okafor');
  const small = await newEvent('Highlife and Konpa Evening', { name: 'General admission', quantity: 100 });
  eventId = small.id;
  for (const buyer of buyers) await buy(small.tierId, buyer.tickets, buyer);

  const big = await newEvent('Caribbean Carnival Parade', { name: 'Parade pass', quantity: BIG });
  bigEventId = big.id;
  const template = await buy(big.tierId, 10, { name: 'Carnival Committee', email: 'committee@example.org' });
  await copyOrders(template, BIG / 10 - 1);

  ownerState = await signedInState(browser, stack.adminUrl, owner.email);
}, 300_000);

afterAll(async () => {
  expect(cspViolations).toEqual([]);
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function asOwner(at: string, options: Parameters<Browser['newContext']>[0] = DESKTOP) {
  const context = await browser.newContext({
    locale: 'en-US',
    ...options,
    storageState: ownerState,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  watchCsp(page, cspViolations);
  const response = await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
  expect(response?.status(), at).toBe(200);
  return { context, page };
}

/** The attendees of an event as the database holds them, in the file's words. */
async function attendeesInDatabase(event: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{
      name: string;
      email: string;
      consent: boolean;
      number: string;
      code: string;
    }>(
      `select coalesce(nullif(t.attendee_name, ''), o.buyer_name) as name, o.buyer_email as email,
              o.marketing_consent as consent, o.number, t.short_code as code
         from tickets t join orders o on o.tenant_id = t.tenant_id and o.id = t.order_id
        where t.event_id = $1`,
      [event],
    );
    return rows;
  });
}

/** Waits on an export's page until its file is ready; answers what the progress bar showed on the way. */
async function followProgress(page: Page, shotName?: string) {
  const seen: { value: number; max: number }[] = [];
  let shotTaken = false;
  const readBar = async () => {
    const bar = page.locator('progress');
    if ((await bar.count()) !== 1) return;
    const [value, max] = await Promise.all([bar.getAttribute('value'), bar.getAttribute('max')]);
    if (value === null || max === null) return;
    seen.push({ value: Number(value), max: Number(max) });
    if (shotName && !shotTaken && Number(value) > 0 && Number(value) < Number(max)) {
      shotTaken = true;
      await shot(page, shotName);
    }
  };
  for (let waited = 0; waited < 180_000; waited += 150) {
    await readBar();
    if ((await page.getByRole('link', { name: /^Download / }).count()) === 1) {
      // The page may have moved on between the two looks: the bar once more, as the file is ready.
      await readBar();
      return seen;
    }
    await page.waitForTimeout(150);
  }
  throw new Error(`the export did not finish; the page says ${await page.locator('main').innerText()}`);
}

async function download(page: Page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Download / }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8'), path: await file.path() };
}

describe('the attendee list', () => {
  it(
    'lists every ticket with its buyer and the answer to the news question, and searches them',
    async () => {
      const { context, page } = await asOwner(`/events/${eventId}/edit`);
      try {
        await page.getByRole('navigation', { name: 'This event' }).getByRole('link', { name: 'Attendees' }).click();
        await page.waitForURL(`${stack.adminUrl}/events/${eventId}/attendees`);
        await page.waitForLoadState('networkidle');
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Attendees');
        const rows = page.getByTestId('attendee-row');
        await expect(rows.count()).resolves.toBe(7);
        const headings = (await page.locator('thead th').allTextContents()).map((text) => text.trim());
        expect(headings).toEqual([
          'Name',
          'Tier',
          'Ticket code',
          'Status',
          'Checked in',
          'Buyer',
          'Email',
          'Agreed to news',
          'Order',
        ]);
        // Each buyer's tickets say their answer in words; no answer at checkout is a no.
        for (const buyer of buyers) {
          const theirs = rows.filter({ hasText: buyer.email });
          await expect(theirs.count()).resolves.toBe(buyer.tickets);
          for (const cells of await theirs.evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText)),
          )) {
            expect(cells[0]).toBe(buyer.name);
            expect(cells[1]).toBe('General admission');
            expect(cells[2]).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
            expect(cells[3]).toBe('Valid');
            expect(cells[4]).toBe('Not yet');
            expect(cells[7]).toBe(buyer.consent ? 'Yes' : 'No');
          }
        }
        // The order number leads to the order.
        const marie = buyers[0];
        const orderLink = rows
          .filter({ hasText: marie?.email ?? '' })
          .first()
          .getByRole('link');
        const number = (await orderLink.innerText()).replace('#', '');
        await Promise.all([page.waitForURL(/\/orders\/[0-9a-f-]{36}$/), orderLink.click()]);
        await expect(
          page
            .getByText(marie?.email ?? '')
            .first()
            .isVisible(),
        ).resolves.toBe(true);
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(number);
        await page.goBack({ waitUntil: 'networkidle' });

        await expectNoAxeViolations(page, 'attendees (desktop)');
        await shot(page, 'exports-attendees-desktop');

        await page.getByLabel('Name, email, order number or ticket code').fill('amina');
        await Promise.all([page.waitForURL(/\?q=amina$/), page.getByRole('button', { name: 'Search' }).click()]);
        await expect(rows.count()).resolves.toBe(3);
        expect((await rows.allInnerTexts()).every((text) => text.includes('Amina Diallo'))).toBe(true);
        await expect(page.getByText('Attendees that match “amina”, in name order.').isVisible()).resolves.toBe(true);
        await page.getByLabel('Name, email, order number or ticket code').fill('nobody-like-this');
        await Promise.all([page.waitForURL(/q=nobody/), page.getByRole('button', { name: 'Search' }).click()]);
        await expect(page.getByText('No attendee matches “nobody-like-this”.').isVisible()).resolves.toBe(true);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'fits a phone, its table scrolling inside its box',
    async () => {
      const { context, page } = await asOwner(`/events/${eventId}/attendees`, PHONE);
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expect(page.getByRole('button', { name: 'Export CSV' }).isVisible()).resolves.toBe(true);
        await expectNoAxeViolations(page, 'attendees (phone)');
        await shot(page, 'exports-attendees-phone');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});

describe('exporting attendees', () => {
  it(
    'writes a CSV file whose every row is what the database holds',
    async () => {
      const { context, page } = await asOwner(`/events/${eventId}/attendees`);
      try {
        await Promise.all([
          page.waitForURL(/\/exports\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Attendee list export');
        const seen = await followProgress(page);
        expect(seen.at(-1)).toEqual({ value: 7, max: 7 });
        await expect(page.getByTestId('export-progress-text').innerText()).resolves.toBe('The file is ready. Rows: 7');
        await expect(page.getByText(/^You can download it until .+; then it is deleted\.$/).isVisible()).resolves.toBe(
          true,
        );
        await expectNoAxeViolations(page, 'export (done)');

        const file = await download(page);
        expect(file.name).toMatch(/^attendees-highlife-and-konpa-evening-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(file.text.startsWith('\uFEFF')).toBe(true);
        const [header, ...records] = parse(file.text.slice(1));
        expect(header).toEqual([
          'Attendee',
          'Ticket type',
          'Ticket code',
          'Ticket status',
          'Checked in',
          'Buyer',
          'Email',
          'Language',
          'Order',
          'Agreed to news',
        ]);
        const inFile = records.map((record) =>
          [record[0], record[6], record[9], record[8], record[2]?.replaceAll('-', '')].join('|'),
        );
        const inDatabase = (await attendeesInDatabase(eventId)).map((row) =>
          [row.name, row.email, row.consent ? 'Yes' : 'No', row.number, row.code].join('|'),
        );
        expect(inFile.sort()).toEqual(inDatabase.sort());
        // What each buyer answered at checkout is what the file says.
        for (const buyer of buyers) {
          const theirs = records.filter((record) => record[6] === buyer.email);
          expect(theirs).toHaveLength(buyer.tickets);
          expect(new Set(theirs.map((record) => record[9]))).toEqual(new Set([buyer.consent ? 'Yes' : 'No']));
        }
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'exports the search as an Excel file, and lists every export with who asked for it',
    async () => {
      const { context, page } = await asOwner(`/events/${eventId}/attendees?q=amina`);
      try {
        await Promise.all([
          page.waitForURL(/\/exports\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Export Excel' }).click(),
        ]);
        const seen = await followProgress(page);
        expect(seen.at(-1)).toEqual({ value: 3, max: 3 });
        const file = await download(page);
        expect(file.name).toMatch(/\.xlsx$/);
        // A workbook is a zip archive.
        expect((await readFile(file.path)).subarray(0, 2).toString('latin1')).toBe('PK');

        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click();
        await page.waitForURL(`${stack.adminUrl}/exports`);
        await page.waitForLoadState('networkidle');
        const rows = page.getByTestId('export-row');
        await expect(rows.count()).resolves.toBeGreaterThanOrEqual(2);
        const newest = (await rows.first().locator('th, td').allInnerTexts()).map((text) => text.trim());
        expect(newest[0]).toMatch(/^Attendees\n.+\.xlsx$/);
        expect(newest.slice(1, 4)).toEqual(['Highlife and Konpa Evening', 'amina', 'Excel']);
        expect(newest[4]).toContain('Ngozi Okafor');
        expect(newest.slice(5, 7)).toEqual(['3', 'Ready']);
        expect(newest[7]).toMatch(/^Download\nuntil /);
        await expect(rows.nth(1).locator('td').nth(1).innerText()).resolves.toBe('Whole list');
        await expectNoAxeViolations(page, 'exports list');
        await shot(page, 'exports-list-desktop');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'exports the orders of the event the orders page is narrowed to',
    async () => {
      const { context, page } = await asOwner(`/orders?event_id=${eventId}`);
      try {
        await expect(
          page.getByText('The file holds every order with tickets to Highlife and Konpa Evening.').isVisible(),
        ).resolves.toBe(true);
        await Promise.all([
          page.waitForURL(/\/exports\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Order list export');
        await followProgress(page);
        const file = await download(page);
        const [header, ...records] = parse(file.text.slice(1));
        expect(header?.slice(0, 8)).toEqual([
          'Order',
          'Placed',
          'Paid',
          'Status',
          'Buyer',
          'Email',
          'Language',
          'Agreed to news',
        ]);
        expect(records.map((record) => `${record[5]}|${record[7]}`).sort()).toEqual(
          buyers.map((buyer) => `${buyer.email}|${buyer.consent ? 'Yes' : 'No'}`).sort(),
        );
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'sends a download of a file that is gone back to the export’s page, which offers to export again',
    async () => {
      const { context, page } = await asOwner('/exports');
      try {
        // The Excel file of the search for "amina".
        const row = page.getByTestId('export-row').filter({ hasText: 'amina' }).first();
        const href = await row.getByRole('link').first().getAttribute('href');
        const id = href?.split('/').at(-1) ?? '';
        // The day is up: the API answers 410 from then on.
        await withDatabase((client) =>
          client.query("update exports set expires_at = now() - interval '1 minute' where id = $1", [id]),
        );
        // The list was read before: its link is still there, and leads to the sentence instead of a file.
        await Promise.all([
          page.waitForURL(`${stack.adminUrl}/exports/${id}?download=expired`),
          row.getByRole('link', { name: /^Download / }).click(),
        ]);
        await expect(page.getByTestId('export-progress-text').innerText()).resolves.toBe(
          'This file was deleted when its 24 hours were up. Export the list again for a new file.',
        );
        await Promise.all([
          page.waitForURL((url) => /\/exports\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id)),
          page.getByRole('button', { name: 'Export again' }).click(),
        ]);
        const seen = await followProgress(page);
        expect(seen.at(-1)).toEqual({ value: 3, max: 3 });
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});

describe('an event of 50,000 tickets', () => {
  it(
    'pages its attendee list',
    async () => {
      const { context, page } = await asOwner(`/events/${bigEventId}/attendees`);
      try {
        const rows = page.getByTestId('attendee-row');
        await expect(rows.count()).resolves.toBe(50);
        const first = await rows.first().innerText();
        await Promise.all([page.waitForURL(/cursor=/), page.getByRole('link', { name: 'Next page' }).click()]);
        await expect(rows.count()).resolves.toBe(50);
        expect(await rows.first().innerText()).not.toBe(first);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it('shows the export’s progress on the way, and the file has every ticket', async () => {
    const { context, page } = await asOwner(`/events/${bigEventId}/attendees`);
    try {
      await Promise.all([
        page.waitForURL(/\/exports\/[0-9a-f-]{36}$/),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const seen = await followProgress(page, 'exports-progress-midway');
      const midway = seen.filter(({ value, max }) => max === BIG && value > 0 && value < max);
      expect(midway.length, JSON.stringify(seen.slice(0, 20))).toBeGreaterThan(0);
      expect(seen.at(-1)).toEqual({ value: BIG, max: BIG });
      await expect(page.getByTestId('export-progress-text').innerText()).resolves.toBe(
        'The file is ready. Rows: 50,000',
      );
      const file = await download(page);
      expect(file.text.slice(1).trimEnd().split('\r\n')).toHaveLength(BIG + 1);
    } finally {
      await context.close();
    }
  }, 240_000);
});
