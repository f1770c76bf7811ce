import type { CheckInSummary, DonationReport, LocalizedText, SalesReport } from './api-types';
import { pickText } from './events';
import type { Messages } from './messages';
import { isDay } from './reports';

/** The days a dashboard shows: the last 30 or 90 days, the calendar year, or days the reader chose. */
export const DASHBOARD_RANGES = ['30', '90', 'year', 'custom'] as const;
export type DashboardRangeKind = (typeof DASHBOARD_RANGES)[number];

export interface DashboardRange {
  kind: DashboardRangeKind;
  /** First and last day shown (both included), YYYY-MM-DD on the organizer's clock. */
  from: string;
  to: string;
}

/** The day `now` falls on, on a clock: `2026-03-01`. */
export function dayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      now,
    );
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A calendar day moved by `days`: `addDays('2026-03-01', -1)` is `2026-02-28`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The range the address asks for (`?range=90`, `?range=custom&from=…&to=…`); the last 30 days otherwise. */
export function readDashboardRange(params: URLSearchParams, timeZone: string, now = new Date()): DashboardRange {
  const today = dayIn(timeZone, now);
  const asked = params.get('range') ?? '';
  const kind = (DASHBOARD_RANGES as readonly string[]).includes(asked) ? (asked as DashboardRangeKind) : '30';
  switch (kind) {
    case '30':
    case '90':
      return { kind, from: addDays(today, 1 - Number(kind)), to: today };
    case 'year':
      return { kind, from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom': {
      const from = params.get('from') ?? '';
      const to = params.get('to') ?? '';
      return { kind, from: isDay(from) ? from : addDays(today, -29), to: isDay(to) ? to : today };
    }
  }
}

/** The address of a dashboard showing `range`: `/dashboard?range=90`. */
export function dashboardHref(path: string, range: DashboardRange): string {
  const params = new URLSearchParams({ range: range.kind });
  if (range.kind === 'custom') {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return `${path}?${params}`;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 3700; day = addDays(day, 1)) days.push(day);
  return days;
}

export interface DaySales {
  day: string;
  sales_cents: number;
  refunds_cents: number;
  net_cents: number;
}

/**
 * The sales report's rows added up per day, one entry for every day of the range (a chart's
 * axis), and the days that had any sale or refund (its table).
 */
export function salesByDay(report: SalesReport, from: string, to: string): { every: DaySales[]; active: DaySales[] } {
  const byDay = new Map<string, DaySales>();
  for (const row of report.rows) {
    const day = byDay.get(row.date) ?? { day: row.date, sales_cents: 0, refunds_cents: 0, net_cents: 0 };
    day.sales_cents += row.sales_cents;
    day.refunds_cents += row.refunds_cents;
    day.net_cents += row.net_cents;
    byDay.set(row.date, day);
  }
  const every = daysBetween(from, to).map(
    (day) => byDay.get(day) ?? { day, sales_cents: 0, refunds_cents: 0, net_cents: 0 },
  );
  const active = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  return { every, active };
}

export interface ItemSales {
  /** The tier's or add-on's name, with its event's where the dashboard shows every event. */
  name: string;
  kind: 'ticket' | 'product';
  sales_cents: number;
  refunds_cents: number;
  net_cents: number;
}

/**
 * Sales per ticket tier and add-on over the range, the best selling first. Donations are not
 * sold items: the donations chart shows them. `withEvent`: name each item's event too.
 */
export function salesByItem(
  report: SalesReport,
  t: Messages,
  preferred: readonly string[],
  withEvent: boolean,
): ItemSales[] {
  const name = (value: LocalizedText | null | undefined, missing: string) =>
    (value && pickText(value, preferred)) || missing;
  const items = new Map<string, ItemSales>();
  for (const row of report.rows) {
    if (row.line_kind === 'donation') continue;
    const key = `${row.line_kind}:${row.tier_id ?? row.product_id ?? ''}:${row.event_id ?? ''}`;
    let item = items.get(key);
    if (!item) {
      const itemName = name(row.item_name, t.reports_noItem);
      item = {
        name: withEvent
          ? t.dashboard_itemOfEvent({ item: itemName, event: name(row.event_title, t.reports_noEvent) })
          : itemName,
        kind: row.line_kind,
        sales_cents: 0,
        refunds_cents: 0,
        net_cents: 0,
      };
      items.set(key, item);
    }
    item.sales_cents += row.sales_cents;
    item.refunds_cents += row.refunds_cents;
    item.net_cents += row.net_cents;
  }
  return [...items.values()].sort((a, b) => b.sales_cents - a.sales_cents || a.name.localeCompare(b.name));
}

export interface DonationGoal {
  event: string;
  goal_cents: number | null;
  donated_cents: number;
  refunded_cents: number;
  net_cents: number;
  /** Kept against the goal, in percent (may pass 100); null without a goal. */
  percent: number | null;
}

/** Each event's donations kept against its goal; events with neither a goal nor a gift are left out. */
export function donationGoals(report: DonationReport, t: Messages, preferred: readonly string[]): DonationGoal[] {
  return report.rows
    .filter((row) => row.goal_cents != null || row.donated_cents !== 0)
    .map((row) => ({
      event: pickText(row.event_title, preferred) || t.reports_noEvent,
      goal_cents: row.goal_cents,
      donated_cents: row.donated_cents,
      refunded_cents: row.refunded_cents,
      net_cents: row.net_cents,
      percent: row.goal_cents ? (row.net_cents / row.goal_cents) * 100 : null,
    }));
}

/**
 * Whether the door is open today: `now` falls on a day, on the event's clock, from the day the
 * event starts to the day it ends.
 */
export function isEventDay(
  event: { starts_at: string; ends_at: string | null; time_zone: string },
  now = new Date(),
): boolean {
  const today = dayIn(event.time_zone, now);
  const first = dayIn(event.time_zone, new Date(event.starts_at));
  const last = event.ends_at ? dayIn(event.time_zone, new Date(event.ends_at)) : first;
  return first <= today && today <= last;
}

export interface TierCheckIn {
  tier: string;
  sold: number;
  checked_in: number;
  not_checked_in: number;
}

/** Who has come in, per tier, from the door's summary. */
export function checkInByTier(summary: CheckInSummary, preferred: readonly string[], t: Messages): TierCheckIn[] {
  return summary.by_tier.map((tier) => ({
    tier: pickText(tier.name, preferred) || t.reports_noItem,
    sold: tier.valid_tickets,
    checked_in: tier.checked_in,
    not_checked_in: tier.valid_tickets - tier.checked_in,
  }));
}
