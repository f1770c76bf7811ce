import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

function payouts(db: Executor, tenantId: string, filter: { eventId?: string }) {
  let query = db.selectFrom('payouts').selectAll().where('tenant_id', '=', tenantId);
  if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
  return query;
}

/** A tenant's payouts for a sync page (see `readChanges`). */
export function payoutChanges(db: Executor, tenantId: string, filter: { eventId?: string }) {
  return payouts(db, tenantId, filter);
}

/** One page of a tenant's payouts, newest first (by creation; the same moment's by id). */
export function listPayouts(
  db: Executor,
  tenantId: string,
  filter: { eventId?: string; after?: { key: string; id: string }; limit: number },
) {
  let query = payouts(db, tenantId, filter).select(sql<string>`created_at::text`.as('sort_key'));
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where(
      sql<boolean>`(created_at < ${key}::timestamptz or (created_at = ${key}::timestamptz and id > ${id}::uuid))`,
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}
