import type {
  AttendanceReport,
  DonationReport,
  LocalizedText,
  PayoutReport,
  SalesReport,
  SalesTaxPeriod,
  SalesTaxReport,
} from './api-types';
import { pickText } from './events';
import { formatDate, formatMoney, minorDigits } from './format';
import type { Messages } from './messages';

export const REPORT_KINDS = ['sales', 'attendance', 'payouts', 'donations', 'sales-tax'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const SALES_TAX_PERIODS: readonly SalesTaxPeriod[] = ['month', 'quarter', 'year'];

/** What the reports page shows: one report, a range of days in the organizer's time zone, maybe one event. */
export interface ReportQuery {
  report: ReportKind;
  from: string;
  to: string;
  eventId: string | null;
  period: SalesTaxPeriod;
}

export type ReportData =
  | { report: 'sales'; data: SalesReport }
  | { report: 'attendance'; data: AttendanceReport }
  | { report: 'payouts'; data: PayoutReport }
  | { report: 'donations'; data: DonationReport }
  | { report: 'sales-tax'; data: SalesTaxReport };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A real calendar day written YYYY-MM-DD (`2026-02-30` is not one). */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar year `now` falls in on the organizer's clock: a report's default range. */
export function currentYear(timeZone: string, now = new Date()): { from: string; to: string } {
  let year: string;
  try {
    year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now);
  } catch {
    year = String(now.getUTCFullYear());
  }
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The report asked for in the address; what is missing or not understood takes its default. */
export function readReportQuery(params: URLSearchParams, timeZone: string, now = new Date()): ReportQuery {
  const year = currentYear(timeZone, now);
  const report = params.get('report') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const eventId = params.get('event') ?? '';
  const period = params.get('period') ?? '';
  return {
    report: (REPORT_KINDS as readonly string[]).includes(report) ? (report as ReportKind) : 'sales',
    from: isDay(from) ? from : year.from,
    to: isDay(to) ? to : year.to,
    eventId: UUID.test(eventId) ? eventId : null,
    period: (SALES_TAX_PERIODS as readonly string[]).includes(period) ? (period as SalesTaxPeriod) : 'month',
  };
}

/** The address of a report (`/reports?report=sales&from=…`), on the page or as its CSV file. */
export function reportHref(query: ReportQuery, changes: Partial<ReportQuery> = {}, path = '/reports'): string {
  const { report, from, to, eventId, period } = { ...query, ...changes };
  const params = new URLSearchParams({ report, from, to });
  if (eventId) params.set('event', eventId);
  if (report === 'sales-tax') params.set('period', period);
  return `${path}?${params}`;
}

/** The report's name in the reader's language. */
export function reportName(report: ReportKind, t: Messages): string {
  return {
    sales: t.reports_kind_sales,
    attendance: t.reports_kind_attendance,
    payouts: t.reports_kind_payouts,
    donations: t.reports_kind_donations,
    'sales-tax': t.reports_kind_salesTax,
  }[report];
}

/** One cell of a report, before it is written for a page or a spreadsheet. */
export type ReportCell =
  /** A name someone wrote (an event, a tier), or the admin's own word for one. */
  | { type: 'text'; text: string }
  | { type: 'day'; day: string }
  | { type: 'period'; day: string; period: SalesTaxPeriod }
  | { type: 'money'; cents: number }
  | { type: 'count'; value: number }
  /** A share in percent: 45.5 is 45.5 %. */
  | { type: 'percent'; value: number }
  | { type: 'none' };

export interface ReportColumn {
  label: string;
  numeric: boolean;
}

/** A report as rows of cells under its columns, with its totals row; the page and the CSV file both write it. */
export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportCell[][];
  totals: ReportCell[];
  /** The currency of every amount; null for a report without money (attendance). */
  currency: string | null;
}

const text = (value: string): ReportCell => ({ type: 'text', text: value });
const money = (cents: number): ReportCell => ({ type: 'money', cents });
const count = (value: number): ReportCell => ({ type: 'count', value });
const none: ReportCell = { type: 'none' };
const column = (label: string, numeric = true): ReportColumn => ({ label, numeric });

/**
 * A report from the API as a table in the reader's language. `preferred`: the languages to pick
 * organizers' names in, the reader's first.
 */
