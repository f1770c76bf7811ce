import { describe, expect, it } from 'vitest';
import type { CheckInSummary, DonationReport, SalesReport } from './api-types';
import {
  addDays,
  checkInByTier,
  dashboardHref,
  dayIn,
  daysBetween,
  donationGoals,
  isEventDay,
  readDashboardRange,
  salesByDay,
  salesByItem,
} from './dashboard';
import { messagesFor } from './messages';
import { barChart, lineChart } from './server/charts';

const en = messagesFor('en');
const GALA = '0b0c6f3e-3c59-4b8e-9d7a-6f1f3a2b1c00';
const PICNIC = '1b0c6f3e-3c59-4b8e-9d7a-6f1f3a2b1c01';
const GENERAL = '2b0c6f3e-3c59-4b8e-9d7a-6f1f3a2b1c02';
const VIP = '3b0c6f3e-3c59-4b8e-9d7a-6f1f3a2b1c03';
const zero = { sales_cents: 0, card_cents: 0, in_person_cents: 0, refunds_cents: 0, fees_cents: 0, tax_cents: 0 };

const row = (
  date: string,
  event: string,
  kind: 'ticket' | 'product' | 'donation',
  item: string,
  sales: number,
  refunds: number,
  net: number,
  tier: string | null = null,
) => ({
  date,
  event_id: event,
  event_title: { en: event === GALA ? 'Enkutatash Gala' : 'Church Picnic', am: 'የእንቁጣጣሽ ምሽት' },
  line_kind: kind,
  tier_id: tier,
  product_id: null,
  item_name: { en: item },
  ...zero,
  sales_cents: sales,
  refunds_cents: refunds,
  net_cents: net,
});

const sales: SalesReport = {
  currency: 'USD',
  time_zone: 'America/Chicago',
  from: '2026-03-01',
  to: '2026-03-05',
  rows: [
    row('2026-03-01', GALA, 'ticket', 'General admission', 8000, 0, 7000, GENERAL),
    row('2026-03-01', GALA, 'donation', 'Enkutatash Gala', 2500, 0, 2500),
    row('2026-03-03', GALA, 'ticket', 'General admission', 4000, 4000, -300, GENERAL),
    row('2026-03-03', GALA, 'ticket', 'VIP', 12_500, 0, 11_000, VIP),
    row('2026-03-04', PICNIC, 'ticket', 'General admission', 1000, 0, 900, GENERAL),
  ],
  totals: { ...zero, sales_cents: 28_000, refunds_cents: 4000, net_cents: 21_100 },
};

