/**
 * The dashboards in a real browser: an organizer sells tickets by card and for cash at the door,
 * takes a gift towards the event's goal, refunds a ticket and admits people at the door; the
 * organizer's dashboard and the event's overview draw it, and every figure in their tables
 * equals the reports API's to the cent.
 */
import { randomBytes } from 'node:crypto';
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
const TIMEOUT = 120_000;
const ZONE = 'America/New_York';

interface SalesRow {
  date: string;
  line_kind: 'ticket' | 'product' | 'donation';
  tier_id: string | null;
  sales_cents: number;
  refunds_cents: number;
  net_cents: number;
}
interface SalesTotals {
  sales_cents: number;
  refunds_cents: number;
  fees_cents: number;
  tax_cents: number;
  net_cents: number;
}
interface SalesReport {
  rows: SalesRow[];
  totals: SalesTotals;
}
interface DonationReport {
  rows: {
    event_id: string;
    goal_cents: number | null;
    donated_cents: number;
    refunded_cents: number;
    net_cents: number;
  }[];
}
interface CheckInSummary {
  valid_tickets: number;
  checked_in: number;
  not_checked_in: number;
  by_tier: { tier_id: string; valid_tickets: number; checked_in: number }[];
}

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId: string;
const tiers = { general: '', vip: '' };

/** A calendar day moved by `days`. */
function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const sum = (rows: SalesRow[], figure: 'sales_cents' | 'refunds_cents' | 'net_cents') =>
  rows.reduce((total, row) => total + row[figure], 0);

