import { intlLocale } from '@accessplus/i18n';
import type { AccessPlusClient } from '@accessplus/sdk';
import type { ApiFailure } from '$lib/api-errors';
import type { CheckInSummary } from '$lib/api-types';
import {
  checkInByTier,
  type DashboardRange,
  donationGoals,
  isEventDay,
  readDashboardRange,
  salesByDay,
  salesByItem,
} from '$lib/dashboard';
import { pickText } from '$lib/events';
import { formatMoney } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { formatDay } from '$lib/reports';
import { apiResult } from '$lib/server/api';
import { barChart, type ChartSvg, lineChart } from '$lib/server/charts';

/** A table beside a chart, its cells written for the reader. */
export interface FigureTable {
  columns: string[];
  rows: string[][];
  totals: string[] | null;
}

export interface DashboardChart {
  id: string;
  /** Null where there is nothing to draw (no event has a goal): the table alone says it. */
  svg: ChartSvg | null;
  table: FigureTable;
}

export interface DoorProgress {
  event: string;
  href: string;
  summary: string;
  chart: DashboardChart;
}

/** The event a dashboard is for, or none for the organizer's. */
export interface DashboardEvent {
  id: string;
  startsAt: string;
  endsAt: string | null;
  timeZone: string;
}

export type Dashboard =
  | { ok: false; failure: ApiFailure }
  | {
      ok: true;
      timeZone: string;
      range: DashboardRange;
      rangeText: { from: string; to: string };
      /** The range cannot be shown (it ends before it begins). */
      badRange: boolean;
      currency: string;
      figures: { key: string; label: string; value: string }[];
      hasSales: boolean;
      days: DashboardChart | null;
      items: DashboardChart | null;
      donations: DashboardChart | null;
      door: DoorProgress[];
    };

/** How many of today's events an organizer's dashboard shows the door of. */
const DOORS_SHOWN = 4;

/**
 * A dashboard's figures, all from the reports API (which reads the ledger) and the door's
 * summary, for the organizer or one event, over the range in `url`, drawn as charts with their
 * tables. `locale`: the reader's language; `preferred`: the languages to pick organizers' names in.
 */
