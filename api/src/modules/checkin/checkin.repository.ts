import { type Kysely, sql } from 'kysely';
import type { RecordedBy } from '../../context.ts';
import type { CheckInAction, Database, OrderStatus } from '../../db/schema.ts';
import { likePattern } from '../../lib/search.ts';

type Executor = Kysely<Database>;

/** A ticket with its order and tier: what the door and the attendee list show. */
function ticketsWithHolders(db: Executor, tenantId: string) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('orders as o', (join) => join.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.order_id'))
    .innerJoin('ticket_tiers as tt', (join) =>
      join.onRef('tt.tenant_id', '=', 't.tenant_id').onRef('tt.id', '=', 't.tier_id'),
    )
    .select([
      't.id',
      't.event_id',
      't.tier_id',
      'tt.name as tier_name',
      't.attendee_name',
      't.short_code',
      't.status',
      't.revoked_reason',
      't.checked_in_at',
      't.checked_in_device',
      'o.id as order_id',
      'o.number as order_number',
      'o.buyer_name',
      'o.buyer_email',
      'o.buyer_locale',
      'o.marketing_consent',
    ])
    .where('t.tenant_id', '=', tenantId);
}

export type TicketWithHolder = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export function findTicket(db: Executor, tenantId: string, ticketId: string) {
  return ticketsWithHolders(db, tenantId).where('t.id', '=', ticketId).executeTakeFirst();
}

export function findTickets(db: Executor, tenantId: string, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) return Promise.resolve([]);
  return ticketsWithHolders(db, tenantId).where('t.id', 'in', ticketIds).execute();
}

/**
 * The ticket a short code names: the one at this event if there is one (codes are unique within
 * an event), else the newest of the organizer's other events, so the door can say which it is for.
 */