export function reportTable(report: ReportData, t: Messages, preferred: readonly string[]): ReportTable {
  const name = (value: LocalizedText | null | undefined, missing: string) =>
    (value && pickText(value, preferred)) || missing;
  switch (report.report) {
    case 'sales': {
      const { rows, totals, currency } = report.data;
      const figures = (row: typeof totals) =>
        [
          row.sales_cents,
          row.card_cents,
          row.in_person_cents,
          row.refunds_cents,
          row.fees_cents,
          row.tax_cents,
          row.net_cents,
        ].map(money);
      return {
        currency,
        columns: [
          column(t.reports_col_date, false),
          column(t.reports_col_event, false),
          column(t.reports_col_item, false),
          column(t.reports_col_sales),
          column(t.reports_col_card),
          column(t.reports_col_inPerson),
          column(t.reports_col_refunds),
          column(t.reports_col_fees),
          column(t.reports_col_salesTax),
          column(t.reports_col_net),
        ],
        rows: rows.map((row) => {
          const event = name(row.event_title, t.reports_noEvent);
          const item =
            row.line_kind === 'donation'
              ? t.reports_donationFor({ event: name(row.item_name, event) })
              : name(row.item_name, t.reports_noItem);
          return [{ type: 'day', day: row.date }, text(event), text(item), ...figures(row)];
        }),
        totals: [text(t.reports_total), none, none, ...figures(totals)],
      };
    }
    case 'attendance': {
      const { rows, totals } = report.data;
      return {
        currency: null,
        columns: [
          column(t.reports_col_event, false),
          column(t.reports_col_tier, false),
          column(t.reports_col_sold),
          column(t.reports_col_checkedIn),
          column(t.reports_col_notCheckedIn),
          column(t.reports_col_refunded),
          column(t.reports_col_capacity),
        ],
        rows: rows.map((row) => [
          text(name(row.event_title, t.reports_noEvent)),
          text(name(row.tier_name, t.reports_noItem)),
          count(row.sold),
          count(row.checked_in),
          count(row.not_checked_in),
          count(row.refunded),
          count(row.capacity),
        ]),
        totals: [
          text(t.reports_total),
          none,
          count(totals.sold),
          count(totals.checked_in),
          count(totals.not_checked_in),
          count(totals.refunded),
          count(rows.reduce((sum, row) => sum + row.capacity, 0)),
        ],
      };
    }
    case 'payouts': {
      const { rows, totals, currency } = report.data;
      const figures = (row: typeof totals) =>
        [
          row.sales_cents,
          row.refunds_cents,
          row.fees_cents,
          row.disputes_cents,
          row.net_cents,
          row.tax_cents,
          row.in_person_cents,
          row.paid_out_cents,
          row.to_pay_cents,
        ].map(money);
      return {
        currency,
        columns: [
          column(t.reports_col_event, false),
          column(t.reports_col_sales),
          column(t.reports_col_refunds),
          column(t.reports_col_fees),
          column(t.reports_col_disputes),
          column(t.reports_col_net),
          column(t.reports_col_ofWhichTax),
          column(t.reports_col_inPerson),
          column(t.reports_col_paidOut),
          column(t.reports_col_toPay),
        ],
        rows: rows.map((row) => [text(name(row.event_title, t.reports_noEvent)), ...figures(row)]),
        totals: [text(t.reports_total), ...figures(totals)],
      };
    }
    case 'donations': {
      const { rows, totals, currency } = report.data;
      return {
        currency,
        columns: [
          column(t.reports_col_event, false),
          column(t.reports_col_goal),
          column(t.reports_col_donated),
          column(t.reports_col_givenBack),
          column(t.reports_col_kept),
          column(t.reports_col_progress),
          column(t.reports_col_impactFund),
        ],
        rows: rows.map((row) => [
          text(name(row.event_title, t.reports_noEvent)),
          row.goal_cents == null ? none : money(row.goal_cents),
          money(row.donated_cents),
          money(row.refunded_cents),
          money(row.net_cents),
          row.goal_cents ? { type: 'percent', value: (row.net_cents / row.goal_cents) * 100 } : none,
          money(row.impact_fund_cents),
        ]),
        totals: [
          text(t.reports_total),
          none,
          money(totals.donated_cents),
          money(totals.refunded_cents),
          money(totals.net_cents),
          none,
          money(totals.impact_fund_cents),
        ],
      };
    }
    case 'sales-tax': {
      const { rows, totals, currency, period } = report.data;
      const figures = (row: typeof totals) =>
        [row.sales_cents, row.tax_collected_cents, row.tax_refunded_cents, row.tax_cents].map(money);
      return {
        currency,
        columns: [
          column(t.reports_col_period, false),
          column(t.reports_col_state, false),
          column(t.reports_col_city, false),
          column(t.reports_col_salesBeforeTax),
          column(t.reports_col_taxCollected),
          column(t.reports_col_taxRefunded),
          column(t.reports_col_taxToRemit),
        ],
        rows: rows.map((row) => [
          { type: 'period', day: row.period_start, period },
          text(row.state || t.reports_noState),
          row.city ? text(row.city) : none,
          ...figures(row),
        ]),
        totals: [text(t.reports_total), none, none, ...figures(totals)],
      };
    }
  }
}

