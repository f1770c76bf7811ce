import { sql } from 'kysely';
import {
  EDITORS,
  type InTenant,
  MANAGERS,
  MEMBERS,
  type RecordedBy,
  recordedBy,
  requireRole,
  type TenantContext,
} from '../../context.ts';
import type { Order, OrderLine, Ticket, TicketRevokedReason } from '../../db/schema.ts';
import { syncedListPage } from '../../db/sync.ts';
import { badRequest, conflict, invalidField, notFound } from '../../lib/errors.ts';
import { recordChange } from '../changes/changes.service.ts';
import { loadCheckoutSettings } from '../checkout-settings/checkout-settings.repository.ts';
import { returnStock } from '../inventory/inventory.repository.ts';
import { type LineRefund, postRefund, refundedFees } from '../ledger/ledger.ts';
import { formatShortCode } from '../tickets/short-codes.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';
import { type PrivateSigningKey, signTicketCode } from '../tickets/ticket-codes.ts';
import { completeOrder, releaseOrder } from './orders.lifecycle.ts';
import * as repo from './orders.repository.ts';
import type { OrderListQuery, RefundListQuery, RefundRequest } from './orders.schemas.ts';

type OrderRow = Order & { lapsed: boolean };

/** An order as organizers and its buyer see it; `key` signs the codes of its valid tickets. */
export function presentOrder(
  order: OrderRow,
  lines: OrderLine[],
  tickets: Ticket[],
  promoCode: string | null,
  impactFundName: string | null,
  key: PrivateSigningKey,
) {
  return {
    id: order.id,
    number: order.number,
    // A lapsed hold the worker has not released yet is already expired for everyone.
    status: order.status === 'pending' && order.lapsed ? ('expired' as const) : order.status,
    buyer: {
      name: order.buyer_name,
      email: order.buyer_email,
      locale: order.buyer_locale,
      marketing_consent: order.marketing_consent,
    },
    lines: lines.map((line) => ({
      id: line.id,
      kind: line.kind,
      event_id: line.event_id,
      tier_id: line.tier_id,
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      subtotal_cents: line.subtotal_cents,
      discount_cents: line.discount_cents,
      fee_cents: line.fee_cents,
      impact_fee_cents: line.impact_fee_cents,
      tax_cents: line.tax_cents,
      total_cents: line.total_cents,
      refunded_quantity: line.refunded_quantity,
      refunded_cents: line.refunded_cents,
    })),
    currency: order.currency.trim(),
    subtotal_cents: order.subtotal_cents,
    discount_cents: order.discount_cents,
    fee_cents: order.fee_cents,
    impact_fee_cents: order.impact_fee_cents,
    tax_cents: order.tax_cents,
    donation_cents: order.donation_cents,
    total_cents: order.total_cents,
    // Named only where this order pays into it.
    impact_fund_name: order.impact_fee_cents > 0 ? impactFundName : null,
    organizer_fee_cents: order.organizer_fee_cents,
    refunded_cents: order.refunded_cents,
    promo_code: promoCode,
    payment_method: order.payment_method,
    payment_partner: order.payment_partner,
    payment_reference: order.payment_reference,
    test_mode: order.test_mode,
    expires_at: order.status === 'pending' ? (order.expires_at?.toISOString() ?? null) : null,
    paid_at: order.paid_at?.toISOString() ?? null,
    cancelled_at: order.cancelled_at?.toISOString() ?? null,
    waitlist_offer: order.waitlist_entry_id !== null,
    tickets: tickets.map((ticket) => ({
      id: ticket.id,
      event_id: ticket.event_id,
      tier_id: ticket.tier_id,
      attendee_name: ticket.attendee_name,
      short_code: formatShortCode(ticket.short_code),
      status: ticket.status,
      revoked_reason: ticket.revoked_reason,
      checked_in_at: ticket.checked_in_at?.toISOString() ?? null,
      code:
        ticket.status === 'valid'
          ? signTicketCode(key, { tenantId: order.tenant_id, eventId: ticket.event_id, ticketId: ticket.id })
          : null,
    })),
    created_at: order.created_at.toISOString(),
    updated_at: order.updated_at.toISOString(),
  };
}

async function presentOrders(ctx: InTenant, orders: OrderRow[]) {
  const ids = orders.map((order) => order.id);
  const [lines, tickets, key, settings] = await Promise.all([
    repo.linesOf(ctx.trx, ctx.tenantId, ids),
    repo.ticketsOf(ctx.trx, ctx.tenantId, ids),
    activeSigningKey(ctx.trx, ctx.tenantId),
    loadCheckoutSettings(ctx.trx, ctx.tenantId),
  ]);
  const codes = new Map<string, string>();
  for (const order of orders) {
    if (order.promo_code_id && !codes.has(order.promo_code_id)) {
      codes.set(order.promo_code_id, (await repo.promoCodeOf(ctx.trx, ctx.tenantId, order.promo_code_id))?.code ?? '');
    }
  }
  return orders.map((order) =>
    presentOrder(
      order,
      lines.filter((line) => line.order_id === order.id),
      tickets.filter((ticket) => ticket.order_id === order.id),
      order.promo_code_id ? (codes.get(order.promo_code_id) ?? null) : null,
      settings.impact_fund_name || null,
      key,
    ),
  );
}

