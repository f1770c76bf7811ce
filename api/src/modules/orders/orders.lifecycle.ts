import { sql } from 'kysely';
import type { InTenant, RecordedBy } from '../../context.ts';
import type { Order, OrderLine, PaymentMethod, Ticket } from '../../db/schema.ts';
import { conflict } from '../../lib/errors.ts';
import { recordChange } from '../changes/changes.service.ts';
import { returnStock, type StockLine } from '../inventory/inventory.repository.ts';
import { postSale } from '../ledger/ledger.ts';
import { issueTickets } from '../tickets/tickets.service.ts';
import * as repo from './orders.repository.ts';

/**
 * The moves of an order that more than one path makes: paying it (card, offline, free, a
 * waitlist claim) and giving its hold back (lapsed, cancelled). Each move is one conditional
 * update of the order row, so two paths racing on one order cannot both win.
 */

export function stockLines(lines: readonly OrderLine[]): StockLine[] {
  return lines.map((line) => ({
    kind: line.kind,
    tierId: line.tier_id,
    productId: line.product_id,
    eventId: line.event_id,
    quantity: line.quantity - line.refunded_quantity,
  }));
}

export interface PaymentRecord {
  method: PaymentMethod;
  reference: string | null;
  testMode: boolean;
  partner?: string | null;
  /** Who recorded a payment taken in person; nobody for card payments and the system's own. */
  recordedBy?: RecordedBy;
  /** What the processor kept, and for a destination charge the platform's share and the organizer's account. */
  processorFeeCents?: number;
  applicationFeeCents?: number;
  destinationAccount?: string | null;
}

/** An order with its lines and tickets, as a change left them. */
export interface OrderParts {
  order: Order;
  lines: OrderLine[];
  tickets: Ticket[];
}

/**
 * Marks a pending order paid and issues one ticket per admission. Returns null when the order
 * was no longer payable (paid meanwhile, or its hold lapsed): the caller gives the money back.
 */
export async function completeOrder(
  ctx: InTenant,
  orderId: string,
  payment: PaymentRecord,
  options: { requireLiveHold: boolean },
): Promise<OrderParts | null> {
  const order = await repo.settlePendingOrder(
    ctx.trx,
    ctx.tenantId,
    orderId,
    {
      status: 'paid',
      paid_at: new Date(),
      expires_at: null,
      payment_method: payment.method,
      payment_reference: payment.reference,
      payment_partner: payment.partner ?? null,
      paid_by_user_id: payment.recordedBy?.userId ?? null,
      paid_by_api_key_id: payment.recordedBy?.apiKeyId ?? null,
      test_mode: payment.testMode,
    },
    options,
  );
  if (!order) return null;
  const lines = await repo.linesOf(ctx.trx, ctx.tenantId, [orderId]);
  const tickets = await issueTickets(
    ctx,
    lines.flatMap((line) =>
      line.kind === 'ticket' && line.tier_id && line.event_id
        ? Array.from({ length: line.quantity }, (_, i) => ({
            tenant_id: ctx.tenantId,
            order_id: orderId,
            order_line_id: line.id,
            event_id: line.event_id as string,
            tier_id: line.tier_id as string,
            attendee_name: line.attendee_names[i] ?? '',
          }))
        : [],
    ),
  );
  // In the order a later read lists them (`ticketsOf`: one insert shares its created_at).
  tickets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await ctx.trx
    .insertInto('payments')
    .values({
      tenant_id: ctx.tenantId,
      order_id: orderId,
      kind: 'charge',
      provider: payment.method,
      amount_cents: order.total_cents,
      currency: order.currency,
      provider_reference: payment.reference,
      recorded_by: payment.recordedBy?.userId ?? null,
      recorded_by_api_key_id: payment.recordedBy?.apiKeyId ?? null,
      test_mode: payment.testMode,
      processor_fee_cents: payment.processorFeeCents ?? 0,
      application_fee_cents: payment.applicationFeeCents ?? 0,
      destination_account: payment.destinationAccount ?? null,
    })
    .execute();
  await postSale(ctx, order, lines, {
    reference: payment.reference,
    processorFeeCents: payment.processorFeeCents ?? 0,
  });
  await recordChange(ctx, {
    type: 'order.paid',
    subjectId: orderId,
    data: {
      id: orderId,
      number: order.number,
      event_ids: [...new Set(lines.flatMap((line) => (line.event_id ? [line.event_id] : [])))],
      total_cents: order.total_cents,
      currency: order.currency.trim(),
      payment_method: order.payment_method,
      ticket_ids: tickets.map((ticket) => ticket.id),
      waitlist_entry_id: order.waitlist_entry_id,
    },
  });
  // The public event shows what its donations have raised: a giver sees their gift counted at
  // once rather than when the catalog's entry expires. Orders with gifts are few beside sales.
  if (lines.some((line) => line.kind === 'donation')) ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return { order, lines, tickets };
}

/**
 * Gives a pending order's hold back: stock, promo use, waitlist offer. `expired` only once the
 * hold has lapsed; `cancelled` at any time before payment. Returns false if the order was not
 * pending (paid or released meanwhile), so running it twice changes nothing.
 */
export async function releaseOrder(ctx: InTenant, orderId: string, to: 'expired' | 'cancelled'): Promise<boolean> {
  const order = await repo.settlePendingOrder(
    ctx.trx,
    ctx.tenantId,
    orderId,
    { status: to, ...(to === 'cancelled' ? { cancelled_at: new Date() } : {}) },
    { requireLiveHold: false, requireLapsedHold: to === 'expired' },
  );
  if (!order) return false;
  const lines = await repo.linesOf(ctx.trx, ctx.tenantId, [orderId]);
  await returnStock(ctx.trx, ctx.tenantId, stockLines(lines));
  if (order.promo_code_id) await repo.releasePromoUse(ctx.trx, ctx.tenantId, order.promo_code_id);
  await recordChange(ctx, {
    type: to === 'expired' ? 'order.expired' : 'order.cancelled',
    subjectId: orderId,
    data: {
      id: orderId,
      number: order.number,
      returned_tier_ids: [...new Set(lines.flatMap((line) => (line.tier_id ? [line.tier_id] : [])))],
      waitlist_entry_id: order.waitlist_entry_id,
    },
  });
  return true;
}

/**
 * The buyer will pay in person (cash at the door, or a community partner): the order stays
 * pending and keeps its seats until the payment deadline — the organizer's payment window, but
 * never past the end of the order's first event — then lapses like any hold.
 */
export async function reserveForOfflinePayment(
  ctx: InTenant,
  orderId: string,
  method: 'cash' | 'partner',
  partner: string | null,
  hours: number,
): Promise<Order> {
  const order = await repo.settlePendingOrder(
    ctx.trx,
    ctx.tenantId,
    orderId,
    {
      payment_method: method,
      payment_partner: partner,
      expires_at: sql<Date>`least(
        now() + make_interval(hours => ${hours}),
        coalesce((select min(e.ends_at) from order_lines l
          join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
          where l.tenant_id = orders.tenant_id and l.order_id = orders.id), 'infinity'))`,
    },
    { requireLiveHold: true },
  );
  if (!order) {
    throw conflict('hold_expired', 'The time to choose a payment for this order ran out. Start a new order.');
  }
  await recordChange(ctx, {
    type: 'order.reserved',
    subjectId: orderId,
    data: {
      id: orderId,
      number: order.number,
      payment_method: order.payment_method,
      expires_at: order.expires_at?.toISOString() ?? null,
    },
  });
  return order;
}