export function findTicketByShortCode(db: Executor, tenantId: string, eventId: string, shortCode: string) {
  return db
    .selectFrom('tickets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('short_code', '=', shortCode)
    .orderBy(sql`event_id = ${eventId}`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An order named by its number, as printed on receipts (upper-case). */
export function findOrderByNumber(db: Executor, tenantId: string, number: string) {
  return db
    .selectFrom('orders')
    .select(['id', 'number', 'buyer_name'])
    .select(
      sql<OrderStatus>`case when status = 'pending' and expires_at <= now() then 'expired' else status end`.as(
        'status',
      ),
    )
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number)
    .executeTakeFirst();
}

/** An order's tickets for one event, in the order its buyer sees them. */
export function orderTicketsAt(db: Executor, tenantId: string, orderId: string, eventId: string) {
  return ticketsWithHolders(db, tenantId)
    .where('t.order_id', '=', orderId)
    .where('t.event_id', '=', eventId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
}

/**
 * Admits a ticket, once: of two scanners racing on one ticket, the second update waits for the
 * first to commit, then finds `checked_in_at` set and changes nothing.
 */
export function admitTicket(
  db: Executor,
  tenantId: string,
  admission: { ticketId: string; eventId: string; deviceId: string; by: RecordedBy },
) {
  return db
    .updateTable('tickets')
    .set({
      checked_in_at: sql`now()`,
      checked_in_device: admission.deviceId,
      checked_in_by: admission.by.userId,
      checked_in_by_api_key_id: admission.by.apiKeyId,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', admission.ticketId)
    .where('event_id', '=', admission.eventId)
    .where('status', '=', 'valid')
    .where('checked_in_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Takes an admission back, only if there is one. */
export function undoAdmission(db: Executor, tenantId: string, ticketId: string) {
  return db
    .updateTable('tickets')
    .set({ checked_in_at: null, checked_in_device: null, checked_in_by: null, checked_in_by_api_key_id: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', ticketId)
    .where('checked_in_at', 'is not', null)
    .returning(['id', 'event_id'])
    .executeTakeFirst();
}

export function logCheckIn(
  db: Executor,
  entry: {
    tenantId: string;
    eventId: string;
    ticketId: string | null;
    action: CheckInAction;
    reason: string | null;
    deviceId: string;
    by: RecordedBy;
  },
) {
  return db
    .insertInto('check_ins')
    .values({
      tenant_id: entry.tenantId,
      event_id: entry.eventId,
      ticket_id: entry.ticketId,
      action: entry.action,
      reason: entry.reason,
      device_id: entry.deviceId,
      user_id: entry.by.userId,
      api_key_id: entry.by.apiKeyId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Valid and admitted tickets per tier of the event, every tier listed even without sales. */
export function countsByTier(db: Executor, tenantId: string, eventId: string) {
  return db
    .selectFrom('ticket_tiers as tt')
    .leftJoin('tickets as t', (join) =>
      join
        .onRef('t.tenant_id', '=', 'tt.tenant_id')
        .onRef('t.tier_id', '=', 'tt.id')
        .onRef('t.event_id', '=', 'tt.event_id')
        .on('t.status', '=', 'valid'),
    )
    .select((eb) => [
      'tt.id as tier_id',
      'tt.name',
      eb.fn.count<string>('t.id').as('valid_tickets'),
      eb.fn.count<string>('t.checked_in_at').as('checked_in'),
    ])
    .where('tt.tenant_id', '=', tenantId)
    .where('tt.event_id', '=', eventId)
    .where('tt.deleted_at', 'is', null)
    .groupBy(['tt.id', 'tt.name', 'tt.position', 'tt.created_at'])
    .orderBy('tt.position')
    .orderBy('tt.created_at')
    .orderBy('tt.id')
    .execute();
}

export async function lastScanAt(db: Executor, tenantId: string, eventId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('check_ins')
    .select((eb) => eb.fn.max('created_at').as('last'))
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('action', 'in', ['admitted', 'refused'])
    .executeTakeFirst();
  return row?.last ?? null;
}

export interface CheckInFilter {
  eventId?: string;
  action?: CheckInAction;
  ticketId?: string;
}

export interface CheckInListFilter extends CheckInFilter {
  before?: { key: string; id: string };
  limit: number;
}

function checkIns(db: Executor, tenantId: string, filter: CheckInFilter) {
  let query = db
    .selectFrom('check_ins')
    .select(['id', 'event_id', 'action', 'reason', 'device_id', 'user_id', 'ticket_id', 'created_at'])
    .where('tenant_id', '=', tenantId);
  if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  return query;
}

export type CheckInRow = Awaited<ReturnType<ReturnType<typeof checkIns>['execute']>>[number];

/** A tenant's scan log for a sync page (see `readChanges`). */
export function checkInChanges(db: Executor, tenantId: string, filter: CheckInFilter) {
  return checkIns(db, tenantId, filter);
}

/** The scan log (of one event, or all), newest first. */
export function listCheckIns(db: Executor, tenantId: string, filter: CheckInListFilter) {
  let query = checkIns(db, tenantId, filter).select(sql<string>`created_at::text`.as('sort_key'));
  if (filter.before) {
    const { key, id } = filter.before;
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(sql<Date>`${key}::timestamptz`, sql<string>`${id}::uuid`)),
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export interface AttendeeSearch {
  search?: string;
  /** Part of a short code, in its stored form (see `shortCodeFragment`). */
  shortCode?: string;
}

export interface AttendeeListFilter extends AttendeeSearch {
  after?: { key: string; id: string };
  limit: number;
}

/** The name people are listed under: the one on the ticket, else the buyer's. */
const listedName = sql<string>`lower(coalesce(nullif(t.attendee_name, ''), o.buyer_name))`;

/** Tickets of the event in name order, optionally those matching a search. */
function attendeesMatching(db: Executor, tenantId: string, eventId: string, filter: AttendeeSearch) {
  let query = ticketsWithHolders(db, tenantId)
    .where('t.event_id', '=', eventId)
    .where('t.status', 'in', ['valid', 'revoked']);
  if (filter.search) {
    const pattern = likePattern(filter.search);
    query = query.where((eb) =>
      eb.or([
        eb('t.attendee_name', 'ilike', pattern),
        eb('o.buyer_name', 'ilike', pattern),
        eb('o.buyer_email', 'ilike', pattern),
        eb('o.number', 'ilike', pattern),
        ...(filter.shortCode ? [eb('t.short_code', 'like', likePattern(filter.shortCode))] : []),
      ]),
    );
  }
  return query;
}

export function listAttendees(db: Executor, tenantId: string, eventId: string, filter: AttendeeListFilter) {
  let query = attendeesMatching(db, tenantId, eventId, filter).select(listedName.as('sort_key'));
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where(sql<boolean>`(${listedName}, t.id) > (${key}, ${id}::uuid)`);
  }
  return query
    .orderBy(listedName)
    .orderBy('t.id')
    .limit(filter.limit + 1)
    .execute();
}

export async function countAttendees(db: Executor, tenantId: string, eventId: string, filter: AttendeeSearch) {
  const row = await attendeesMatching(db, tenantId, eventId, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
