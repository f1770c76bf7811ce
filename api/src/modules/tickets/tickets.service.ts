import { randomUUID } from 'node:crypto';
import { type InTenant, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import type { EventRow, LocalizedText, NewTicket, Ticket } from '../../db/schema.ts';
import { syncedListPage } from '../../db/sync.ts';
import { formatShortCode } from './short-codes.ts';
import * as repo from './tickets.repository.ts';
import type { TicketListQuery } from './tickets.schemas.ts';

// A draw collides with one of n codes at an event with probability n / 2^50: a second draw is
// already beyond a lifetime of sales, so running out of draws means something else is wrong.
const MAX_DRAWS = 5;

/**
 * Issues tickets, every path that issues them: each gets a short code drawn by the database (the
 * column's default). A code already taken at the event, by a ticket issued earlier or by a sale
 * committing at the same moment, makes `on conflict do nothing` skip that ticket, which is then
 * inserted again with a fresh draw; the transaction stays usable throughout.
 */
export async function issueTickets(ctx: InTenant, tickets: readonly Omit<NewTicket, 'id'>[]): Promise<Ticket[]> {
  // Ids chosen here tell which tickets a round left out.
  let waiting = tickets.map((ticket) => ({ ...ticket, tenant_id: ctx.tenantId, id: randomUUID() }));
  const issued: Ticket[] = [];
  for (let draw = 0; waiting.length > 0; draw++) {
    if (draw === MAX_DRAWS) throw new Error(`No free ticket short code after ${MAX_DRAWS} draws`);
    const inserted = await ctx.trx
      .insertInto('tickets')
      .values(waiting)
      .onConflict((oc) => oc.columns(['tenant_id', 'event_id', 'short_code']).doNothing())
      .returningAll()
      .execute();
    issued.push(...inserted);
    const done = new Set(inserted.map((ticket) => ticket.id));
    waiting = waiting.filter((ticket) => !done.has(ticket.id));
  }
  return issued;
}

export interface TicketWithNames {
  id: string;
  short_code: string;
  attendee_name: string;
  tier_name: LocalizedText;
  event_id: string;
  event_title: LocalizedText;
  /** When and where its event takes place, for a ticket that stands on its own (the emailed PDF). */
  event: Pick<
    EventRow,
    | 'starts_at'
    | 'ends_at'
    | 'time_zone'
    | 'venue_name'
    | 'address_line'
    | 'city'
    | 'state'
    | 'postal_code'
    | 'country'
    | 'online_url'
  >;
}

/** An order's valid tickets with their tier and event, in the order the order page lists them. */
export async function validTicketsOf(ctx: InTenant, orderId: string): Promise<TicketWithNames[]> {
  const rows = await ctx.trx
    .selectFrom('tickets as t')
    .innerJoin('ticket_tiers as tt', (join) =>
      join.onRef('tt.tenant_id', '=', 't.tenant_id').onRef('tt.id', '=', 't.tier_id'),
    )
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 't.tenant_id').onRef('e.id', '=', 't.event_id'))
    .select([
      't.id',
      't.short_code',
      't.attendee_name',
      'tt.name as tier_name',
      't.event_id',
      'e.title as event_title',
      'e.starts_at',
      'e.ends_at',
      'e.time_zone',
      'e.venue_name',
      'e.address_line',
      'e.city',
      'e.state',
      'e.postal_code',
      'e.country',
      'e.online_url',
    ])
    .where('t.tenant_id', '=', ctx.tenantId)
    .where('t.order_id', '=', orderId)
    .where('t.status', '=', 'valid')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
  return rows.map(({ id, short_code, attendee_name, tier_name, event_id, event_title, ...event }) => ({
    id,
    short_code,
    attendee_name,
    tier_name,
    event_id,
    event_title,
    event,
  }));
}

function presentTicket(row: repo.TicketRow) {
  return {
    id: row.id,
    order_id: row.order_id,
    order_number: row.order_number,
    buyer_name: row.buyer_name,
    buyer_email: row.buyer_email,
    event_id: row.event_id,
    tier_id: row.tier_id,
    attendee_name: row.attendee_name,
    short_code: formatShortCode(row.short_code),
    status: row.status,
    revoked_reason: row.revoked_reason,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    replaces_ticket_id: row.replaces_ticket_id,
    checked_in_at: row.checked_in_at?.toISOString() ?? null,
    checked_in_device: row.checked_in_device,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Every ticket of the organizer, or of one event: a plain page by issue, or a sync page. */
export async function listTickets(ctx: TenantContext, query: TicketListQuery) {
  requireRole(ctx, MEMBERS, 'see tickets');
  const filter = { eventId: query.event_id };
  return syncedListPage(ctx.trx, query, 20, {
    name: 'tickets',
    changes: () => repo.ticketChanges(ctx.trx, ctx.tenantId, filter),
    table: 't',
    page: (after, limit) => repo.listTickets(ctx.trx, ctx.tenantId, { ...filter, after, limit }),
    present: (rows) => rows.map(presentTicket),
  });
}
