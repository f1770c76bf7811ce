import { sql } from 'kysely';
import type { InTenant } from '../../context.ts';
import type { LedgerAccount, LedgerTransactionKind, Order, OrderLine } from '../../db/schema.ts';

/**
 * The organizer's double-entry ledger. Every money movement posts one transaction whose lines
 * balance (the database refuses any that do not), in the database transaction that moves the
 * money. Debits are positive, credits negative.
 *
 * What a sale of T (for one order line: tax X, service fee F of which the impact share I, the
 * organizer absorbing A of F) posts:
 *   processor_clearing  +T          money taken by card
 *   organizer_payable   −(T−X−F)    hers, less any fee she absorbs: −(T − X − buyer fee − A)
 *   sales_tax_payable   −X          collected for her to remit, paid out with her sales
 *   platform_fees       −(F−I)      ours
 *   impact_fund         −I          the community fund's
 * A donation line carries no tax and no fee (X = F = 0): the whole gift is hers.
 * Cash and partner sales never pass through us: the organizer holds T, so the sale debits
 * organizer_collected +T instead of processor_clearing, and what she holds counts against what she
 * is owed (in effect she owes the platform its fees). Every posting of a line names the line, so
 * reports split sales by tier and tax by place from the ledger alone. A refund debits the same
 * accounts by the refunded share of each and credits `refunds` (or, given back in person,
 * organizer_collected) (the platform gives back exactly its share of the fee, and
 * of a destination charge's application fee the same amount, `refundedFees`, so refunding a gift
 * costs the platform nothing); a processor's fee debits processor_fees; a dispute takes
 * the disputed amount and its fee from the organizer; a payout debits what she is owed and
 * credits `payouts`.
 */

export interface Posting {
  account: LedgerAccount;
  eventId: string | null;
  /** The order line this is a share of, when it is one line's. */
  orderLineId?: string | null;
  cents: number;
}

/**
 * Posts one balanced transaction (lines of zero are dropped; nothing is posted if none remain).
 * With a `reference`, the same movement posted twice is posted once.
 */
export async function post(
  ctx: InTenant,
  entry: {
    kind: LedgerTransactionKind;
    currency: string;
    postings: Posting[];
    orderId?: string | null;
    payoutId?: string | null;
    disputeId?: string | null;
    reference?: string | null;
  },
): Promise<string | null> {
  const merged = new Map<string, Posting>();
  for (const posting of entry.postings) {
    const key = `${posting.account}|${posting.eventId ?? ''}|${posting.orderLineId ?? ''}`;
    const seen = merged.get(key);
    if (seen) seen.cents += posting.cents;
    else merged.set(key, { ...posting });
  }
  const lines = [...merged.values()].filter((posting) => posting.cents !== 0);
  if (lines.length === 0) return null;
  const transaction = await ctx.trx
    .insertInto('ledger_transactions')
    .values({
      tenant_id: ctx.tenantId,
      kind: entry.kind,
      order_id: entry.orderId ?? null,
      payout_id: entry.payoutId ?? null,
      dispute_id: entry.disputeId ?? null,
      reference: entry.reference ?? null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'reference']).where('reference', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!transaction) return null;
  await ctx.trx
    .insertInto('ledger_lines')
    .values(
      lines.map((line) => ({
        tenant_id: ctx.tenantId,
        transaction_id: transaction.id,
        account: line.account,
        event_id: line.eventId,
        order_line_id: line.orderLineId ?? null,
        amount_cents: line.cents,
        currency: entry.currency,
      })),
    )
    .execute();
  return transaction.id;
}