/** Holds tickets at the organizer's public checkout and pays as `payment` says. */
async function order(tierId: string, quantity: number, buyer: string, payment: Record<string, string>, cart = {}) {
  const email = `${buyer.split(' ')[0]?.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`;
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    { body: { buyer: { name: buyer, email }, tickets: [{ tier_id: tierId, quantity }], ...cart } },
  );
  const paid = await stack.call<{ order: { id: string; status: string; tickets: { id: string; code: string }[] } }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: payment },
  );
  return paid.order;
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  owner = await signUp(stack.call, 'Ethiopian Community Association', 'Selam Tesfaye');
  await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { time_zone: ZONE } });
  await stack.call('PATCH', '/v1/organizer/checkout-settings', {
    token: owner.token,
    body: { offline_methods: ['cash'] },
  });
  // Tonight: the door is open, so the overview shows who has come in.
  const starts = new Date(Date.now() + 5 * 60_000);
  const event = await stack.call<{ id: string; tiers: { id: string; position: number }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Enkutatash Gala', am: 'የእንቁጣጣሽ ምሽት' },
      category: 'gala-fundraiser',
      time_zone: ZONE,
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      venue_name: 'Community Hall',
      city: 'Washington',
      state: 'DC',
      donations_enabled: true,
      donation_goal_cents: 100_000,
      tiers: [
        { name: { en: 'General admission' }, price_cents: 4000, quantity: 200, position: 0 },
        { name: { en: 'VIP table seat' }, price_cents: 12_500, quantity: 20, position: 1 },
      ],
    },
  });
  eventId = event.id;
  await stack.call('POST', `/v1/events/${eventId}/publish`, { token: owner.token });
  const [general, vip] = [...event.tiers].sort((a, b) => a.position - b.position);
  if (!general || !vip) throw new Error('the event has no tiers');
  tiers.general = general.id;
  tiers.vip = vip.id;

  // By card: three general tickets with a gift, and a VIP seat; one general ticket is refunded.
  const family = await order(
    general.id,
    3,
    'Dawit Bekele',
    { method: 'card', card_number: CARD_OK },
    { donations: [{ event_id: eventId, amount_cents: 2500 }] },
  );
  const vipOrder = await order(vip.id, 1, 'Hana Girma', { method: 'card', card_number: CARD_OK });
  // In cash at the door, recorded by the owner.
  const atTheDoor = await order(general.id, 2, 'Meron Alemu', { method: 'cash' });
  await stack.call('POST', `/v1/orders/${atTheDoor.id}/mark-paid`, {
    token: owner.token,
    body: { receipt_reference: 'Receipt 0042' },
  });
  await stack.call('POST', `/v1/orders/${family.id}/refunds`, {
    token: owner.token,
    body: { ticket_ids: [family.tickets[0]?.id] },
  });
  // Two people have come in: a family member and the VIP guest.
  for (const ticket of [family.tickets[1], vipOrder.tickets[0]]) {
    await stack.call('POST', `/v1/events/${eventId}/scans`, {
      token: owner.token,
      body: { code: ticket?.code, device_id: 'Door 1' },
    });
  }

  ownerState = await signedInState(browser, stack.adminUrl, owner.email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function asOwner(at: string, options: Parameters<Browser['newContext']>[0] = DESKTOP) {
  const context = await browser.newContext({ locale: 'en-US', ...options, storageState: ownerState });
  const page = await context.newPage();
  const response = await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
  expect(response?.status(), at).toBe(200);
  return { context, page };
}

async function apiSales(from: string, to: string, event?: string): Promise<SalesReport> {
  const only = event ? `&event_id=${event}` : '';
  return stack.call<SalesReport>('GET', `/v1/reports/sales?from=${from}&to=${to}${only}`, { token: owner.token });
}

const cells = (page: Page, testId: string) => page.getByTestId(testId).locator('th, td').allInnerTexts();

/** The totals, the sales by day and by tier on the page equal the API's sales report for the range. */
async function expectSalesFigures(page: Page, report: SalesReport, withEvent: boolean) {
  const t = report.totals;
  for (const [key, cents] of [
    ['sales', t.sales_cents],
    ['refunds', t.refunds_cents],
    ['fees', t.fees_cents],
    ['tax', t.tax_cents],
    ['net', t.net_cents],
  ] as const) {
    await expect(page.getByTestId(`figure-${key}`).locator('dd').innerText(), key).resolves.toBe(usd(cents));
  }
  // One table row per day that had a sale or a refund, and the totals.
  const days = [...new Set(report.rows.map((row) => row.date))].sort();
  expect(await page.getByTestId('sales-by-day-row').count()).toBe(days.length);
  const firstDay = report.rows.filter((row) => row.date === days[0]);
  const firstRow = await page.getByTestId('sales-by-day-row').first().locator('td').allInnerTexts();
  expect(firstRow).toEqual(
    [sum(firstDay, 'sales_cents'), sum(firstDay, 'refunds_cents'), sum(firstDay, 'net_cents')].map(usd),
  );
  expect(await cells(page, 'sales-by-day-totals')).toEqual([
    'Total',
    ...[t.sales_cents, t.refunds_cents, t.net_cents].map(usd),
  ]);
  // Per tier: the VIP seat's row is the API's VIP rows added up.
  const vip = report.rows.filter((row) => row.tier_id === tiers.vip);
  const vipName = withEvent ? 'VIP table seat – Enkutatash Gala' : 'VIP table seat';
  const vipRow = page
    .getByTestId('sales-by-item-row')
    .filter({ has: page.getByRole('rowheader', { name: vipName, exact: true }) });
  expect(await vipRow.locator('td').allInnerTexts()).toEqual(
    [sum(vip, 'sales_cents'), sum(vip, 'refunds_cents'), sum(vip, 'net_cents')].map(usd),
  );
  const general = report.rows.filter((row) => row.tier_id === tiers.general);
  expect(sum(general, 'refunds_cents')).toBeGreaterThan(0);
  const items = report.rows.filter((row) => row.line_kind !== 'donation');
  expect(await cells(page, 'sales-by-item-totals')).toEqual([
    'Total',
    ...[sum(items, 'sales_cents'), sum(items, 'refunds_cents'), sum(items, 'net_cents')].map(usd),
  ]);
}

/** The charts are SVG drawn on the server, each with a summary and its words in it. */
async function expectCharts(page: Page, report: SalesReport) {
  const byDay = page.getByTestId('sales-by-day-chart').locator('svg[role="img"]');
  await expect(byDay.getAttribute('aria-label')).resolves.toContain(`${usd(report.totals.sales_cents)} in all`);
  const legend = await byDay.locator('text').allTextContents();
  expect(legend).toContain('Sales');
  expect(legend).toContain('Net');
  // Net is drawn dashed, so the lines differ without colour; the bars carry patterns.
  expect(await byDay.locator('[stroke-dasharray]').count()).toBeGreaterThan(0);
  const byItem = page.getByTestId('sales-by-item-chart').locator('svg[role="img"]');
  expect(await byItem.locator('text').allTextContents()).toContain(
    usd(
      sum(
        report.rows.filter((row) => row.tier_id === tiers.vip),
        'sales_cents',
      ),
    ),
  );
  expect(await byItem.locator('pattern').count()).toBeGreaterThan(0);
  const donations = page.getByTestId('donations-chart').locator('svg[role="img"]');
  await expect(donations.getAttribute('aria-label')).resolves.toContain('Enkutatash Gala');
  expect(await donations.locator('text').allTextContents()).toContain('Still to raise');
}

async function expectDonations(page: Page) {
  const report = await stack.call<DonationReport>('GET', `/v1/reports/donations?event_id=${eventId}`, {
    token: owner.token,
  });
  const gala = report.rows.find((row) => row.event_id === eventId);
  if (!gala?.goal_cents) throw new Error('the gala has no goal in the report');
  expect(gala.donated_cents).toBe(2500);
  const row = page.getByTestId('donations-row').filter({ hasText: 'Enkutatash Gala' });
  expect(await row.locator('td').allInnerTexts()).toEqual([
    usd(gala.goal_cents),
    usd(gala.donated_cents),
    usd(gala.refunded_cents),
    usd(gala.net_cents),
    `${Math.round((gala.net_cents / gala.goal_cents) * 100)}%`,
  ]);
}

async function expectDoor(page: Page) {
  const summary = await stack.call<CheckInSummary>('GET', `/v1/events/${eventId}/check-ins/summary`, {
    token: owner.token,
  });
  expect(summary.checked_in).toBe(2);
  const door = page.getByTestId('check-in-progress');
  await expect(
    door.getByText(`${summary.checked_in} of ${summary.valid_tickets} tickets checked in.`).count(),
  ).resolves.toBe(1);
  expect(await door.locator('[data-testid$="-totals"]').locator('th, td').allInnerTexts()).toEqual([
    'Total',
    String(summary.valid_tickets),
    String(summary.checked_in),
    String(summary.not_checked_in),
  ]);
  const vip = summary.by_tier.find((tier) => tier.tier_id === tiers.vip);
  expect(await door.locator('svg[role="img"] text').allTextContents()).toContain(
    `${vip?.checked_in} of ${vip?.valid_tickets}`,
  );
}

describe('the organizer’s dashboard', () => {
  it(
    'is first in the menu and shows the last 30 days as the reports API counts them',
    async () => {
      const { context, page } = await asOwner('/');
      try {
        const nav = page.getByRole('navigation', { name: 'Main' });
        await expect(nav.getByRole('link').first().innerText()).resolves.toBe('Dashboard');
        await nav.getByRole('link', { name: 'Dashboard' }).click();
        await page.waitForURL(/\/dashboard$/);
        await page.waitForLoadState('networkidle');
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Dashboard');
        await expect(page.getByRole('link', { name: 'Last 30 days' }).getAttribute('aria-current')).resolves.toBe(
          'page',
        );
        const to = today();
        const from = addDays(to, -29);
        await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe(from);
        await expect(page.getByLabel('To', { exact: true }).inputValue()).resolves.toBe(to);

        const report = await apiSales(from, to);
        expect(report.totals.refunds_cents).toBeGreaterThan(0);
        await expectSalesFigures(page, report, true);
        await expectCharts(page, report);
        await expectDonations(page);
        await expectDoor(page);
        await expect(page.getByRole('heading', { name: 'Check-in today: Enkutatash Gala' }).count()).resolves.toBe(1);
        await expectNoAxeViolations(page, '/dashboard (desktop)');
        await shot(page, 'dashboard-desktop');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'fits a phone, with each table under its chart',
    async () => {
      const { context, page } = await asOwner('/dashboard', PHONE);
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        // The phone's drawing is the narrow one, in its own words too.
        const narrow = page.locator('.chart.narrow svg[role="img"]').first();
        await expect(narrow.isVisible()).resolves.toBe(true);
        await expect(narrow.getAttribute('viewBox')).resolves.toBe('0 0 360 320');
        await expect(page.getByTestId('sales-by-day-chart').isVisible()).resolves.toBe(false);
        const chartBox = await narrow.boundingBox();
        const tableBox = await page.getByTestId('sales-by-day-table').boundingBox();
        expect(tableBox?.y ?? 0).toBeGreaterThan((chartBox?.y ?? 0) + (chartBox?.height ?? 0) - 1);
        await expectNoAxeViolations(page, '/dashboard (phone)');
        await shot(page, 'dashboard-phone');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'shows this year, or the days chosen, and says what to do when nothing was sold',
    async () => {
      const { context, page } = await asOwner('/dashboard');
      try {
        await page.getByRole('link', { name: 'This year' }).click();
        await page.waitForURL(/range=year/);
        const to = today();
        const year = await apiSales(`${to.slice(0, 4)}-01-01`, to);
        await expectSalesFigures(page, year, true);

        await page.getByLabel('From', { exact: true }).fill('2020-01-01');
        await page.getByLabel('To', { exact: true }).fill('2020-01-31');
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForURL(/range=custom&from=2020-01-01&to=2020-01-31/);
        await expect(page.getByTestId('dashboard-empty').innerText()).resolves.toBe(
          'Nothing was sold from Jan 1, 2020 to Jan 31, 2020. Share the event’s link, or sell tickets at the door, and the figures show here.',
        );
        await expect(page.getByTestId('figure-sales').locator('dd').innerText()).resolves.toBe(usd(0));
        expect(await page.getByTestId('sales-by-day-chart').count()).toBe(0);
        // A goal is counted over the whole sale, whatever the days.
        await expectDonations(page);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});

describe('the event’s overview', () => {
  it(
    'is the event’s first tab, with its own sales, its goal and its door',
    async () => {
      const { context, page } = await asOwner(`/events/${eventId}`);
      try {
        const tabs = page.getByRole('navigation', { name: 'This event' });
        const overview = tabs.getByRole('link').first();
        await expect(overview.innerText()).resolves.toBe('Overview');
        await expect(overview.getAttribute('aria-current')).resolves.toBe('page');
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Overview');
        const to = today();
        const report = await apiSales(addDays(to, -29), to, eventId);
        await expectSalesFigures(page, report, false);
        await expectCharts(page, report);
        await expectDonations(page);
        await expectDoor(page);
        await expectNoAxeViolations(page, '/events/[id] (desktop)');
        await shot(page, 'dashboard-event-desktop');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
