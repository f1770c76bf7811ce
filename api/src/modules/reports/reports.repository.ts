import { type RawBuilder, sql } from 'kysely';
import type { LocalizedText } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

/**
 * The organizer's reports, read from the ledger. Every money figure is a sum of ledger lines, so
 * a report cannot disagree with the ledger; order lines, events and tiers only name what the money
 * was for. Reports read the ledger's tables directly rather than through the ledger module: they
 * are its read model, and belong on a read replica when one exists.
 *
 * The shares of a sold line (see ledger.ts): organizer_payable, sales_tax_payable, platform_fees
 * and impact_fund together hold −T for a sale of T, +R for a refund of R.
 */

/** Days of the organizer's calendar, as the instants that bound them. */
export interface Window {
  tenantId: string;
  timeZone: string;
  from: string | null;
  to: string | null;
  eventId: string | null;
}

const SHARES = sql`('organizer_payable', 'sales_tax_payable', 'platform_fees', 'impact_fund')`;
const SELLING = sql`('sale', 'offline_sale', 'refund')`;

function within(window: Window): RawBuilder<unknown> {
  const parts = [sql`l.tenant_id = ${window.tenantId}`];
  if (window.from) parts.push(sql`t.occurred_at >= (${window.from}::date)::timestamp at time zone ${window.timeZone}`);
  if (window.to) parts.push(sql`t.occurred_at < (${window.to}::date + 1)::timestamp at time zone ${window.timeZone}`);
  if (window.eventId) parts.push(sql`l.event_id = ${window.eventId}`);
  return sql.join(parts, sql` and `);
}

const money = (expression: RawBuilder<unknown>) => sql<string>`coalesce(${expression}, 0)::bigint`;

export interface SalesRow {
  date: string;
  event_id: string | null;
  event_title: LocalizedText | null;
  line_kind: 'ticket' | 'product' | 'donation';
  tier_id: string | null;
  product_id: string | null;
  item_name: LocalizedText;
  sales_cents: string;
  card_cents: string;
  in_person_cents: string;
  refunds_cents: string;
  fees_cents: string;
  tax_cents: string;
  net_cents: string;
}

