import { EDITORS, MANAGERS, requireRole, type TenantContext } from '../../context.ts';
import { unprocessable } from '../../lib/errors.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import * as repo from './reports.repository.ts';
import type { ReportRange, SalesTaxQuery } from './reports.schemas.ts';

const cents = (value: string | number) => Number(value);

/** Adds up the named money fields of rows. */
function totalsOf<K extends string>(rows: readonly Record<K, number>[], fields: readonly K[]): Record<K, number> {
  const totals = Object.fromEntries(fields.map((field) => [field, 0])) as Record<K, number>;
  for (const row of rows) for (const field of fields) totals[field] += row[field];
  return totals;
}

async function windowOf(ctx: TenantContext, range: ReportRange) {
  if (range.from && range.to && range.from > range.to) {
    throw unprocessable('invalid_range', 'The first day comes after the last day; swap them or pick other days.', [
      { field: 'querystring.from', message: 'after the last day' },
    ]);
  }
  const organizer = await getOrganizer(ctx);
  const window: repo.Window = {
    tenantId: ctx.tenantId,
    timeZone: organizer.time_zone,
    from: range.from ?? null,
    to: range.to ?? null,
    eventId: range.event_id ?? null,
  };
  const frame = { currency: organizer.currency, time_zone: organizer.time_zone, from: window.from, to: window.to };
  return { window, frame };
}

const SALES_FIGURES = [
  'sales_cents',
  'card_cents',
  'in_person_cents',
  'refunds_cents',
  'fees_cents',
  'tax_cents',
  'net_cents',
] as const;

export async function salesReport(ctx: TenantContext, range: ReportRange) {
  requireRole(ctx, MANAGERS, 'see sales reports');
  const { window, frame } = await windowOf(ctx, range);
  const rows = (await repo.salesByDay(ctx.trx, window)).map((row) => ({
    ...row,
    sales_cents: cents(row.sales_cents),
    card_cents: cents(row.card_cents),
    in_person_cents: cents(row.in_person_cents),
    refunds_cents: cents(row.refunds_cents),
    fees_cents: cents(row.fees_cents),
    tax_cents: cents(row.tax_cents),
    net_cents: cents(row.net_cents),
  }));
  return { ...frame, rows, totals: totalsOf(rows, SALES_FIGURES) };
}

export async function attendanceReport(ctx: TenantContext, query: Pick<ReportRange, 'event_id'>) {
  requireRole(ctx, EDITORS, 'see attendance');
  const rows = (await repo.attendanceByTier(ctx.trx, ctx.tenantId, query.event_id ?? null)).map((row) => {
    const sold = Number(row.sold);
    const checkedIn = Number(row.checked_in);
    return {
      ...row,
      starts_at: row.starts_at.toISOString(),
      sold,
      checked_in: checkedIn,
      not_checked_in: sold - checkedIn,
      refunded: Number(row.refunded),
    };
  });
  return { rows, totals: totalsOf(rows, ['sold', 'checked_in', 'not_checked_in', 'refunded'] as const) };
}

export async function payoutReport(ctx: TenantContext, range: ReportRange) {
  requireRole(ctx, MANAGERS, 'see payout reports');
  const { window, frame } = await windowOf(ctx, range);
  const rows = (await repo.payoutsByEvent(ctx.trx, window)).map((row) => {
    const figures = {
      sales_cents: cents(row.sales_cents),
      refunds_cents: cents(row.refunds_cents),
      fees_cents: cents(row.fees_cents),
      disputes_cents: cents(row.disputes_cents),
      tax_cents: cents(row.tax_cents),
      in_person_cents: cents(row.in_person_cents),
      paid_out_cents: cents(row.paid_out_cents),
    };
    const net = figures.sales_cents - figures.refunds_cents - figures.fees_cents - figures.disputes_cents;
    return {
      event_id: row.event_id,
      event_title: row.event_title,
      ...figures,
      net_cents: net,
      to_pay_cents: net - figures.in_person_cents - figures.paid_out_cents,
    };
  });
  const fields = [
    'sales_cents',
    'refunds_cents',
    'fees_cents',
    'disputes_cents',
    'net_cents',
    'tax_cents',
    'in_person_cents',
    'paid_out_cents',
    'to_pay_cents',
  ] as const;
  return { ...frame, rows, totals: totalsOf(rows, fields) };
}

export async function donationReport(ctx: TenantContext, range: ReportRange) {
  requireRole(ctx, MANAGERS, 'see donation reports');
  const { window, frame } = await windowOf(ctx, range);
  const rows = (await repo.donationsByEvent(ctx.trx, window)).map((row) => {
    const donated = cents(row.donated_cents);
    const refunded = cents(row.refunded_cents);
    return {
      event_id: row.event_id,
      event_title: row.event_title,
      goal_cents: row.goal_cents,
      donated_cents: donated,
      refunded_cents: refunded,
      net_cents: donated - refunded,
      impact_fund_cents: cents(row.impact_fund_cents),
    };
  });
  const fields = ['donated_cents', 'refunded_cents', 'net_cents', 'impact_fund_cents'] as const;
  return { ...frame, rows, totals: totalsOf(rows, fields) };
}

export async function salesTaxReport(ctx: TenantContext, query: SalesTaxQuery) {
  requireRole(ctx, MANAGERS, 'see sales tax reports');
  const { window, frame } = await windowOf(ctx, query);
  const period = query.period ?? 'month';
  const rows = (await repo.salesTaxByPlace(ctx.trx, window, period)).map((row) => {
    const collected = cents(row.tax_collected_cents);
    const refunded = cents(row.tax_refunded_cents);
    return {
      period_start: row.period_start,
      state: row.state,
      city: row.city,
      sales_cents: cents(row.sales_cents),
      tax_collected_cents: collected,
      tax_refunded_cents: refunded,
      tax_cents: collected - refunded,
    };
  });
  const fields = ['sales_cents', 'tax_collected_cents', 'tax_refunded_cents', 'tax_cents'] as const;
  return { ...frame, period, rows, totals: totalsOf(rows, fields) };
}

/** Money taken in each month of a calendar year, by card and in person; for the Form 1099-K view. */
export async function paymentsByMonth(ctx: TenantContext, year: number) {
  requireRole(ctx, MANAGERS, 'see tax figures');
  const organizer = await getOrganizer(ctx);
  const found = new Map(
    (await repo.paymentsByMonth(ctx.trx, ctx.tenantId, organizer.time_zone, year)).map((row) => [row.month, row]),
  );
  const months = Array.from({ length: 12 }, (_, i) => {
    const row = found.get(i + 1);
    return {
      month: i + 1,
      card_cents: cents(row?.card_cents ?? 0),
      transactions: Number(row?.transactions ?? 0),
      in_person_cents: cents(row?.in_person_cents ?? 0),
      in_person_transactions: Number(row?.in_person_transactions ?? 0),
      card_refunds_cents: cents(row?.card_refunds_cents ?? 0),
    };
  });
  return { currency: organizer.currency, time_zone: organizer.time_zone, months };
}
