import { type InTenant, MEMBERS, recordedBy, requireRole, type TenantContext } from '../../context.ts';
import type { EventRow, TicketRevokedReason } from '../../db/schema.ts';
import { readChanges, syncLinks } from '../../db/sync.ts';
import { decodeCursor, encodeCursor, readSyncStart } from '../../lib/cursor.ts';
import { badRequest, conflict, notFound } from '../../lib/errors.ts';
import { textIn } from '../../lib/i18n.ts';
import { recordChange } from '../changes/changes.service.ts';
import { findEvent } from '../events/events.repository.ts';
import { formatShortCode, normalizeShortCode, SHORT_CODE_EXAMPLE, shortCodeFragment } from '../tickets/short-codes.ts';
import { signingPublicKeys } from '../tickets/signing-keys.repository.ts';
import { peekTicketCode, verifyTicketCode } from '../tickets/ticket-codes.ts';
import * as repo from './checkin.repository.ts';
import type {
  AllCheckInListQuery,
  AttendeeListQuery,
  CheckInListQuery,
  ScanReason,
  ScanRequest,
  ScanResult,
  UndoCheckInRequest,
} from './checkin.schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function presentTicket(ticket: repo.TicketWithHolder) {
  return {
    id: ticket.id,
    event_id: ticket.event_id,
    tier_id: ticket.tier_id,
    tier_name: ticket.tier_name,
    attendee_name: ticket.attendee_name,
    buyer_name: ticket.buyer_name,
    order_number: ticket.order_number,
    short_code: formatShortCode(ticket.short_code),
    status: ticket.status,
    checked_in_at: ticket.checked_in_at?.toISOString() ?? null,
    checked_in_device: ticket.checked_in_device,
  };
}

/** When, in the event's own time zone: door staff read the clock on the wall. */
function clockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

function holderOf(ticket: repo.TicketWithHolder): string {
  const name = ticket.attendee_name.trim() || ticket.buyer_name;
  return `${name} (${textIn(ticket.tier_name)}, order ${ticket.order_number})`;
}

const REVOKED_MESSAGES: Record<TicketRevokedReason, string> = {
  refunded: 'This ticket was refunded and no longer admits anyone. Do not let it in.',
  cancelled: "This ticket's order was cancelled, so it no longer admits anyone. Do not let it in.",
  reissued: 'This ticket was replaced by a newer one. Ask for the new ticket.',
  event_cancelled: 'This ticket was revoked when the event was cancelled. Do not let it in.',
};

const INVALID_CODE =
  'This is not a valid ticket code: it was altered, forged or misread. Scan again, or look the person up by name.';
const NOT_A_SHORT_CODE = `This is not a ticket code: the code under a ticket's QR code has 10 letters and digits, like ${SHORT_CODE_EXAMPLE}. Check it and type it again, or look the person up by name.`;
// Order numbers as `orders.number` allows them; people add a # or spaces when copying from a receipt.
const ORDER_NUMBER = /^[0-9A-Z]{4,12}$/;

async function loadEvent(ctx: TenantContext, eventId: string): Promise<EventRow> {
  const event = await findEvent(ctx.trx, ctx.tenantId, eventId);
  if (!event) throw notFound('The event');
  return event;
}

type OrderAtDoor = NonNullable<Awaited<ReturnType<typeof repo.findOrderByNumber>>>;
type CodeCheck =
  | { ticketId: string }
  | { refusal: 'invalid_code' | 'other_organizer' | 'unknown_ticket'; message: string }
  | { order: OrderAtDoor };

/**
 * What the door was given: a QR code's signed text (always has dots), else something typed — a
 * ticket's short code, or an order number from a receipt.
 */
function checkCode(ctx: TenantContext, eventId: string, code: string): Promise<CodeCheck> {
  return code.includes('.') ? checkSignedCode(ctx, code) : checkTypedCode(ctx, eventId, code);
}