/** The event an order's money is booked to when it is about the whole order (a dispute, a late refund). */
export async function firstEventOfOrder(ctx: InTenant, orderId: string): Promise<string | null> {
  const line = await ctx.trx
    .selectFrom('order_lines')
    .select('event_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('order_id', '=', orderId)
    .where('event_id', 'is not', null)
    .orderBy('position')
    .executeTakeFirst();
  return line?.event_id ?? null;
}

/** The event a line's money belongs to: its own, else (an add-on of no event) the order's first event. */
function eventsOf(lines: readonly OrderLine[]): (line: OrderLine) => string | null {
  const first = lines.find((line) => line.event_id)?.event_id ?? null;
  return (line) => line.event_id ?? first;
}

/** The parts of a line's total, or of a refunded share of it. */
interface Split {
  lineId: string;
  eventId: string | null;
  total: number;
  tax: number;
  buyerFee: number;
  absorbedFee: number;
  impact: number;
}

function splitLine(line: OrderLine, eventId: string | null): Split {
  return {
    lineId: line.id,
    eventId,
    total: line.total_cents,
    tax: line.tax_cents,
    buyerFee: line.fee_cents,
    absorbedFee: line.organizer_fee_cents,
    impact: line.impact_fee_cents,
  };
}

/** The shares of a line's total: hers, the tax she remits, the platform's fee and the fund's. */
function sharePostings(split: Split, sign: 1 | -1): Posting[] {
  const { lineId: orderLineId, eventId, total, tax, buyerFee, absorbedFee, impact } = split;
  return [
    { account: 'organizer_payable', eventId, orderLineId, cents: -sign * (total - tax - buyerFee - absorbedFee) },
    { account: 'sales_tax_payable', eventId, orderLineId, cents: -sign * tax },
    { account: 'platform_fees', eventId, orderLineId, cents: -sign * (buyerFee + absorbedFee - impact) },
    { account: 'impact_fund', eventId, orderLineId, cents: -sign * impact },
  ];
}

/** A line paid or given back in person: the money in her hands, and its shares. */
function offlinePostings(split: Split, sign: 1 | -1): Posting[] {
  return [
    { account: 'organizer_collected', eventId: split.eventId, orderLineId: split.lineId, cents: sign * split.total },
    ...sharePostings(split, sign),
  ];
}

const OFFLINE = new Set(['cash', 'partner']);

/** Posts a paid order: its sale (or, paid in person, the fees the organizer owes) and the processor's fee. */
export async function postSale(
  ctx: InTenant,
  order: Order,
  lines: readonly OrderLine[],
  payment: { reference: string | null; processorFeeCents: number },
): Promise<void> {
  if (order.total_cents === 0 || order.payment_method === 'free') return;
  const eventOf = eventsOf(lines);
  const splits = lines.map((line) => splitLine(line, eventOf(line)));
  const firstEvent = splits[0]?.eventId ?? null;
  const base = { currency: order.currency.trim(), orderId: order.id };
  if (OFFLINE.has(order.payment_method ?? '')) {
    await post(ctx, {
      ...base,
      kind: 'offline_sale',
      reference: `order:${order.id}`,
      postings: splits.flatMap((split) => offlinePostings(split, 1)),
    });
    return;
  }
  await post(ctx, {
    ...base,
    kind: 'sale',
    reference: `order:${order.id}`,
    postings: [
      { account: 'processor_clearing', eventId: firstEvent, cents: order.total_cents },
      ...splits.flatMap((split) => sharePostings(split, 1)),
    ],
  });
  if (payment.processorFeeCents > 0) {
    await post(ctx, {
      ...base,
      kind: 'processor_fee',
      reference: `fee:${payment.reference ?? order.id}`,
      postings: [
        { account: 'processor_fees', eventId: firstEvent, cents: payment.processorFeeCents },
        { account: 'processor_clearing', eventId: firstEvent, cents: -payment.processorFeeCents },
      ],
    });
  }
}

/**
 * The part of `whole` that belongs to units `before`..`after` of `quantity`: cumulative shares
 * rounded down, so a line refunded in several parts gives back exactly its whole.
 */
function share(whole: number, before: number, after: number, quantity: number): number {
  return Math.floor((whole * after) / quantity) - Math.floor((whole * before) / quantity);
}

/** The parts of the refund of `cents` of a line, `units` of it after `refundedBefore` units were refunded. */
function refundSplit(
  line: OrderLine,
  eventId: string | null,
  refund: { units: number; cents: number; refundedBefore: number },
): Split {
  const after = refund.refundedBefore + refund.units;
  const part = (whole: number) => share(whole, refund.refundedBefore, after, line.quantity);
  return {
    lineId: line.id,
    eventId,
    total: refund.cents,
    tax: Math.min(part(line.tax_cents), refund.cents),
    buyerFee: part(line.fee_cents),
    absorbedFee: part(line.organizer_fee_cents),
    impact: part(line.impact_fee_cents),
  };
}

export interface LineRefund {
  line: OrderLine;
  units: number;
  cents: number;
}

function refundSplits(allLines: readonly OrderLine[], refunds: readonly LineRefund[]): Split[] {
  const eventOf = eventsOf(allLines);
  return refunds.map(({ line, units, cents }) =>
    refundSplit(line, eventOf(line), { units, cents, refundedBefore: line.refunded_quantity }),
  );
}

/**
 * The service fee (the impact share included) a refund gives back: what the platform returns of
 * its application fee. A donation or an add-on carries none, so refunding one returns none.
 */
export function refundedFees(allLines: readonly OrderLine[], refunds: readonly LineRefund[]): number {
  return refundSplits(allLines, refunds).reduce((sum, split) => sum + split.buyerFee + split.absorbedFee, 0);
}

/** Posts money given back to a buyer, split over the lines it came from. */
export async function postRefund(
  ctx: InTenant,
  order: Order,
  allLines: readonly OrderLine[],
  refunds: readonly LineRefund[],
  reference: string,
): Promise<void> {
  if (order.payment_method === 'free') return;
  const splits = refundSplits(allLines, refunds);
  const offline = OFFLINE.has(order.payment_method ?? '');
  const amount = refunds.reduce((sum, refund) => sum + refund.cents, 0);
  await post(ctx, {
    kind: 'refund',
    currency: order.currency.trim(),
    orderId: order.id,
    reference,
    postings: offline
      ? splits.flatMap((split) => offlinePostings(split, -1))
      : [
          ...splits.flatMap((split) => sharePostings(split, -1)),
          { account: 'refunds', eventId: splits[0]?.eventId ?? null, cents: -amount },
        ],
  });
}

/** The balance of each account, optionally for one event (debit positive, credit negative). */
export async function balances(
  ctx: InTenant,
  filter: { eventId?: string; settledBefore?: Date } = {},
): Promise<Record<LedgerAccount, number>> {
  let query = ctx.trx
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_transactions as t', (join) =>
      join.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.transaction_id'),
    )
    .select(['l.account', sql<string>`sum(l.amount_cents)`.as('balance')])
    .where('l.tenant_id', '=', ctx.tenantId)
    .groupBy('l.account');
  if (filter.eventId) query = query.where('l.event_id', '=', filter.eventId);
  if (filter.settledBefore) {
    // Sales count once settled; what takes money away (refunds, disputes, payouts) counts at once.
    const cutoff = filter.settledBefore;
    query = query.where((eb) =>
      eb.or([eb('t.kind', 'not in', ['sale', 'offline_sale']), eb('t.occurred_at', '<=', cutoff)]),
    );
  }
  const rows = await query.execute();
  const result = Object.fromEntries(ACCOUNTS.map((account) => [account, 0])) as Record<LedgerAccount, number>;
  for (const row of rows) result[row.account] = Number(row.balance);
  return result;
}

export const ACCOUNTS: readonly LedgerAccount[] = [
  'processor_clearing',
  'organizer_collected',
  'organizer_payable',
  'sales_tax_payable',
  'reserve',
  'platform_fees',
  'impact_fund',
  'processor_fees',
  'refunds',
  'payouts',
];

/**
 * What the organizer is owed for an event: her payable, the tax she remits and any reserve held
 * back, less what buyers paid her in person.
 */
export function owedToOrganizer(accounts: Record<LedgerAccount, number>): number {
  return -(accounts.organizer_payable + accounts.sales_tax_payable + accounts.reserve + accounts.organizer_collected);
}
