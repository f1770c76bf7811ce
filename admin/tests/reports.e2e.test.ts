/**
 * The reports in a real browser: an organizer sells tickets by card and for cash at the door,
 * refunds one, and reads the figures on /reports and in the CSV file they download, which must
 * agree with the API's report to the cent.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
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

const CARD_OK = '4242424242424242';
/** Each test opens pages and runs axe on a shared two-core machine. */
const TIMEOUT = 120_000;

interface SalesTotals {
  sales_cents: number;
  card_cents: number;
  in_person_cents: number;
  refunds_cents: number;
  fees_cents: number;
  tax_cents: number;
  net_cents: number;
}
interface SalesReport {
  currency: string;
  time_zone: string;
  rows: unknown[];
  totals: SalesTotals;
}

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId: string;
/** The organizer's current calendar year, the reports' default range. */
let year: { from: string; to: string };

/** Holds tickets at the organizer's public checkout and pays as `payment` says. */
async function order(tierId: string, quantity: number, buyer: string, payment: Record<string, string>, cart = {}) {
  const email = `${buyer.split(' ')[0]?.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`;
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    { body: { buyer: { name: buyer, email }, tickets: [{ tier_id: tierId, quantity }], ...cart } },
  );
  const paid = await stack.call<{ order: { id: string; status: string; tickets: { id: string }[] } }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: payment },
  );
  return paid.order;
}

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const decimal = (cents: number) => (cents / 100).toFixed(2);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  owner = await signUp(stack.call, 'Haitian Heritage Association', 'Marie Joseph');
  await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { time_zone: 'America/New_York' } });
  await stack.call('PATCH', '/v1/organizer/checkout-settings', {
    token: owner.token,
    body: { offline_methods: ['cash'] },
  });
  await stack.call('POST', '/v1/tax-rates', {
    token: owner.token,
    body: { state: 'FL', rate_ppm: 60_000, label: 'Florida sales tax' },
  });
  const starts = new Date(Date.now() + 20 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string; position: number }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Flag Day Konpa Night', ht: 'Fèt Drapo Konpa' },
      category: 'gala-fundraiser',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 5 * 3_600_000).toISOString(),
      venue_name: 'Little Haiti Cultural Complex',
      city: 'Miami',
      state: 'FL',
      donations_enabled: true,
      donation_goal_cents: 100_000,
      tiers: [
        { name: { en: 'General admission', ht: 'Antre jeneral' }, price_cents: 4000, quantity: 200, position: 0 },
        { name: { en: 'VIP table seat', ht: 'Plas tab VIP' }, price_cents: 12_500, quantity: 20, position: 1 },
      ],
    },
  });
  eventId = event.id;
  await stack.call('POST', `/v1/events/${eventId}/publish`, { token: owner.token });
  const [general, vip] = [...event.tiers].sort((a, b) => a.position - b.position);
  if (!general || !vip) throw new Error('the event has no tiers');

  // By card: three general tickets with a gift, and a VIP seat; one general ticket is refunded.
  const family = await order(
    general.id,
    3,
    'Jean Baptiste',
    { method: 'card', card_number: CARD_OK },
    {
      donations: [{ event_id: eventId, amount_cents: 2500 }],
    },
  );
  await order(vip.id, 1, 'Nadine Pierre', { method: 'card', card_number: CARD_OK });
  // In cash at the door, recorded by the owner.
  const atTheDoor = await order(general.id, 2, 'Rose Michel', { method: 'cash' });
  expect(atTheDoor.status).toBe('pending');
  await stack.call('POST', `/v1/orders/${atTheDoor.id}/mark-paid`, {
    token: owner.token,
    body: { receipt_reference: 'Receipt 0042' },
  });
  const refunded = family.tickets[0]?.id;
  await stack.call('POST', `/v1/orders/${family.id}/refunds`, { token: owner.token, body: { ticket_ids: [refunded] } });

  const zone = 'America/New_York';
  const thisYear = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(new Date());
  year = { from: `${thisYear}-01-01`, to: `${thisYear}-12-31` };

  ownerState = await signedInState(browser, stack.adminUrl, owner.email);
}, 240_000);