/** Reads a typed code: a ticket's short code, else an order number, else neither. */
async function checkTypedCode(ctx: TenantContext, eventId: string, code: string): Promise<CodeCheck> {
  const shortCode = normalizeShortCode(code);
  if (shortCode) {
    const ticket = await repo.findTicketByShortCode(ctx.trx, ctx.tenantId, eventId, shortCode);
    if (ticket) return { ticketId: ticket.id };
  }
  const number = code.replace(/[\s#-]/g, '').toUpperCase();
  if (ORDER_NUMBER.test(number)) {
    const order = await repo.findOrderByNumber(ctx.trx, ctx.tenantId, number);
    if (order) return { order };
  }
  if (shortCode) {
    return {
      refusal: 'unknown_ticket',
      message: `No ticket of yours has the code ${formatShortCode(shortCode)}. Check it for a mistyped character and type it again, or look the person up by name.`,
    };
  }
  if (ORDER_NUMBER.test(number)) {
    return {
      refusal: 'invalid_code',
      message: `No order of yours has the number ${number}, and it is not a ticket code (those have 10 letters and digits, like ${SHORT_CODE_EXAMPLE}). Check it and type it again, or look the person up by name.`,
    };
  }
  return { refusal: 'invalid_code', message: NOT_A_SHORT_CODE };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What the door does with an order number: admit the people who are here, each by their own ticket. */
function orderAnswer(order: OrderAtDoor, tickets: repo.TicketWithHolder[]): string {
  const intro = `This is the order number of ${order.buyer_name}, not a ticket code.`;
  if (order.status === 'pending') {
    return `${intro} The order is not paid yet, so it has no tickets: if the buyer pays at the door, record the payment on the order first.`;
  }
  if (tickets.length === 0) {
    return order.status === 'cancelled' || order.status === 'expired'
      ? `${intro} The order was never paid, so it has no tickets. Do not let anyone in on it.`
      : `${intro} The order has no tickets for this event. Do not let anyone in on it here.`;
  }
  const valid = tickets.filter((ticket) => ticket.status === 'valid');
  if (valid.length === 0) {
    return `${intro} Its tickets for this event were refunded or cancelled. Do not let anyone in on it.`;
  }
  const waiting = valid.filter((ticket) => !ticket.checked_in_at).length;
  if (waiting === 0) {
    return `${intro} All ${plural(valid.length, 'ticket', 'tickets')} of the order for this event are already checked in. Do not admit twice.`;
  }
  return `${intro} The order has ${plural(valid.length, 'ticket', 'tickets')} for this event, ${waiting} not checked in yet: check in each person who is here with their own ticket.`;
}

/** Reads a scanned code: whose it is, then whether this organizer's key really signed it. */
async function checkSignedCode(ctx: TenantContext, code: string): Promise<CodeCheck> {
  const peeked = peekTicketCode(code);
  if (!peeked) return { refusal: 'invalid_code', message: INVALID_CODE };
  if (peeked.claims.tenantId !== ctx.tenantId) {
    return {
      refusal: 'other_organizer',
      message: "This ticket is for another organizer's event, not one of yours. Do not let it in.",
    };
  }
  const verified = verifyTicketCode(code, await signingPublicKeys(ctx.trx, ctx.tenantId));
  if (!verified.ok) return { refusal: 'invalid_code', message: INVALID_CODE };
  return { ticketId: verified.claims.ticketId };
}

/** Why a ticket of this organizer did not admit, told from its current state. */
async function whyNotAdmitted(
  ctx: TenantContext,
  event: EventRow,
  ticket: repo.TicketWithHolder,
): Promise<ScanResult | null> {
  const view = presentTicket(ticket);
  if (ticket.event_id !== event.id) {
    const other = await findEvent(ctx.trx, ctx.tenantId, ticket.event_id);
    const title = other ? `“${textIn(other.title)}”` : 'another event';
    return {
      outcome: 'refused',
      reason: 'wrong_event',
      message: `This ticket is for ${title}, not this event. Do not let it in here.`,
      ticket: view,
      order: null,
    };
  }
  if (ticket.status === 'revoked') {
    return {
      outcome: 'refused',
      reason: 'revoked',
      message: REVOKED_MESSAGES[ticket.revoked_reason ?? 'cancelled'],
      ticket: view,
      order: null,
    };
  }
  if (ticket.checked_in_at) {
    const device = ticket.checked_in_device ? ` by “${ticket.checked_in_device}”` : '';
    return {
      outcome: 'already_checked_in',
      reason: 'already_checked_in',
      message: `Already checked in on ${clockTime(ticket.checked_in_at, event.time_zone)}${device}: ${holderOf(ticket)}. Do not admit twice.`,
      ticket: view,
      order: null,
    };
  }
  // Valid and not checked in: an undo slipped in between the update and this read.
  return null;
}

/**
 * Admits the ticket a scanned code names, at most once however many doors scan it at the same
 * moment, and records the scan whatever the outcome. A refusal is an answer, not an error.
 */
export async function scanTicket(ctx: TenantContext, eventId: string, input: ScanRequest): Promise<ScanResult> {
  requireRole(ctx, MEMBERS, 'check tickets in');
  const event = await loadEvent(ctx, eventId);
  const deviceId = input.device_id.trim();
  const record = async (result: ScanResult, orderId?: string) => {
    const checkIn = await repo.logCheckIn(ctx.trx, {
      tenantId: ctx.tenantId,
      eventId,
      ticketId: result.ticket?.id ?? null,
      action: result.outcome === 'admitted' ? 'admitted' : 'refused',
      reason: result.reason,
      deviceId,
      by: recordedBy(ctx),
    });
    if (result.outcome === 'admitted' && result.ticket && orderId) {
      await recordChange(ctx, {
        type: 'ticket.checked_in',
        subjectId: result.ticket.id,
        data: { id: result.ticket.id, event_id: eventId, order_id: orderId, check_in_id: checkIn.id },
      });
    }
    return result;
  };
  const refuse = (reason: ScanReason, message: string, ticket?: repo.TicketWithHolder) =>
    record({ outcome: 'refused', reason, message, ticket: ticket ? presentTicket(ticket) : null, order: null });

  const code = await checkCode(ctx, eventId, input.code.trim());
  if ('refusal' in code) return refuse(code.refusal, code.message);
  if ('order' in code) {
    const tickets = await repo.orderTicketsAt(ctx.trx, ctx.tenantId, code.order.id, eventId);
    return record({
      outcome: 'refused',
      reason: 'order_number',
      message: orderAnswer(code.order, tickets),
      ticket: null,
      order: {
        id: code.order.id,
        number: code.order.number,
        status: code.order.status,
        buyer_name: code.order.buyer_name,
        tickets: tickets.map(presentTicket),
      },
    });
  }

  if (event.status === 'cancelled') {
    const ticket = await repo.findTicket(ctx.trx, ctx.tenantId, code.ticketId);
    return refuse('event_cancelled', 'This event was cancelled: no one is admitted.', ticket);
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    const admitted = await repo.admitTicket(ctx.trx, ctx.tenantId, {
      ticketId: code.ticketId,
      eventId,
      deviceId,
      by: recordedBy(ctx),
    });
    const ticket = await repo.findTicket(ctx.trx, ctx.tenantId, code.ticketId);
    if (!ticket) {
      return refuse(
        'unknown_ticket',
        'No ticket of yours has this code: it may have been deleted. Look the person up by name.',
      );
    }
    if (admitted) {
      return record(
        {
          outcome: 'admitted',
          reason: null,
          message: `Admitted: ${holderOf(ticket)}.`,
          ticket: presentTicket(ticket),
          order: null,
        },
        ticket.order_id,
      );
    }
    const refusal = await whyNotAdmitted(ctx, event, ticket);
    if (refusal) return record(refusal);
  }
  throw conflict('scan_contended', 'This ticket is being checked in and undone at the same time. Scan it again.');
}

export async function undoCheckIn(ctx: TenantContext, ticketId: string, input: UndoCheckInRequest) {
  requireRole(ctx, MEMBERS, 'undo check-ins');
  const undone = await repo.undoAdmission(ctx.trx, ctx.tenantId, ticketId);
  if (!undone) {
    if (!(await repo.findTicket(ctx.trx, ctx.tenantId, ticketId))) throw notFound('The ticket');
    throw conflict('not_checked_in', 'This ticket is not checked in, so there is nothing to undo.');
  }
  const checkIn = await repo.logCheckIn(ctx.trx, {
    tenantId: ctx.tenantId,
    eventId: undone.event_id,
    ticketId,
    action: 'undone',
    reason: null,
    deviceId: input.device_id.trim(),
    by: recordedBy(ctx),
  });
  const ticket = await repo.findTicket(ctx.trx, ctx.tenantId, ticketId);
  if (!ticket) throw notFound('The ticket');
  await recordChange(ctx, {
    type: 'ticket.check_in_undone',
    subjectId: ticketId,
    data: { id: ticketId, event_id: undone.event_id, order_id: ticket.order_id, check_in_id: checkIn.id },
  });
  return presentTicket(ticket);
}

export async function getCheckInSummary(ctx: TenantContext, eventId: string) {
  requireRole(ctx, MEMBERS, 'see check-ins');
  await loadEvent(ctx, eventId);
  const [tiers, lastScan] = await Promise.all([
    repo.countsByTier(ctx.trx, ctx.tenantId, eventId),
    repo.lastScanAt(ctx.trx, ctx.tenantId, eventId),
  ]);
  const byTier = tiers.map((tier) => ({
    tier_id: tier.tier_id,
    name: tier.name,
    valid_tickets: Number(tier.valid_tickets),
    checked_in: Number(tier.checked_in),
  }));
  const validTickets = byTier.reduce((sum, tier) => sum + tier.valid_tickets, 0);
  const checkedIn = byTier.reduce((sum, tier) => sum + tier.checked_in, 0);
  return {
    event_id: eventId,
    valid_tickets: validTickets,
    checked_in: checkedIn,
    not_checked_in: validTickets - checkedIn,
    by_tier: byTier,
    last_scan_at: lastScan ? new Date(lastScan).toISOString() : null,
  };
}

/** A cursor's key and row id, checked before they reach SQL as a time (or text) and a UUID. */
function readCursor(cursor: string | undefined, keyIsTime: boolean): { key: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [key, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  if (!UUID.test(id) || (keyIsTime && Number.isNaN(Date.parse(key)))) {
    throw badRequest(
      'invalid_cursor',
      'The cursor is not valid here. Use the next_cursor of the previous page, with the same filters.',
      [{ field: 'query.cursor', message: 'is not a cursor of this list' }],
    );
  }
  return { key, id };
}

/** Log entries with the ticket each names, as it is now. */
async function presentCheckIns(ctx: TenantContext, rows: repo.CheckInRow[]) {
  const ticketIds = [...new Set(rows.flatMap((row) => (row.ticket_id ? [row.ticket_id] : [])))];
  const tickets = new Map(
    (await repo.findTickets(ctx.trx, ctx.tenantId, ticketIds)).map((ticket) => [ticket.id, presentTicket(ticket)]),
  );
  return rows.map((row) => ({
    id: row.id,
    event_id: row.event_id,
    action: row.action,
    reason: row.reason,
    device_id: row.device_id,
    user_id: row.user_id,
    ticket_id: row.ticket_id,
    ticket: (row.ticket_id && tickets.get(row.ticket_id)) || null,
    created_at: row.created_at.toISOString(),
  }));
}

async function pageOfCheckIns(ctx: TenantContext, filter: repo.CheckInFilter, query: CheckInListQuery) {
  const limit = query.limit ?? 20;
  const rows = await repo.listCheckIns(ctx.trx, ctx.tenantId, {
    ...filter,
    before: readCursor(query.cursor, true),
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: await presentCheckIns(ctx, page),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

export async function listCheckIns(ctx: TenantContext, eventId: string, query: CheckInListQuery) {
  requireRole(ctx, MEMBERS, 'see check-ins');
  await loadEvent(ctx, eventId);
  return pageOfCheckIns(ctx, { eventId, action: query.action, ticketId: query.ticket_id }, query);
}

/** The scan log of every event (or one): a plain page, newest first, or a sync page. */
export async function listAllCheckIns(ctx: TenantContext, query: AllCheckInListQuery) {
  requireRole(ctx, MEMBERS, 'see check-ins');
  const filter = { eventId: query.event_id, action: query.action, ticketId: query.ticket_id };
  if (query.updated_since !== undefined) {
    const changes = await readChanges(ctx.trx, repo.checkInChanges(ctx.trx, ctx.tenantId, filter), 'check_ins', {
      ...readSyncStart('check-ins', query.updated_since, query.cursor),
      limit: query.limit ?? 20,
    });
    return { data: await presentCheckIns(ctx, changes.rows), ...syncLinks('check-ins', changes) };
  }
  return { ...(await pageOfCheckIns(ctx, filter, query)), next_updated_since: null };
}

export async function listAttendees(ctx: TenantContext, eventId: string, query: AttendeeListQuery) {
  requireRole(ctx, MEMBERS, 'see attendees');
  await loadEvent(ctx, eventId);
  return attendeePage(ctx, eventId, query);
}

function attendeeSearch(q: string | undefined): repo.AttendeeSearch {
  const search = q?.trim();
  const shortCode = search ? shortCodeFragment(search) : null;
  return { ...(search ? { search } : {}), ...(shortCode ? { shortCode } : {}) };
}

/** How many of an event's attendees `attendeePage` lists for the search `q`. */
export function countAttendees(ctx: InTenant, eventId: string, q: string | undefined): Promise<number> {
  return repo.countAttendees(ctx.trx, ctx.tenantId, eventId, attendeeSearch(q));
}

/**
 * A page of an event's attendees in name order, searched like the door's list; no role check,
 * for callers that made theirs (an export runs as the system once a member asked for it).
 */
export async function attendeePage(ctx: InTenant, eventId: string, query: AttendeeListQuery) {
  const limit = query.limit ?? 20;
  const rows = await repo.listAttendees(ctx.trx, ctx.tenantId, eventId, {
    ...attendeeSearch(query.q),
    after: readCursor(query.cursor, false),
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      ticket_id: row.id,
      attendee_name: row.attendee_name,
      buyer_name: row.buyer_name,
      buyer_email: row.buyer_email,
      buyer_locale: row.buyer_locale,
      marketing_consent: row.marketing_consent,
      order_id: row.order_id,
      order_number: row.order_number,
      short_code: formatShortCode(row.short_code),
      tier_id: row.tier_id,
      tier_name: row.tier_name,
      status: row.status,
      revoked_reason: row.revoked_reason,
      checked_in_at: row.checked_in_at?.toISOString() ?? null,
      checked_in_device: row.checked_in_device,
    })),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}