export async function loadDashboard(
  api: AccessPlusClient,
  url: URL,
  locale: string,
  preferred: readonly string[],
  event: DashboardEvent | null = null,
): Promise<Dashboard> {
  const t = messagesFor(locale);
  const intl = intlLocale(locale);
  const organizer = await apiResult(api.GET('/v1/organizer'));
  if (!organizer.ok) return organizer;
  const timeZone = organizer.data.time_zone;
  const range = readDashboardRange(url.searchParams, timeZone);
  const rangeText = { from: formatDay(range.from, intl), to: formatDay(range.to, intl) };
  const only = event ? { event_id: event.id } : {};
  const badRange = range.from > range.to;
  const [sales, donations] = await Promise.all([
    badRange
      ? null
      : apiResult(api.GET('/v1/reports/sales', { params: { query: { from: range.from, to: range.to, ...only } } })),
    // A goal is reached over the whole sale, whatever days the dashboard shows.
    apiResult(api.GET('/v1/reports/donations', { params: { query: only } })),
  ]);
  if (sales && !sales.ok) return sales;
  if (!donations.ok) return donations;
  const currency = sales?.data.currency ?? donations.data.currency;
  const money = (cents: number) => formatMoney(cents, currency, intl);
  const shortDay = (day: string) =>
    new Intl.DateTimeFormat(intl, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${day}T12:00:00Z`),
    );
  const percent = (value: number) =>
    new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
  const count = (value: number) => new Intl.NumberFormat(intl).format(value);

  const totals = sales?.data.totals;
  const figures = totals
    ? [
        { key: 'sales', label: t.dashboard_gross, value: money(totals.sales_cents) },
        { key: 'refunds', label: t.reports_col_refunds, value: money(totals.refunds_cents) },
        { key: 'fees', label: t.reports_col_fees, value: money(totals.fees_cents) },
        { key: 'tax', label: t.reports_col_salesTax, value: money(totals.tax_cents) },
        { key: 'net', label: t.dashboard_net, value: money(totals.net_cents) },
      ]
    : [];
  const hasSales = (sales?.data.rows.length ?? 0) > 0;

  let days: DashboardChart | null = null;
  let items: DashboardChart | null = null;
  if (sales && totals && hasSales) {
    const { every, active } = salesByDay(sales.data, range.from, range.to);
    const best = active.reduce<(typeof active)[number] | undefined>(
      (top, day) => (!top || day.sales_cents > top.sales_cents ? day : top),
      undefined,
    );
    days = {
      id: 'sales-by-day',
      svg: lineChart(
        every.map((day) => day.day),
        [
          {
            name: t.reports_col_sales,
            values: every.map((day) => day.sales_cents),
            dashed: false,
            symbol: 'circle',
          },
          { name: t.reports_col_net, values: every.map((day) => day.net_cents), dashed: true, symbol: 'triangle' },
        ],
        shortDay,
        (value) => money(value),
        t.dashboard_salesByDaySummary({
          ...rangeText,
          sales: money(totals.sales_cents),
          net: money(totals.net_cents),
          bestDay: best ? formatDay(best.day, intl) : '',
          best: money(best?.sales_cents ?? 0),
        }),
      ),
      table: {
        columns: [t.reports_col_date, t.reports_col_sales, t.reports_col_refunds, t.reports_col_net],
        rows: active.map((day) => [
          formatDay(day.day, intl),
          money(day.sales_cents),
          money(day.refunds_cents),
          money(day.net_cents),
        ]),
        totals: [t.reports_total, money(totals.sales_cents), money(totals.refunds_cents), money(totals.net_cents)],
      },
    };

    const sold = salesByItem(sales.data, t, preferred, event === null);
    if (sold.length > 0) {
      const top = sold[0];
      items = {
        id: 'sales-by-item',
        svg: barChart(
          sold.map((item) => item.name),
          [
            {
              name: t.reports_col_sales,
              values: sold.map((item) => item.sales_cents),
              labels: sold.map((item) => money(item.sales_cents)),
            },
          ],
          money,
          t.dashboard_salesByItemSummary({
            count: String(sold.length),
            top: top?.name ?? '',
            amount: money(top?.sales_cents ?? 0),
          }),
        ),
        table: {
          columns: [t.dashboard_item, t.reports_col_sales, t.reports_col_refunds, t.reports_col_net],
          rows: sold.map((item) => [
            item.name,
            money(item.sales_cents),
            money(item.refunds_cents),
            money(item.net_cents),
          ]),
          totals: [
            t.reports_total,
            ...[
              sold.reduce((sum, item) => sum + item.sales_cents, 0),
              sold.reduce((sum, item) => sum + item.refunds_cents, 0),
              sold.reduce((sum, item) => sum + item.net_cents, 0),
            ].map(money),
          ],
        },
      };
    }
  }

  const goals = donationGoals(donations.data, t, preferred);
  const withGoal = goals.filter((goal) => goal.goal_cents != null);
  const donationsChart: DashboardChart | null =
    goals.length === 0
      ? null
      : {
          id: 'donations',
          svg:
            withGoal.length === 0
              ? null
              : barChart(
                  withGoal.map((goal) => goal.event),
                  [
                    {
                      name: t.dashboard_raised,
                      values: withGoal.map((goal) => Math.max(0, Math.min(goal.net_cents, goal.goal_cents ?? 0))),
                      labels: [],
                      stack: 'goal',
                    },
                    {
                      name: t.dashboard_toRaise,
                      values: withGoal.map((goal) => Math.max(0, (goal.goal_cents ?? 0) - goal.net_cents)),
                      labels: withGoal.map((goal) =>
                        t.dashboard_ofGoal({
                          kept: money(goal.net_cents),
                          goal: money(goal.goal_cents ?? 0),
                          percent: percent(goal.percent ?? 0),
                        }),
                      ),
                      shortLabels: withGoal.map((goal) => percent(goal.percent ?? 0)),
                      stack: 'goal',
                      pale: true,
                    },
                  ],
                  money,
                  withGoal
                    .map((goal) =>
                      t.dashboard_goalSummary({
                        event: goal.event,
                        kept: money(goal.net_cents),
                        goal: money(goal.goal_cents ?? 0),
                        percent: percent(goal.percent ?? 0),
                      }),
                    )
                    .join(' '),
                ),
          table: {
            columns: [
              t.reports_col_event,
              t.reports_col_goal,
              t.reports_col_donated,
              t.reports_col_givenBack,
              t.reports_col_kept,
              t.reports_col_progress,
            ],
            rows: goals.map((goal) => [
              goal.event,
              goal.goal_cents == null ? t.dashboard_noGoalCell : money(goal.goal_cents),
              money(goal.donated_cents),
              money(goal.refunded_cents),
              money(goal.net_cents),
              goal.percent == null ? '' : percent(goal.percent),
            ]),
            totals: null,
          },
        };

  // The door on the event's day: its own event, or the organizer's events happening today.
  const doors: { id: string; title: string; summary: CheckInSummary }[] = [];
  if (event) {
    if (isEventDay({ starts_at: event.startsAt, ends_at: event.endsAt, time_zone: event.timeZone })) {
      const summary = await apiResult(
        api.GET('/v1/events/{event_id}/check-ins/summary', { params: { path: { event_id: event.id } } }),
      );
      if (summary.ok) doors.push({ id: event.id, title: '', summary: summary.data });
    }
  } else {
    const events = await apiResult(api.GET('/v1/events', { params: { query: { status: 'published', limit: 100 } } }));
    const today = events.ok ? events.data.data.filter((candidate) => isEventDay(candidate)).slice(0, DOORS_SHOWN) : [];
    const summaries = await Promise.all(
      today.map((candidate) =>
        apiResult(api.GET('/v1/events/{event_id}/check-ins/summary', { params: { path: { event_id: candidate.id } } })),
      ),
    );
    today.forEach((candidate, index) => {
      const summary = summaries[index];
      if (summary?.ok) {
        doors.push({
          id: candidate.id,
          title: pickText(candidate.title, preferred) || t.reports_noEvent,
          summary: summary.data,
        });
      }
    });
  }
  const door = doors.map(({ id, title, summary }, index): DoorProgress => {
    const tiers = checkInByTier(summary, preferred, t);
    const sentence = t.dashboard_checkInSummary({
      checkedIn: count(summary.checked_in),
      sold: count(summary.valid_tickets),
    });
    return {
      event: title,
      href: `/events/${id}/check-in`,
      summary: sentence,
      chart: {
        id: `check-in-${index}`,
        svg: barChart(
          tiers.map((tier) => tier.tier),
          [
            {
              name: t.reports_col_checkedIn,
              values: tiers.map((tier) => tier.checked_in),
              labels: [],
              stack: 'door',
            },
            {
              name: t.reports_col_notCheckedIn,
              values: tiers.map((tier) => tier.not_checked_in),
              labels: tiers.map((tier) =>
                t.dashboard_tierCheckedIn({ checkedIn: count(tier.checked_in), sold: count(tier.sold) }),
              ),
              stack: 'door',
              pale: true,
            },
          ],
          count,
          title ? `${title}: ${sentence}` : sentence,
        ),
        table: {
          columns: [t.reports_col_tier, t.reports_col_sold, t.reports_col_checkedIn, t.reports_col_notCheckedIn],
          rows: tiers.map((tier) => [tier.tier, count(tier.sold), count(tier.checked_in), count(tier.not_checked_in)]),
          totals: [
            t.reports_total,
            count(summary.valid_tickets),
            count(summary.checked_in),
            count(summary.not_checked_in),
          ],
        },
      },
    };
  });

  return {
    ok: true,
    timeZone,
    range,
    rangeText,
    badRange,
    currency,
    figures,
    hasSales,
    days,
    items,
    donations: donationsChart,
    door,
  };
}