describe('the range a dashboard shows', () => {
  // 02:00 on March 1 in UTC is still February 28 in Chicago.
  const now = new Date('2026-03-01T02:00:00Z');

  it('is the last 30 days on the organizer’s clock unless the address asks for another', () => {
    expect(dayIn('America/Chicago', now)).toBe('2026-02-28');
    expect(readDashboardRange(new URLSearchParams(), 'America/Chicago', now)).toEqual({
      kind: '30',
      from: '2026-01-30',
      to: '2026-02-28',
    });
    expect(readDashboardRange(new URLSearchParams('range=90'), 'America/Chicago', now)).toMatchObject({
      from: '2025-12-01',
      to: '2026-02-28',
    });
    expect(readDashboardRange(new URLSearchParams('range=year'), 'Africa/Addis_Ababa', now)).toEqual({
      kind: 'year',
      from: '2026-01-01',
      to: '2026-03-01',
    });
  });

  it('takes the days the reader chose, and the default for a day that is none', () => {
    const params = new URLSearchParams('range=custom&from=2026-02-01&to=2026-02-30');
    expect(readDashboardRange(params, 'UTC', now)).toEqual({ kind: 'custom', from: '2026-02-01', to: '2026-03-01' });
    expect(readDashboardRange(new URLSearchParams('range=forever'), 'UTC', now).kind).toBe('30');
  });

  it('writes its address', () => {
    expect(dashboardHref('/dashboard', { kind: 'year', from: '', to: '' })).toBe('/dashboard?range=year');
    expect(dashboardHref('/events/x', { kind: 'custom', from: '2026-01-01', to: '2026-01-31' })).toBe(
      '/events/x?range=custom&from=2026-01-01&to=2026-01-31',
    );
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});

describe('the sales figures', () => {
  it('add up per day, with every day of the range on the chart and the active ones in the table', () => {
    const { every, active } = salesByDay(sales, '2026-03-01', '2026-03-05');
    expect(every.map((day) => day.day)).toEqual(daysBetween('2026-03-01', '2026-03-05'));
    expect(every[1]).toEqual({ day: '2026-03-02', sales_cents: 0, refunds_cents: 0, net_cents: 0 });
    expect(active).toEqual([
      { day: '2026-03-01', sales_cents: 10_500, refunds_cents: 0, net_cents: 9500 },
      { day: '2026-03-03', sales_cents: 16_500, refunds_cents: 4000, net_cents: 10_700 },
      { day: '2026-03-04', sales_cents: 1000, refunds_cents: 0, net_cents: 900 },
    ]);
    expect(active.reduce((sum, day) => sum + day.sales_cents, 0)).toBe(sales.totals.sales_cents);
  });

  it('add up per tier, best first, leaving donations to their own chart, naming events when all are shown', () => {
    const items = salesByItem(sales, en, ['en'], true);
    expect(items).toEqual([
      { name: 'VIP – Enkutatash Gala', kind: 'ticket', sales_cents: 12_500, refunds_cents: 0, net_cents: 11_000 },
      {
        name: 'General admission – Enkutatash Gala',
        kind: 'ticket',
        sales_cents: 12_000,
        refunds_cents: 4000,
        net_cents: 6700,
      },
      {
        name: 'General admission – Church Picnic',
        kind: 'ticket',
        sales_cents: 1000,
        refunds_cents: 0,
        net_cents: 900,
      },
    ]);
    expect(salesByItem(sales, en, ['en'], false)[0]?.name).toBe('VIP');
  });
});

describe('donations and the door', () => {
  it('keep the events with a goal or a gift', () => {
    const report: DonationReport = {
      currency: 'USD',
      time_zone: 'UTC',
      from: null,
      to: null,
      rows: [
        {
          event_id: GALA,
          event_title: { en: 'Enkutatash Gala' },
          goal_cents: 100_000,
          donated_cents: 30_000,
          refunded_cents: 5000,
          net_cents: 25_000,
          impact_fund_cents: 0,
        },
        {
          event_id: PICNIC,
          event_title: { en: 'Church Picnic' },
          goal_cents: null,
          donated_cents: 0,
          refunded_cents: 0,
          net_cents: 0,
          impact_fund_cents: 0,
        },
      ],
      totals: { donated_cents: 30_000, refunded_cents: 5000, net_cents: 25_000, impact_fund_cents: 0 },
    };
    expect(donationGoals(report, en, ['en'])).toEqual([
      {
        event: 'Enkutatash Gala',
        goal_cents: 100_000,
        donated_cents: 30_000,
        refunded_cents: 5000,
        net_cents: 25_000,
        percent: 25,
      },
    ]);
  });

  it('opens on the event’s days, on its clock', () => {
    const event = { starts_at: '2026-03-01T01:00:00Z', ends_at: '2026-03-01T05:00:00Z', time_zone: 'America/Chicago' };
    // The evening of February 28 in Chicago.
    expect(isEventDay(event, new Date('2026-02-28T18:00:00Z'))).toBe(true);
    expect(isEventDay(event, new Date('2026-03-01T12:00:00Z'))).toBe(false);
    expect(isEventDay({ ...event, ends_at: null }, new Date('2026-02-28T15:00:00Z'))).toBe(true);
  });

  it('counts who came in per tier', () => {
    const summary: CheckInSummary = {
      event_id: GALA,
      valid_tickets: 12,
      checked_in: 5,
      not_checked_in: 7,
      last_scan_at: null,
      by_tier: [
        { tier_id: GENERAL, name: { en: 'General admission' }, valid_tickets: 10, checked_in: 4 },
        { tier_id: VIP, name: { en: 'VIP' }, valid_tickets: 2, checked_in: 1 },
      ],
    };
    expect(checkInByTier(summary, ['en'], en)).toEqual([
      { tier: 'General admission', sold: 10, checked_in: 4, not_checked_in: 6 },
      { tier: 'VIP', sold: 2, checked_in: 1, not_checked_in: 1 },
    ]);
  });
});

describe('the charts', () => {
  it('are SVG with a summary for screen readers, a legend in words, and a line drawn dashed', () => {
    const chart = lineChart(
      ['2026-03-01', '2026-03-02'],
      [
        { name: 'Sales', values: [100, 200], dashed: false, symbol: 'circle' },
        { name: 'Net', values: [80, 150], dashed: true, symbol: 'triangle' },
      ],
      (day) => day.slice(5),
      (value) => `$${value}`,
      'Sales by day: "best" <day> & more',
    );
    for (const svg of [chart.wide, chart.narrow]) {
      expect(svg.startsWith('<svg role="img" aria-label="Sales by day: &quot;best&quot; &lt;day&gt; &amp; more"')).toBe(
        true,
      );
      expect(svg).toContain('>Sales</text>');
      expect(svg).toContain('>Net</text>');
      expect(svg).toContain('stroke-dasharray');
    }
    expect(chart.wide).toContain('viewBox="0 0 760 320"');
    expect(chart.narrow).toContain('viewBox="0 0 360 320"');
  });

  it('label each bar with its figure and give each series its own pattern', () => {
    const chart = barChart(
      ['General admission', 'VIP'],
      [
        { name: 'Raised', values: [250, 0], labels: [], stack: 'goal' },
        {
          name: 'Still to raise',
          values: [750, 100],
          labels: ['$250 of $1,000', '$0 of $100'],
          stack: 'goal',
          pale: true,
        },
      ],
      (value) => `$${value}`,
      'Donations',
    );
    expect(chart.wide).toContain('>$250 of $1,000</text>');
    expect(chart.wide).toContain('>Still to raise</text>');
    expect(chart.wide).toContain('<pattern');
  });
});