/** A day (YYYY-MM-DD) as people read it: `Mar 1, 2026`. It is a calendar day, on no clock. */
export function formatDay(day: string, locale = 'en-US'): string {
  return formatDate(`${day}T12:00:00Z`, 'UTC', locale);
}

/** The first day of a month, quarter or year as the period's name: `March 2026`, `Q1 2026`, `2026`. */
export function formatPeriod(day: string, period: SalesTaxPeriod, t: Messages, locale = 'en-US'): string {
  const at = new Date(`${day}T12:00:00Z`);
  if (period === 'year') return String(at.getUTCFullYear());
  if (period === 'quarter') {
    return t.reports_quarter({
      quarter: String(Math.floor(at.getUTCMonth() / 3) + 1),
      year: String(at.getUTCFullYear()),
    });
  }
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
}

/** A cell as the page shows it, in the reader's language. */
export function displayCell(cell: ReportCell, table: ReportTable, t: Messages, locale = 'en-US'): string {
  switch (cell.type) {
    case 'text':
      return cell.text;
    case 'day':
      return formatDay(cell.day, locale);
    case 'period':
      return formatPeriod(cell.day, cell.period, t, locale);
    case 'money':
      return formatMoney(cell.cents, table.currency ?? 'USD', locale);
    case 'count':
      return new Intl.NumberFormat(locale).format(cell.value);
    case 'percent':
      return t.reports_ofGoal({
        percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(cell.value / 100),
      });
    case 'none':
      return '';
  }
}

/** An amount in minor units as a plain decimal in major units, which spreadsheets add up: `1234.50`. */
export function majorUnits(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  if (digits === 0) return `${sign}${whole}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(whole / unit)}.${String(whole % unit).padStart(digits, '0')}`;
}

/**
 * A name written into a spreadsheet cell as text. A cell that begins with `=`, `+`, `-`, `@`, a
 * tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula, and a
 * formula can reach other cells, files and the web (CSV injection): an organizer's, or a
 * buyer's, text gets a leading apostrophe, which shows it as written.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(cell: ReportCell, table: ReportTable): string {
  switch (cell.type) {
    case 'text':
      return spreadsheetText(cell.text);
    case 'day':
    case 'period':
      return cell.day;
    case 'money':
      return majorUnits(cell.cents, table.currency ?? 'USD');
    case 'count':
      return String(cell.value);
    case 'percent':
      return cell.value.toFixed(1);
    case 'none':
      return '';
  }
}

/**
 * The report's records for a CSV file: a header of the page's column names (and Currency), its
 * rows, and its totals row. Amounts are major units with a dot and days YYYY-MM-DD, whatever the
 * reader's language, so that any spreadsheet reads and adds them.
 */
export function csvRecords(table: ReportTable, t: Messages): string[][] {
  const withCurrency = (cells: string[]) => (table.currency ? [...cells, table.currency] : cells);
  return [
    [
      ...table.columns.map((column) => spreadsheetText(column.label)),
      ...(table.currency ? [t.reports_col_currency] : []),
    ],
    ...table.rows.map((row) => withCurrency(row.map((cell) => csvCell(cell, table)))),
    withCurrency(table.totals.map((cell) => csvCell(cell, table))),
  ];
}

/** The CSV file's name: `sales-2026-01-01-2026-12-31.csv`. */
export function csvFileName(query: ReportQuery): string {
  return `${query.report}-${query.from}-${query.to}.csv`;
}