afterAll(async () => {
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
  const response = await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
  expect(response?.status(), at).toBe(200);
  return { context, page };
}

async function apiSales(): Promise<SalesReport> {
  return stack.call<SalesReport>('GET', `/v1/reports/sales?from=${year.from}&to=${year.to}`, { token: owner.token });
}

const totalsOnScreen = (page: Page) => page.getByTestId('report-totals').locator('th, td').allInnerTexts();

describe('the sales report', () => {
  it(
    'shows this year’s sales with totals equal to the API’s, on a desktop',
    async () => {
      const { context, page } = await asOwner('/');
      try {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
        await page.waitForURL(/\/reports$/);
        await page.waitForLoadState('networkidle');
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Reports');
        await expect(
          page.getByText('Days are counted in your organization’s time zone: America/New_York.').count(),
        ).resolves.toBe(1);
        await expect(page.getByRole('link', { name: 'Sales', exact: true }).getAttribute('aria-current')).resolves.toBe(
          'page',
        );
        await expect(page.getByLabel('From').inputValue()).resolves.toBe(year.from);
        await expect(page.getByLabel('To', { exact: true }).inputValue()).resolves.toBe(year.to);

        const api = await apiSales();
        // Two tiers, the gift; refunds land on the day they were given, today too.
        expect(api.rows.length).toBeGreaterThanOrEqual(3);
        // The cash order ($80 of tickets, with its tax) was paid in person.
        expect(api.totals.in_person_cents).toBeGreaterThanOrEqual(8000);
        expect(api.totals.refunds_cents).toBeGreaterThan(0);
        expect(await page.getByTestId('report-row').count()).toBe(api.rows.length);
        const t = api.totals;
        expect(await totalsOnScreen(page)).toEqual([
          'Total',
          '',
          '',
          ...[
            t.sales_cents,
            t.card_cents,
            t.in_person_cents,
            t.refunds_cents,
            t.fees_cents,
            t.tax_cents,
            t.net_cents,
          ].map(usd),
        ]);
        const rows = await page.getByTestId('report-row').allInnerTexts();
        expect(rows.some((row) => row.includes('Donation: Flag Day Konpa Night'))).toBe(true);
        expect(rows.some((row) => row.includes('VIP table seat'))).toBe(true);
        await expectNoAxeViolations(page, '/reports (sales, desktop)');
        await shot(page, 'reports-sales-desktop');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'downloads the same figures as a CSV file',
    async () => {
      const { context, page } = await asOwner('/reports?report=sales');
      try {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download CSV' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`sales-${year.from}-${year.to}.csv`);
        const file = await readFile(await download.path(), 'utf8');
        expect(file.startsWith('\uFEFF')).toBe(true);
        const lines = file.slice(1).trimEnd().split('\r\n');
        const api = await apiSales();
        // The header, a line per row, and the totals.
        expect(lines).toHaveLength(api.rows.length + 2);
        expect(lines[0]).toBe('Date,Event,Item,Sales,Card,In person,Refunds,Fees,Sales tax,Net,Currency');
        const t = api.totals;
        expect(lines.at(-1)).toBe(
          [
            'Total',
            '',
            '',
            ...[
              t.sales_cents,
              t.card_cents,
              t.in_person_cents,
              t.refunds_cents,
              t.fees_cents,
              t.tax_cents,
              t.net_cents,
            ].map(decimal),
            'USD',
          ].join(','),
        );
        expect(lines.slice(1, -1).every((line) => /^\d{4}-\d{2}-\d{2},Flag Day Konpa Night,/.test(line))).toBe(true);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'fits a phone, its table scrolling inside its box',
    async () => {
      const { context, page } = await asOwner('/reports', PHONE);
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expect(page.getByTestId('report-totals').isVisible()).resolves.toBe(true);
        await expectNoAxeViolations(page, '/reports (sales, phone)');
        await shot(page, 'reports-sales-phone');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});

describe('in Arabic, right to left', () => {
  it(
    'fits a phone and has no axe violation',
    async () => {
      const { context, page } = await asOwner('/reports?report=sales', { ...PHONE, locale: 'ar' });
      try {
        await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('التقارير');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page, '/reports (sales, Arabic phone)');
        await shot(page, 'reports-sales-ar-phone');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});

describe('every report', () => {
  it.each([
    ['Attendance', 'attendance'],
    ['Payouts', 'payouts'],
    ['Donations', 'donations'],
    ['Sales tax', 'sales-tax'],
  ])(
    '%s opens from the chooser, keeps the range, and has no axe violation',
    async (name, report) => {
      const { context, page } = await asOwner(`/reports?report=sales&from=${year.from}&to=${year.to}&event=${eventId}`);
      try {
        await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name, exact: true }).click();
        await page.waitForURL((url) => url.searchParams.get('report') === report);
        await page.waitForLoadState('networkidle');
        const url = new URL(page.url());
        expect(url.searchParams.get('event')).toBe(eventId);
        expect(url.searchParams.get('from')).toBe(year.from);
        const chooser = page.getByRole('navigation', { name: 'Reports' });
        await expect(chooser.getByRole('link', { name, exact: true }).getAttribute('aria-current')).resolves.toBe(
          'page',
        );
        await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(name);
        expect(await page.getByTestId('report-row').count()).toBeGreaterThan(0);
        await expectNoAxeViolations(page, `/reports (${report})`);
        await shot(page, `reports-${report}-desktop`);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'groups sales tax by quarter through the form, and names the venue’s state',
    async () => {
      const { context, page } = await asOwner('/reports?report=sales-tax', PHONE);
      try {
        await page.getByLabel('Group by').selectOption('quarter');
        await Promise.all([
          page.waitForURL(/period=quarter/),
          page.getByRole('button', { name: 'Show report' }).click(),
        ]);
        await page.waitForLoadState('networkidle');
        const api = await stack.call<{ totals: { tax_cents: number }; rows: { state: string; city: string }[] }>(
          'GET',
          `/v1/reports/sales-tax?from=${year.from}&to=${year.to}&period=quarter`,
          { token: owner.token },
        );
        expect(api.totals.tax_cents).toBeGreaterThan(0);
        const rows = await page.getByTestId('report-row').allInnerTexts();
        expect(rows).toHaveLength(api.rows.length);
        expect(rows[0]).toMatch(/^Q[1-4] \d{4}\s+FL\s+Miami/);
        expect((await totalsOnScreen(page)).at(-1)).toBe(usd(api.totals.tax_cents));
        await expectNoAxeViolations(page, '/reports (sales tax, phone)');
        await shot(page, 'reports-sales-tax-phone');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'says when nothing was sold in the range, and when the range is backwards',
    async () => {
      const { context, page } = await asOwner('/reports?report=sales&from=2020-01-01&to=2020-12-31');
      try {
        await expect(page.getByTestId('report-empty').innerText()).resolves.toBe(
          'Nothing was sold from Jan 1, 2020 to Dec 31, 2020.',
        );
        await page.goto(`${stack.adminUrl}/reports?report=payouts&from=2020-12-31&to=2020-01-01`, {
          waitUntil: 'networkidle',
        });
        await expect(page.getByRole('alert').innerText()).resolves.toBe(
          'The first day comes after the last day. Swap them, or choose other days.',
        );
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
