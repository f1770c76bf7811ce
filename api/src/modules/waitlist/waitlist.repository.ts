import { type Kysely, sql } from 'kysely';
import type { Database, WaitlistStatus } from '../../db/schema.ts';
import { exactText, tierAvailability } from '../events/events.repository.ts';

type Executor = Kysely<Database>;

/** The statuses of a place still in line: the partial unique index allows one such entry per email and tier. */
const OPEN = sql<boolean>`status in ('waiting', 'offered')`;

/**
 * Place in line among the tier's waiting entries (1 = next), null for entries not waiting. The
 * queue's order everywhere is (position, created_at, id): two joins at the same moment may draw
 * the same position.
 */
const positionInLine = sql<number | null>`case when w.status = 'waiting' then (
  select count(*) from waitlist_entries q
  where q.tenant_id = w.tenant_id and q.tier_id = w.tier_id and q.status = 'waiting'
    and (q.position, q.created_at, q.id) <= (w.position, w.created_at, w.id)
)::int end`;

/** A tier with what joining its waitlist and offering its seats depend on. */
export function findTierForWaitlist(db: Executor, tenantId: string, tierId: string) {
  return db
    .selectFrom('ticket_tiers')
    .innerJoin('events as e', (join) =>
      join.onRef('e.tenant_id', '=', 'ticket_tiers.tenant_id').onRef('e.id', '=', 'ticket_tiers.event_id'),
    )
    .select([
      'ticket_tiers.id',
      'ticket_tiers.event_id',
      'ticket_tiers.name',
      'ticket_tiers.hidden',
      'ticket_tiers.min_per_order',
      'ticket_tiers.max_per_order',
      'ticket_tiers.sales_start_at',
      'ticket_tiers.sales_end_at',
      'ticket_tiers.waitlist_paused',
      'e.status as event_status',
      'e.waitlist_enabled',
    ])
    .select(sql<boolean>`e.ends_at <= now()`.as('event_over'))
    .select(tierAvailability)
    .where('ticket_tiers.tenant_id', '=', tenantId)
    .where('ticket_tiers.id', '=', tierId)
    .where('ticket_tiers.deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface NewEntry {
  tenantId: string;
  eventId: string;
  tierId: string;
  email: string;
  name: string;
  locale: string;
  quantity: number;
}

/** Adds a person at the end of the tier's line; nothing (undefined) if they are in it already. */
export function insertEntry(db: Executor, entry: NewEntry) {
  return (
    db
      .insertInto('waitlist_entries')
      .values({
        tenant_id: entry.tenantId,
        event_id: entry.eventId,
        tier_id: entry.tierId,
        email: entry.email,
        name: entry.name,
        locale: entry.locale,
        quantity: entry.quantity,
        position: sql<number>`(select coalesce(max(position), 0) + 1 from waitlist_entries
        where tenant_id = ${entry.tenantId} and tier_id = ${entry.tierId})`,
      })
      // The predicate is literal SQL: PostgreSQL matches it against the partial index's.
      .onConflict((oc) => oc.columns(['tenant_id', 'tier_id', 'email']).where(OPEN).doNothing())
      .returning('id')
      .executeTakeFirst()
  );
}

function entries(db: Executor, tenantId: string) {
  return db
    .selectFrom('waitlist_entries as w')
    .selectAll('w')
    .select(positionInLine.as('position_in_line'))
    .where('w.tenant_id', '=', tenantId);
}

export function findEntry(db: Executor, tenantId: string, entryId: string) {
  return entries(db, tenantId).where('w.id', '=', entryId).executeTakeFirst();
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

export interface EntryListFilter {
  eventId: string;
  tierId?: string;
  status?: WaitlistStatus;
  after?: { tierPosition: number; tierId: string; position: number; createdAt: string; id: string };
  limit: number;
}

/** One page of an event's waitlist, by tier (in display order), then by place in line. */
export function listEntries(db: Executor, tenantId: string, filter: EntryListFilter) {
  let query = entries(db, tenantId)
    .innerJoin('ticket_tiers as t', (join) =>
      join.onRef('t.tenant_id', '=', 'w.tenant_id').onRef('t.id', '=', 'w.tier_id'),
    )
    .select(['t.position as tier_position'])
    .select((eb) => exactText(eb.ref('w.created_at')).as('created_key'))
    .where('w.event_id', '=', filter.eventId)
    .where('t.deleted_at', 'is', null);
  if (filter.tierId) query = query.where('w.tier_id', '=', filter.tierId);
  if (filter.status) query = query.where('w.status', '=', filter.status);
  if (filter.after) {
    const after = filter.after;
    query = query.where(
      sql<boolean>`(t.position, w.tier_id, w.position, w.created_at, w.id) >
        (${after.tierPosition}::int, ${after.tierId}::uuid, ${after.position}::float8, ${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  return query
    .orderBy('t.position')
    .orderBy('w.tier_id')
    .orderBy('w.position')
    .orderBy('w.created_at')
    .orderBy('w.id')
    .limit(filter.limit + 1)
    .execute();
}

export interface EntryFilter {
  eventId?: string;
  tierId?: string;
  status?: WaitlistStatus;
}

function entriesMatching(db: Executor, tenantId: string, filter: EntryFilter) {
  let query = entries(db, tenantId);
  if (filter.eventId) query = query.where('w.event_id', '=', filter.eventId);
  if (filter.tierId) query = query.where('w.tier_id', '=', filter.tierId);
  if (filter.status) query = query.where('w.status', '=', filter.status);
  return query;
}

/** A tenant's waitlist entries for a sync page (see `readChanges`), those of deleted tiers included. */
export function entryChanges(db: Executor, tenantId: string, filter: EntryFilter) {
  return entriesMatching(db, tenantId, filter);
}

/** One page of all of a tenant's waitlist entries, in the order people joined. */
export function listAllEntries(
  db: Executor,
  tenantId: string,
  filter: EntryFilter & { after?: { key: string; id: string }; limit: number },
) {
  let query = entriesMatching(db, tenantId, filter)
    .innerJoin('ticket_tiers as t', (join) =>
      join.onRef('t.tenant_id', '=', 'w.tenant_id').onRef('t.id', '=', 'w.tier_id'),
    )
    .select((eb) => exactText(eb.ref('w.created_at')).as('created_key'))
    .where('t.deleted_at', 'is', null);
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) =>
      eb(eb.refTuple('w.created_at', 'w.id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)),
    );
  }
  return query
    .orderBy('w.created_at')
    .orderBy('w.id')
    .limit(filter.limit + 1)
    .execute();
}

/** The first person waiting for the tier. */
export function headOfLine(db: Executor, tenantId: string, tierId: string) {
  return db
    .selectFrom('waitlist_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', tierId)
    .where('status', '=', 'waiting')
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Records the offer, only if the entry is still waiting (not removed meanwhile). */
export function markOffered(
  db: Executor,
  tenantId: string,
  entryId: string,
  offer: { orderId: string; expiresAt: Date },
) {
  return db
    .updateTable('waitlist_entries')
    .set({
      status: 'offered',
      offer_order_id: offer.orderId,
      offered_at: sql<Date>`now()`,
      offer_expires_at: offer.expiresAt,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .where('status', '=', 'waiting')
    .returning('id')
    .executeTakeFirst();
}

/** Takes an entry out of line, only from `from`. */
export function markRemoved(db: Executor, tenantId: string, entryId: string, from: WaitlistStatus[]) {
  return db
    .updateTable('waitlist_entries')
    .set({ status: 'removed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst();
}

export function removeWaitingForTier(db: Executor, tenantId: string, tierId: string) {
  return db
    .updateTable('waitlist_entries')
    .set({ status: 'removed' })
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', tierId)
    .where('status', '=', 'waiting')
    .execute();
}

/**
 * The tier's waiting entries in line order, locked (in id order, so two moves cannot deadlock)
 * while one of them is moved.
 */
export async function lockQueue(db: Executor, tenantId: string, tierId: string) {
  await db
    .selectFrom('waitlist_entries')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', tierId)
    .where('status', '=', 'waiting')
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return db
    .selectFrom('waitlist_entries')
    .select(['id', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', tierId)
    .where('status', '=', 'waiting')
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function setPosition(db: Executor, tenantId: string, entryId: string, position: number) {
  return db
    .updateTable('waitlist_entries')
    .set({ position })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .execute();
}

/**
 * Spreads the waiting entries out to 1, 2, 3… in their current order, for when repeated moves
 * left no room between two neighbours (halving a double runs out after some fifty moves).
 */
export function renumberQueue(db: Executor, tenantId: string, tierId: string) {
  return sql`update waitlist_entries w set position = ranked.n
    from (
      select id, row_number() over (order by position, created_at, id) as n
      from waitlist_entries where tenant_id = ${tenantId} and tier_id = ${tierId} and status = 'waiting'
    ) ranked
    where w.tenant_id = ${tenantId} and w.id = ranked.id`.execute(db);
}

/** The offer was paid for: the entry has its tickets. */
export function markClaimed(db: Executor, tenantId: string, entryId: string) {
  return db
    .updateTable('waitlist_entries')
    .set({ status: 'claimed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .execute();
}

/** The offer lapsed or was cancelled before it was paid. */
export function markOfferExpired(db: Executor, tenantId: string, entryId: string) {
  return db
    .updateTable('waitlist_entries')
    .set({ status: 'expired' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .where('status', '=', 'offered')
    .execute();
}
