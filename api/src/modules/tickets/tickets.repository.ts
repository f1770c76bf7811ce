import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

/** A tenant's tickets with the number and buyer of their order (which never change). */
function ticketsOfTenant(db: Executor, tenantId: string, filter: { eventId?: string }) {
  let query = db
    .selectFrom('tickets as t')
    .innerJoin('orders as o', (join) => join.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.order_id'))
    .select([
      't.id',
      't.order_id',
      'o.number as order_number',
      'o.buyer_name',
      'o.buyer_email',
      't.event_id',
      't.tier_id',
      't.attendee_name',
      't.short_code',
      't.status',
      't.revoked_reason',
      't.revoked_at',
      't.replaces_ticket_id',
      't.checked_in_at',
      't.checked_in_device',
      't.created_at',
      't.updated_at',
    ])
    .where('t.tenant_id', '=', tenantId);
  if (filter.eventId) query = query.where('t.event_id', '=', filter.eventId);
  return query;
}

export type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketsOfTenant>['execute']>>[number];

/** A tenant's tickets for a sync page (see `readChanges`). */
export function ticketChanges(db: Executor, tenantId: string, filter: { eventId?: string }) {
  return ticketsOfTenant(db, tenantId, filter);
}

/** One page of a tenant's tickets, in the order they were issued. */
export function listTickets(
  db: Executor,
  tenantId: string,
  filter: { eventId?: string; after?: { key: string; id: string }; limit: number },
) {
  let query = ticketsOfTenant(db, tenantId, filter).select(sql<string>`t.created_at::text`.as('sort_key'));
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) =>
      eb(eb.refTuple('t.created_at', 't.id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)),
    );
  }
  return query
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(filter.limit + 1)
    .execute();
}