export async function salesByDay(trx: Tx, window: Window): Promise<SalesRow[]> {
  const { rows } = await sql<SalesRow>`
    select to_char(t.occurred_at at time zone ${window.timeZone}, 'YYYY-MM-DD') as date,
      l.event_id, e.title as event_title, ol.kind as line_kind, ol.tier_id, ol.product_id,
      coalesce(tier.name, product.name, e.title, ol.description) as item_name,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind in ('sale', 'offline_sale') and l.account in ${SHARES})`)} as sales_cents,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind = 'sale' and l.account in ${SHARES})`)} as card_cents,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind = 'offline_sale' and l.account in ${SHARES})`)} as in_person_cents,
      ${money(sql`sum(l.amount_cents) filter (where t.kind = 'refund' and l.account in ${SHARES})`)} as refunds_cents,
      ${money(sql`-sum(l.amount_cents) filter (where l.account in ('platform_fees', 'impact_fund'))`)} as fees_cents,
      ${money(sql`-sum(l.amount_cents) filter (where l.account = 'sales_tax_payable')`)} as tax_cents,
      ${money(sql`-sum(l.amount_cents) filter (where l.account = 'organizer_payable')`)} as net_cents
    from ledger_lines l
    join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
    join order_lines ol on ol.tenant_id = l.tenant_id and ol.id = l.order_line_id
    left join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
    left join ticket_tiers tier on tier.tenant_id = ol.tenant_id and tier.id = ol.tier_id
    left join products product on product.tenant_id = ol.tenant_id and product.id = ol.product_id
    where ${within(window)} and t.kind in ${SELLING} and l.account in ${SHARES}
    group by 1, l.event_id, e.title, e.starts_at, ol.kind, ol.tier_id, ol.product_id, 7
    order by 1, e.starts_at nulls last, l.event_id, ol.kind, ol.tier_id, ol.product_id`.execute(trx);
  return rows;
}

export interface PayoutRow {
  event_id: string | null;
  event_title: LocalizedText | null;
  sales_cents: string;
  refunds_cents: string;
  fees_cents: string;
  disputes_cents: string;
  tax_cents: string;
  in_person_cents: string;
  paid_out_cents: string;
}

export async function payoutsByEvent(trx: Tx, window: Window): Promise<PayoutRow[]> {
  const { rows } = await sql<PayoutRow>`
    select l.event_id, e.title as event_title,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind in ('sale', 'offline_sale') and l.account in ${SHARES})`)} as sales_cents,
      ${money(sql`sum(l.amount_cents) filter (where t.kind = 'refund' and l.account in ${SHARES})`)} as refunds_cents,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind in ${SELLING} and l.account in ('platform_fees', 'impact_fund'))`)} as fees_cents,
      ${money(sql`sum(l.amount_cents) filter (where t.kind in ('dispute', 'dispute_reversal') and l.account = 'organizer_payable')`)} as disputes_cents,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind in ${SELLING} and l.account = 'sales_tax_payable')`)} as tax_cents,
      ${money(sql`sum(l.amount_cents) filter (where l.account = 'organizer_collected')`)} as in_person_cents,
      ${money(sql`-sum(l.amount_cents) filter (where l.account = 'payouts')`)} as paid_out_cents
    from ledger_lines l
    join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
    left join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
    where ${within(window)}
    group by l.event_id, e.title, e.starts_at
    having count(*) filter (where l.account not in ('processor_clearing', 'processor_fees', 'refunds')) > 0
    order by e.starts_at nulls last, l.event_id`.execute(trx);
  return rows;
}

export interface DonationRow {
  event_id: string;
  event_title: LocalizedText;
  goal_cents: number | null;
  donated_cents: string;
  refunded_cents: string;
  impact_fund_cents: string;
}

export async function donationsByEvent(trx: Tx, window: Window): Promise<DonationRow[]> {
  const { rows } = await sql<DonationRow>`
    select l.event_id, e.title as event_title, e.donation_goal_cents as goal_cents,
      ${money(sql`-sum(l.amount_cents) filter (where ol.kind = 'donation' and t.kind in ('sale', 'offline_sale') and l.account in ${SHARES})`)} as donated_cents,
      ${money(sql`sum(l.amount_cents) filter (where ol.kind = 'donation' and t.kind = 'refund' and l.account in ${SHARES})`)} as refunded_cents,
      ${money(sql`-sum(l.amount_cents) filter (where l.account = 'impact_fund')`)} as impact_fund_cents
    from ledger_lines l
    join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
    join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
    left join order_lines ol on ol.tenant_id = l.tenant_id and ol.id = l.order_line_id
    where ${within(window)} and t.kind in ${SELLING} and l.account in ${SHARES}
    group by l.event_id, e.title, e.donation_goal_cents, e.starts_at
    having bool_or(ol.kind = 'donation') or sum(l.amount_cents) filter (where l.account = 'impact_fund') <> 0
    order by e.starts_at, l.event_id`.execute(trx);
  return rows;
}

export interface SalesTaxRow {
  period_start: string;
  state: string;
  city: string;
  sales_cents: string;
  tax_collected_cents: string;
  tax_refunded_cents: string;
}

