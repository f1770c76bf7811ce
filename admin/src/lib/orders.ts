import type { MemberRole, Order, OrderLine, OrderStatus, OrderTicket } from './api-types';
import { pickText } from './events';
import type { Messages } from './messages';
import { can } from './roles';

export interface OrderStatusLabel {
  label: string;
  tone: 'live' | 'pending' | 'off' | 'stopped';
}

const statusTones: Record<OrderStatus, OrderStatusLabel['tone']> = {
  pending: 'pending',
  paid: 'live',
  partially_refunded: 'pending',
  refunded: 'off',
  cancelled: 'stopped',
  expired: 'off',
};

export const ORDER_STATUSES = Object.keys(statusTones) as OrderStatus[];

/** An order's status in words, with its badge tone; a status the admin does not know keeps its name. */
export function orderStatusLabel(status: string, t: Messages): OrderStatusLabel {
  if (!ORDER_STATUSES.includes(status as OrderStatus)) return { label: status, tone: 'off' };
  return { label: t[`sales_orderStatus_${status as OrderStatus}`], tone: statusTones[status as OrderStatus] };
}

export function paymentMethodLabel(
  order: Pick<Order, 'payment_method' | 'payment_partner' | 'test_mode'>,
  t: Messages,
): string {
  switch (order.payment_method) {
    case 'test':
      return t.sales_paymentMethod_test;
    case 'cash':
      return t.sales_paymentMethod_cash;
    case 'partner':
      return order.payment_partner
        ? t.sales_paymentMethod_partnerNamed({ partner: order.payment_partner })
        : t.sales_paymentMethod_partner;
    case 'free':
      return t.sales_paymentMethod_free;
    default:
      return t.sales_paymentMethod_none;
  }
}

/** The tier name of a ticket, read from the order line it was sold on. */
export function ticketTierName(
  order: Pick<Order, 'lines'>,
  ticket: OrderTicket,
  preferred: readonly string[],
  t: Messages,
): string {
  const line = order.lines.find((candidate) => candidate.kind === 'ticket' && candidate.tier_id === ticket.tier_id);
  return line ? pickText(line.description, preferred) : t.sales_ticket;
}

const REVOKED_REASONS = ['refunded', 'cancelled', 'reissued', 'event_cancelled'] as const;

export function ticketStateLabel(
  ticket: Pick<OrderTicket, 'status' | 'revoked_reason' | 'checked_in_at'>,
  t: Messages,
): string {
  if (ticket.status === 'revoked') {
    const reason = REVOKED_REASONS.find((known) => known === ticket.revoked_reason);
    return reason ? t[`sales_ticketRevoked_${reason}`] : t.sales_ticketState_revoked;
  }
  return ticket.checked_in_at ? t.sales_ticketState_checkedIn : t.sales_ticketState_valid;
}

export interface OrderActions {
  /** Record the cash or partner payment of a reservation. */
  markPaid: boolean;
  cancel: boolean;
  refund: boolean;
}

/** What a member may do to an order in its current state; the API has the last word. */
export function orderActions(order: Pick<Order, 'status' | 'payment_method'>, role: MemberRole | null): OrderActions {
  const pending = order.status === 'pending';
  const offline = order.payment_method === 'cash' || order.payment_method === 'partner';
  return {
    markPaid: pending && offline && can(role, 'markPaid'),
    cancel: pending && can(role, 'cancelOrders'),
    refund: (order.status === 'paid' || order.status === 'partially_refunded') && can(role, 'refundOrders'),
  };
}

/** Lines refunded whole rather than ticket by ticket (a donation, an add-on) that have something left. */
export function refundableLines(order: Pick<Order, 'lines'>): OrderLine[] {
  return order.lines.filter((line) => line.kind !== 'ticket' && line.refunded_quantity < line.quantity);
}

/**
 * What a refund gives back, by the API's rule (orders.service `refundOrderLines`): k of a line's
 * n remaining units return floor(remaining × k / n), all of them return what is left. With
 * neither tickets nor lines chosen (null): everything not refunded yet. Null when the tickets
 * cannot be matched to one line each.
 */
export function refundAmount(
  order: Pick<Order, 'lines' | 'tickets'>,
  ticketIds: readonly string[] | null,
  lineIds: readonly string[] = [],
): number | null {
  let cents = 0;
  for (const line of order.lines) {
    const remainingUnits = line.quantity - line.refunded_quantity;
    const remainingCents = line.total_cents - line.refunded_cents;
    if (remainingUnits <= 0) continue;
    let units: number;
    if (ticketIds === null || lineIds.includes(line.id)) {
      units = remainingUnits;
    } else if (line.kind !== 'ticket') {
      units = 0;
    } else {
      const sameTier = order.lines.filter((other) => other.kind === 'ticket' && other.tier_id === line.tier_id);
      const chosen = order.tickets.filter(
        (ticket) => ticket.tier_id === line.tier_id && ticket.status === 'valid' && ticketIds.includes(ticket.id),
      ).length;
      if (chosen > 0 && sameTier.length > 1) return null;
      units = chosen;
    }
    if (units === 0) continue;
    cents += units >= remainingUnits ? remainingCents : Math.floor((remainingCents * units) / remainingUnits);
  }
  return cents;
}

export interface OrderFilters {
  status?: OrderStatus;
  event_id?: string;
  email?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters in an orders page address; values the API would refuse are dropped. */
export function orderFilters(params: URLSearchParams): OrderFilters {
  const filters: OrderFilters = {};
  const status = params.get('status');
  if (status && ORDER_STATUSES.includes(status as OrderStatus)) filters.status = status as OrderStatus;
  const eventId = params.get('event_id');
  if (eventId && UUID.test(eventId)) filters.event_id = eventId;
  const email = params.get('email')?.trim();
  if (email) filters.email = email.slice(0, 254);
  return filters;
}

/** The orders page address for some filters (and a page cursor). */
export function ordersHref(filters: OrderFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (filters.event_id) params.set('event_id', filters.event_id);
  if (filters.status) params.set('status', filters.status);
  if (filters.email) params.set('email', filters.email);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/orders?${query}` : '/orders';
}
