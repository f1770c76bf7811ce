import { type Expression, type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type {
  Database,
  EventStatus,
  EventUpdate,
  NewEventRow,
  NewTicketTier,
  TicketTierUpdate,
} from '../../db/schema.ts';
import { activeTaken, ticketsSold } from '../inventory/inventory.repository.ts';

type Executor = Kysely<Database>;

/** A timestamp column as exact text, for cursors: JS dates would drop the microseconds. */
export function exactText(column: Expression<Date>) {
  return sql<string>`${column}::text`;
}

export function categoryExists(db: Executor, id: string) {
  return db.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst();
}

export function insertEvent(db: Executor, event: NewEventRow) {
  return db.insertInto('events').values(event).returningAll().executeTakeFirstOrThrow();
}

/** An event that was not deleted: every read but sync goes through these, or says `deleted_at is null`. */
function liveEvents(db: Executor, tenantId: string) {
  return db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);
}

export function findEvent(db: Executor, tenantId: string, id: string) {
  return liveEvents(db, tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Locks a tier row. Tiers come first in the global lock order (tiers, products, events), as in
 * `app.take_order_stock`: whoever changes a tier and its event locks the tier first.
 */
export function lockTier(db: Executor, tenantId: string, tierId: string) {
  return db
    .selectFrom('ticket_tiers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tierId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function onlineUrls(db: Executor, tenantId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select(['id', 'online_url'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', eventIds)
    .where('online_url', 'is not', null)
    .execute();
  return rows.map((row) => ({ id: row.id, online_url: row.online_url as string }));
}

/** The event row locked for a change of state, so two changes cannot interleave. */
export function lockEvent(db: Executor, tenantId: string, id: string) {
  return liveEvents(db, tenantId).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export function updateEvent(db: Executor, tenantId: string, id: string, changes: EventUpdate) {
  return db
    .updateTable('events')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks the event changed (for `updated_since` sync) when one of its tiers changed. */
export function touchEvent(db: Executor, tenantId: string, id: string) {
  return db
    .updateTable('events')
    .set({ updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a draft, keeping its row (and its tiers') as a tombstone for sync. */
export async function deleteDraftEvent(db: Executor, tenantId: string, id: string) {
  const deleted = await db
    .updateTable('events')
    .set({ deleted_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (deleted) {
    await db
      .updateTable('ticket_tiers')
      .set({ deleted_at: sql`now()` })
      .where('tenant_id', '=', tenantId)
      .where('event_id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
  }
  return deleted !== undefined;
}

export interface EventListFilter {
  status?: EventStatus;
  after?: { key: string; id: string };
  limit: number;
}

/** One page of a tenant's events, by start time. */
export function listEvents(db: Executor, tenantId: string, filter: EventListFilter) {
  let query = liveEvents(db, tenantId).select((eb) => exactText(eb.ref('starts_at')).as('sort_key'));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) => eb(eb.refTuple('starts_at', 'id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)));
  }
  return query
    .orderBy('starts_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

/** A tenant's events for a sync page, deleted ones included (see `readChanges`). */
export function eventChanges(db: Executor, tenantId: string, filter: { status?: EventStatus }) {
  let query = db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query;
}

/** Tickets of a tier still available (lapsed holds count as free), never negative. */
export const tierAvailability = (eb: ExpressionBuilder<Database, 'ticket_tiers'>) =>
  sql<number>`greatest(${eb.ref('quantity')} - ${activeTaken('ticket_tiers')}, 0)`.as('remaining');

/** Sold and held counts of a tier, for its organizer. */
const tierCounts = [
  () => ticketsSold('ticket_tiers').as('sold_count'),
  () => activeTaken('ticket_tiers').as('active_taken'),
] as const;

/** Tiers with their counts; deleted ones only when `withDeleted` (for sync). */
function tiersWithCounts(db: Executor, tenantId: string, withDeleted = false) {
  return db
    .selectFrom('ticket_tiers')
    .selectAll()
    .select(tierAvailability)
    .select(tierCounts.map((count) => count()))
    .where('tenant_id', '=', tenantId)
    .$if(!withDeleted, (query) => query.where('deleted_at', 'is', null));
}

export function listTiers(db: Executor, tenantId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return tiersWithCounts(db, tenantId)
    .where('event_id', 'in', eventIds)
    .orderBy('event_id')
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findTier(db: Executor, tenantId: string, eventId: string, tierId: string) {
  return tiersWithCounts(db, tenantId).where('event_id', '=', eventId).where('id', '=', tierId).executeTakeFirst();
}

export interface TierListFilter {
  eventId?: string;
  after?: { key: string; id: string };
  limit: number;
}

/** One page of all of a tenant's tiers, in the order they were created. */
export function listAllTiers(db: Executor, tenantId: string, filter: TierListFilter) {
  let query = tiersWithCounts(db, tenantId).select((eb) => exactText(eb.ref('created_at')).as('sort_key'));
  if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)));
  }
  return query
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

/** A tenant's tiers for a sync page, deleted ones included (see `readChanges`). */
export function tierChanges(db: Executor, tenantId: string, filter: { eventId?: string }) {
  return tiersWithCounts(db, tenantId, true).$if(filter.eventId !== undefined, (query) =>
    query.where('event_id', '=', filter.eventId as string),
  );
}

export function insertTiers(db: Executor, tiers: NewTicketTier[]) {
  return db.insertInto('ticket_tiers').values(tiers).returning('id').execute();
}

export function updateTier(db: Executor, tenantId: string, eventId: string, tierId: string, changes: TicketTierUpdate) {
  return db
    .updateTable('ticket_tiers')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('id', '=', tierId)
    .executeTakeFirst();
}

/** Deletes a tier, keeping its row as a tombstone for sync, only while no order ever held or bought it. */
export function deleteUnsoldTier(db: Executor, tenantId: string, eventId: string, tierId: string) {
  return db
    .updateTable('ticket_tiers')
    .set({ deleted_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('id', '=', tierId)
    .where('deleted_at', 'is', null)
    .where('taken_count', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('order_lines as l')
            .select('l.id')
            .where('l.tenant_id', '=', tenantId)
            .where('l.tier_id', '=', tierId),
        ),
      ),
    )
    .executeTakeFirst();
}

/**
 * Changes a tier's quantity unless holds and sales already take more than the new quantity.
 * One conditional update: a hold committing meanwhile is seen, never overrun.
 */
export function setTierQuantity(db: Executor, tenantId: string, tierId: string, quantity: number) {
  return db
    .updateTable('ticket_tiers')
    .set({ quantity })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tierId)
    .where('taken_count', '<=', quantity)
    .returning('id')
    .executeTakeFirst();
}

export function countTiers(db: Executor, tenantId: string, eventId: string) {
  return db
    .selectFrom('ticket_tiers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
}

/**
 * Sets an event's capacity and recounts what its tiers take. The tiers are locked first, in the
 * order holds lock them (tiers, then the event), so a hold cannot slip between count and change.
 */
export async function setEventCapacity(db: Executor, tenantId: string, eventId: string, capacity: number | null) {
  await db
    .selectFrom('ticket_tiers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return db
    .updateTable('events')
    .set((eb) => ({
      capacity,
      taken_count:
        capacity === null
          ? 0
          : eb
              .selectFrom('ticket_tiers')
              .select(sql<number>`coalesce(sum(taken_count), 0)::int`.as('taken'))
              .where('tenant_id', '=', tenantId)
              .where('event_id', '=', eventId),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', eventId)
    .where((eb) =>
      capacity === null
        ? sql<boolean>`true`
        : eb(
            eb
              .selectFrom('ticket_tiers')
              .select(sql<number>`coalesce(sum(taken_count), 0)::int`.as('taken'))
              .where('tenant_id', '=', tenantId)
              .where('event_id', '=', eventId),
            '<=',
            capacity,
          ),
    )
    .returning('id')
    .executeTakeFirst();
}