export async function salesTaxByPlace(
  trx: Tx,
  window: Window,
  period: 'month' | 'quarter' | 'year',
): Promise<SalesTaxRow[]> {
  const start = sql`date_trunc(${period}, t.occurred_at at time zone ${window.timeZone})`;
  const { rows } = await sql<SalesTaxRow>`
    select to_char(${start}, 'YYYY-MM-DD') as period_start, ol.tax_state as state, ol.tax_city as city,
      ${money(sql`-sum(l.amount_cents) filter (where l.account <> 'sales_tax_payable')`)} as sales_cents,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind in ('sale', 'offline_sale') and l.account = 'sales_tax_payable')`)} as tax_collected_cents,
      ${money(sql`sum(l.amount_cents) filter (where t.kind = 'refund' and l.account = 'sales_tax_payable')`)} as tax_refunded_cents
    from ledger_lines l
    join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
    join order_lines ol on ol.tenant_id = l.tenant_id and ol.id = l.order_line_id
    where ${within(window)} and t.kind in ${SELLING} and l.account in ${SHARES} and ol.kind <> 'donation'
    group by 1, ol.tax_state, lower(ol.tax_city), ol.tax_city
    order by 1, ol.tax_state = '', ol.tax_state, lower(ol.tax_city)`.execute(trx);
  return rows;
}

export interface CardMonthRow {
  month: number;
  card_cents: string;
  transactions: string;
  in_person_cents: string;
  in_person_transactions: string;
  card_refunds_cents: string;
}

/** Money taken per month of a calendar year: by card (what processors report on Form 1099-K) and in person. */
export async function paymentsByMonth(
  trx: Tx,
  tenantId: string,
  timeZone: string,
  year: number,
): Promise<CardMonthRow[]> {
  const window: Window = { tenantId, timeZone, from: `${year}-01-01`, to: `${year}-12-31`, eventId: null };
  const { rows } = await sql<CardMonthRow>`
    select extract(month from t.occurred_at at time zone ${timeZone})::int as month,
      ${money(sql`sum(l.amount_cents) filter (where t.kind = 'sale' and l.account = 'processor_clearing')`)} as card_cents,
      count(distinct t.id) filter (where t.kind = 'sale') as transactions,
      ${money(sql`sum(l.amount_cents) filter (where t.kind = 'offline_sale' and l.account = 'organizer_collected')`)} as in_person_cents,
      count(distinct t.id) filter (where t.kind = 'offline_sale') as in_person_transactions,
      ${money(sql`-sum(l.amount_cents) filter (where t.kind = 'refund' and l.account = 'refunds')`)} as card_refunds_cents
    from ledger_lines l
    join ledger_transactions t on t.tenant_id = l.tenant_id and t.id = l.transaction_id
    where ${within(window)} and t.kind in ${SELLING}
    group by 1
    order by 1`.execute(trx);
  return rows;
}

export interface AttendanceRow {
  event_id: string;
  event_title: LocalizedText;
  starts_at: Date;
  tier_id: string;
  tier_name: LocalizedText;
  capacity: number;
  sold: string;
  checked_in: string;
  refunded: string;
}

export async function attendanceByTier(trx: Tx, tenantId: string, eventId: string | null): Promise<AttendanceRow[]> {
  const { rows } = await sql<AttendanceRow>`
    select e.id as event_id, e.title as event_title, e.starts_at, tier.id as tier_id, tier.name as tier_name,
      tier.quantity as capacity,
      count(ticket.id) filter (where ticket.status = 'valid') as sold,
      count(ticket.id) filter (where ticket.status = 'valid' and ticket.checked_in_at is not null) as checked_in,
      count(ticket.id) filter (where ticket.status = 'revoked' and ticket.revoked_reason = 'refunded') as refunded
    from ticket_tiers tier
    join events e on e.tenant_id = tier.tenant_id and e.id = tier.event_id
    left join tickets ticket on ticket.tenant_id = tier.tenant_id and ticket.tier_id = tier.id
    where tier.tenant_id = ${tenantId} and e.status <> 'draft' and (tier.deleted_at is null or ticket.id is not null)
      ${eventId ? sql`and e.id = ${eventId}` : sql``}
    group by e.id, e.title, e.starts_at, tier.id, tier.name, tier.quantity, tier.position
    order by e.starts_at desc, e.id, tier.position, tier.id`.execute(trx);
  return rows;
}
