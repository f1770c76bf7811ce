import { type Insertable, sql } from 'kysely';
import type { ActivityLogTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

export function insertEntry(trx: Tx, entry: Insertable<ActivityLogTable>) {
  return trx.insertInto('activity_log').values(entry).execute();
}

/** Who a member or key is, in words, at the moment of the write. */
export async function actorLabel(
  trx: Tx,
  tenantId: string,
  actor: { userId: string | null; apiKeyId: string | null },
): Promise<string> {
  if (actor.userId) {
    const user = await trx
      .selectFrom('users')
      .select(['display_name', 'email'])
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    return user ? [user.display_name, `<${user.email}>`].filter(Boolean).join(' ').slice(0, 320) : actor.userId;
  }
  const key = await trx
    .selectFrom('api_keys')
    .select(['name', 'display_prefix'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', actor.apiKeyId ?? '')
    .executeTakeFirst();
  return key ? `${key.name} (${key.display_prefix}…)`.slice(0, 320) : (actor.apiKeyId ?? '');
}

export interface EntryFilter {
  area?: string;
  actorUserId?: string;
  actorApiKeyId?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  timeZone: string;
  before?: string;
  limit: number;
}

export function listEntries(trx: Tx, tenantId: string, filter: EntryFilter) {
  let query = trx.selectFrom('activity_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.area) query = query.where('area', '=', filter.area);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.actorApiKeyId) query = query.where('actor_api_key_id', '=', filter.actorApiKeyId);
  if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.from) {
    query = query.where(
      'occurred_at',
      '>=',
      sql<Date>`(${filter.from}::date)::timestamp at time zone ${filter.timeZone}`,
    );
  }
  if (filter.to) {
    query = query.where(
      'occurred_at',
      '<',
      sql<Date>`(${filter.to}::date + 1)::timestamp at time zone ${filter.timeZone}`,
    );
  }
  if (filter.before) query = query.where('id', '<', filter.before);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}