export async function loadOrderView(ctx: InTenant, orderId: string) {
  const order = await repo.findOrder(ctx.trx, ctx.tenantId, orderId);
  if (!order) throw notFound('The order');
  const [view] = await presentOrders(ctx, [order]);
  return view as NonNullable<typeof view>;
}

/**
 * The order a buyer names by its number (as printed: any case, `#` and hyphens allowed), only
 * when it was placed with this email; null for any other number, so a caller cannot tell a
 * stranger's order from none.
 */
export async function findBuyersOrder(ctx: InTenant, reference: string, email: string): Promise<string | null> {
  const number = reference.replace(/[\s#-]/g, '').toUpperCase();
  if (!/^[0-9A-Z]{4,12}$/.test(number)) return null;
  const found = await repo.findOrderByNumber(ctx.trx, ctx.tenantId, number);
  if (!found) return null;
  const order = await repo.findOrder(ctx.trx, ctx.tenantId, found.id);
  return order && order.buyer_email.trim().toLowerCase() === email.trim().toLowerCase() ? order.id : null;
}

/** An order's lines (tickets by tier, add-ons, donations), in the order it lists them. */
export function linesOfOrder(ctx: InTenant, orderId: string): Promise<OrderLine[]> {
  return repo.linesOf(ctx.trx, ctx.tenantId, [orderId]);
}

export async function listOrders(ctx: TenantContext, query: OrderListQuery) {
  requireRole(ctx, EDITORS, 'see orders');
  return orderPage(ctx, query);
}

/** How many orders `orderPage` lists with these filters. */
export function countOrders(ctx: InTenant, query: Pick<OrderListQuery, 'status' | 'event_id' | 'email'>) {
  return repo.countOrders(ctx.trx, ctx.tenantId, { status: query.status, eventId: query.event_id, email: query.email });
}

/** A page of orders as `listOrders` gives it, without a role check: for callers that made theirs. */
export async function orderPage(ctx: InTenant, query: OrderListQuery) {
  const filter = { status: query.status, eventId: query.event_id, email: query.email };
  if (query.updated_since !== undefined && query.order === 'newest_first') {
    throw badRequest(
      'invalid_order',
      'A sync page lists changes in one order only. Leave out order=newest_first when you pass updated_since.',
      [{ field: 'query.order', message: 'cannot be newest_first with updated_since' }],
    );
  }
  return syncedListPage(ctx.trx, query, 20, {
    name: 'orders',
    changes: () => repo.orderChanges(ctx.trx, ctx.tenantId, filter),
    table: 'orders',
    page: (after, limit) =>
      repo.listOrders(ctx.trx, ctx.tenantId, { ...filter, newestFirst: query.order === 'newest_first', after, limit }),
    present: (rows) => presentOrders(ctx, rows),
  });
}

function presentRefund(row: repo.RefundRow) {
  return {
    id: row.id,
    order_id: row.order_id,
    amount_cents: row.amount_cents,
    currency: row.currency.trim(),
    method: row.provider,
    reference: row.provider_reference,
    test_mode: row.test_mode,
    recorded_by: row.recorded_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Money given back to buyers, one record per refund: a plain page by time, or a sync page. */
export async function listRefunds(ctx: TenantContext, query: RefundListQuery) {
  requireRole(ctx, EDITORS, 'see refunds');
  const filter = { orderId: query.order_id };
  return syncedListPage(ctx.trx, query, 20, {
    name: 'refunds',
    changes: () => repo.refundChanges(ctx.trx, ctx.tenantId, filter),
    table: 'payments',
    page: (after, limit) => repo.listRefunds(ctx.trx, ctx.tenantId, { ...filter, after, limit }),
    present: (rows) => rows.map(presentRefund),
  });
}

export async function getOrder(ctx: TenantContext, orderId: string) {
  requireRole(ctx, MEMBERS, 'see orders');
  return loadOrderView(ctx, orderId);
}

/** Staff record money received in person for a reserved (cash or partner) order. */
export async function markOrderPaid(ctx: TenantContext, orderId: string, receiptReference: string) {
  requireRole(ctx, MEMBERS, 'record payments');
  const order = await repo.findOrder(ctx.trx, ctx.tenantId, orderId);
  if (!order) throw notFound('The order');
  if (order.status !== 'pending') throw conflict('not_pending', `This order is ${order.status}, not awaiting payment.`);
  if (order.payment_method !== 'cash' && order.payment_method !== 'partner') {
    throw conflict('not_offline', 'The buyer has not chosen to pay in person; this order is paid by card at checkout.');
  }
  const paid = await completeOrder(
    ctx,
    orderId,
    {
      method: order.payment_method,
      reference: receiptReference.trim(),
      partner: order.payment_partner,
      testMode: false,
      recordedBy: recordedBy(ctx),
    },
    { requireLiveHold: true },
  );
  if (!paid) {
    throw conflict(
      'hold_expired',
      "This order's payment deadline has passed and its tickets went back on sale. The buyer can order again.",
    );
  }
  return loadOrderView(ctx, orderId);
}

/** Staff cancel an unpaid order (a reservation nobody will pay, say): its seats return at once. */
export async function cancelOrder(ctx: TenantContext, orderId: string) {
  requireRole(ctx, EDITORS, 'cancel orders');
  const order = await repo.findOrder(ctx.trx, ctx.tenantId, orderId);
  if (!order) throw notFound('The order');
  if (order.status !== 'pending') {
    throw conflict('not_pending', `This order is ${order.status}. Paid orders are refunded, not cancelled.`);
  }
  await releaseOrder(ctx, orderId, 'cancelled');
  return loadOrderView(ctx, orderId);
}

/** Locks an order for a refund so two refunds of it cannot interleave. */
function lockOrder(ctx: InTenant, orderId: string) {
  return ctx.trx
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

/** What buyers have given to an event and kept giving (paid donations less refunds), in cents. */
export function donationsRaised(ctx: InTenant, eventId: string): Promise<number> {
  return repo.donationsKept(ctx.trx, ctx.tenantId, eventId);
}

export interface RefundSelection {
  /** Tickets to refund; with `lineIds`, null means none. Both null: everything not refunded yet. */
  ticketIds: readonly string[] | null;
  /** Lines to refund what is left of (a donation, an add-on, a ticket line's valid tickets). */
  lineIds?: readonly string[] | null;
  /** Refunding everything: only the lines of this event (its tickets, add-ons and donations). */
  eventId?: string;
  reason: TicketRevokedReason;
  recordedBy: RecordedBy;
}

/**
 * Refunds part or all of a paid order through the provider it was paid with, revokes the
 * refunded tickets and returns their seats unless the event is over. Amounts: refunding k of a
 * line's n remaining units gives back floor(remaining × k / n), and the last unit takes what is
 * left, so a line refunded in parts returns exactly its total.
 */
export async function refundOrderLines(ctx: InTenant, orderId: string, selection: RefundSelection) {
  const order = await lockOrder(ctx, orderId);
  if (!order) throw notFound('The order');
  if (order.status !== 'paid' && order.status !== 'partially_refunded') {
    throw conflict('not_refundable', `This order is ${order.status}; only paid orders can be refunded.`);
  }
  const lines = await repo.linesOf(ctx.trx, ctx.tenantId, [orderId]);
  const valid = (await repo.ticketsOf(ctx.trx, ctx.tenantId, [orderId])).filter((t) => t.status === 'valid');
  const everything = !selection.ticketIds && !selection.lineIds;
  const wholeLines = new Set<string>();
  for (const [i, id] of (selection.lineIds ?? []).entries()) {
    const line = lines.find((candidate) => candidate.id === id);
    if (!line || line.refunded_quantity >= line.quantity) {
      throw invalidField(`body.line_ids.${i}`, 'This is not a line of this order with anything left to refund.');
    }
    wholeLines.add(id);
  }
  let tickets: Ticket[];
  if (everything) {
    tickets = valid.filter((ticket) => !selection.eventId || ticket.event_id === selection.eventId);
  } else {
    const byId = new Map(valid.map((ticket) => [ticket.id, ticket]));
    tickets = valid.filter((ticket) => wholeLines.has(ticket.order_line_id));
    for (const [i, id] of (selection.ticketIds ?? []).entries()) {
      const ticket = byId.get(id);
      if (!ticket) {
        throw invalidField(
          `body.ticket_ids.${i}`,
          'This ticket is not a valid ticket of this order (refunded already?).',
        );
      }
      if (!wholeLines.has(ticket.order_line_id)) tickets.push(ticket);
    }
  }

  const eventsOver = new Set(
    (
      await ctx.trx
        .selectFrom('events')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('ends_at', '<=', sql<Date>`now()`)
        .execute()
    ).map((row) => row.id),
  );
  const refunds: LineRefund[] = [];
  for (const line of lines) {
    const remainingUnits = line.quantity - line.refunded_quantity;
    const remainingCents = line.total_cents - line.refunded_cents;
    let units = 0;
    if (line.kind === 'ticket') units = tickets.filter((ticket) => ticket.order_line_id === line.id).length;
    else if (wholeLines.has(line.id) || (everything && (!selection.eventId || line.event_id === selection.eventId)))
      units = remainingUnits;
    if (units === 0 || remainingUnits === 0) continue;
    const cents = units === remainingUnits ? remainingCents : Math.floor((remainingCents * units) / remainingUnits);
    refunds.push({ line, units, cents });
  }
  if (refunds.length === 0) throw conflict('nothing_to_refund', 'Nothing of this order is left to refund.');
  const amount = refunds.reduce((sum, refund) => sum + refund.cents, 0);

  let reference: string | null = null;
  if (amount > 0 && (order.payment_method === 'test' || order.payment_method === 'stripe')) {
    const charge = await ctx.trx
      .selectFrom('payments')
      .select(['provider_reference', 'destination_account'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('order_id', '=', orderId)
      .where('kind', '=', 'charge')
      .executeTakeFirst();
    // The order row is locked for this refund, so what was refunded before names it: a retry
    // after a failure below asks the processor for the same refund, which it makes once.
    reference = (
      await ctx.services.payments.refund({
        tenantId: ctx.tenantId,
        orderId,
        chargeReference: charge?.provider_reference ?? order.payment_reference ?? '',
        amountCents: amount,
        currency: order.currency,
        destinationAccount: charge?.destination_account ?? null,
        applicationFeeCents: refundedFees(lines, refunds),
        idempotencyKey: `order:${orderId}:refund:${order.refunded_cents}:${amount}`,
      })
    ).reference;
  }
  for (const { line, units, cents } of refunds) {
    await ctx.trx
      .updateTable('order_lines')
      .set((eb) => ({
        refunded_quantity: eb('refunded_quantity', '+', units),
        refunded_cents: eb('refunded_cents', '+', cents),
      }))
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', line.id)
      .execute();
  }
  if (tickets.length > 0) {
    await ctx.trx
      .updateTable('tickets')
      .set({ status: 'revoked', revoked_reason: selection.reason, revoked_at: new Date() })
      .where('tenant_id', '=', ctx.tenantId)
      .where(
        'id',
        'in',
        tickets.map((ticket) => ticket.id),
      )
      .execute();
  }
  const fullyRefunded = lines.every((line) => {
    const refund = refunds.find((r) => r.line.id === line.id);
    return line.refunded_quantity + (refund?.units ?? 0) === line.quantity;
  });
  await ctx.trx
    .updateTable('orders')
    .set((eb) => ({
      refunded_cents: eb('refunded_cents', '+', amount),
      status: fullyRefunded ? 'refunded' : 'partially_refunded',
    }))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .execute();
  const refundPayment = await ctx.trx
    .insertInto('payments')
    .values({
      tenant_id: ctx.tenantId,
      order_id: orderId,
      kind: 'refund',
      provider: order.payment_method ?? 'free',
      amount_cents: amount,
      currency: order.currency,
      provider_reference: reference,
      recorded_by: selection.recordedBy.userId,
      recorded_by_api_key_id: selection.recordedBy.apiKeyId,
      test_mode: order.test_mode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await postRefund(ctx, order, lines, refunds, `refund:${refundPayment.id}`);
  if (refunds.some(({ line }) => line.kind === 'donation')) {
    ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  }

  // Seats of an event that is over are not for sale again; everything else goes back.
  const returned = refunds
    .filter(({ line }) => !(line.event_id && eventsOver.has(line.event_id)))
    .map(({ line, units }) => ({
      kind: line.kind,
      tierId: line.tier_id,
      productId: line.product_id,
      eventId: line.event_id,
      quantity: units,
    }));
  await returnStock(ctx.trx, ctx.tenantId, returned);
  await recordChange(ctx, {
    type: 'order.refunded',
    subjectId: orderId,
    data: {
      id: orderId,
      number: order.number,
      status: fullyRefunded ? 'refunded' : 'partially_refunded',
      refund_id: refundPayment.id,
      amount_cents: amount,
      currency: order.currency.trim(),
      ticket_ids: tickets.map((ticket) => ticket.id),
      reason: selection.reason,
      returned_tier_ids: [...new Set(returned.flatMap((line) => (line.tierId ? [line.tierId] : [])))],
    },
  });
  return amount;
}

export async function refundOrder(ctx: TenantContext, orderId: string, input: RefundRequest) {
  requireRole(ctx, MANAGERS, 'refund orders');
  await refundOrderLines(ctx, orderId, {
    ticketIds: input.ticket_ids ?? null,
    lineIds: input.line_ids ?? null,
    reason: 'refunded',
    recordedBy: recordedBy(ctx),
  });
  return loadOrderView(ctx, orderId);
}
