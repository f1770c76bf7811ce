import { sql } from 'kysely';
import { type InTenant, MANAGERS, requireRole, type TenantContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { withChangesRetention } from '../../db/tenant.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import { CHANGE_CATALOG, type ChangeData, type ChangeType } from './changes.catalog.ts';
import type { ChangeListQuery } from './changes.schemas.ts';

/** How long published changes are kept for the feed and for redelivery. */
export const CHANGE_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** The version of the change envelope (the feed's items and webhook bodies); bumped only by a breaking change. */
export const CHANGE_API_VERSION = '2026-12-01';

export interface Change<T extends ChangeType = ChangeType> {
  type: T;
  /** The record that changed. */
  subjectId: string;
  data: ChangeData[T];
}

/**
 * A module that reacts to changes inside the transaction that records them: what it does
 * commits or rolls back with the change (jobs it enqueues included), so nothing is lost if the
 * process dies after commit, and the module that made the change need not know it exists.
 */
export interface ChangeReactor {
  name: string;
  types: readonly ChangeType[];
  /** `changeId` is the change's row in `changes` when it is published (kept for the feed), else null. */
  react(ctx: InTenant, change: Change, changeId: string | null): Promise<void>;
}

/**
 * Records a change in the transaction that makes it: published ones are kept for the changes
 * feed and webhooks, and every reactor for its type runs now, in the same transaction.
 */
export async function recordChange<T extends ChangeType>(ctx: InTenant, change: Change<T>): Promise<void> {
  let changeId: string | null = null;
  if (CHANGE_CATALOG[change.type].published) {
    const recorded = await ctx.trx
      .insertInto('changes')
      .values({
        tenant_id: ctx.tenantId,
        type: change.type,
        subject_id: change.subjectId,
        data: JSON.stringify(change.data),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    changeId = recorded.id;
  }
  for (const reactor of ctx.services.reactors) {
    if (reactor.types.includes(change.type)) await reactor.react(ctx, change, changeId);
  }
}

export interface ChangeRow {
  id: string;
  xid: string;
  type: string;
  subject_id: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/** A change as integrators receive it, in the feed and as a webhook's body. */
export function presentChange(row: Pick<ChangeRow, 'id' | 'type' | 'data' | 'occurred_at'>) {
  return {
    id: `chg_${row.id}`,
    type: row.type as ChangeType,
    api_version: CHANGE_API_VERSION,
    timestamp: row.occurred_at.toISOString(),
    data: row.data,
  };
}

const CURSOR_SHAPE = ['string', 'string', 'number'] as const;
// Above every id: a position after everything up to its xid.
const END_OF_XID = '9223372036854775807';

/**
 * The organizer's published changes after `after`, oldest first. Only changes whose
 * transaction is below the reading statement's xmin are returned (see migration 0023): a change
 * committed late can then never land behind a cursor already handed out. The cursor is always
 * given, also for an empty page: polling with it never misses a change and never repeats one.
 */
export async function listChanges(ctx: TenantContext, query: ChangeListQuery) {
  requireRole(ctx, MANAGERS, "read the organizer's changes");
  const limit = query.limit ?? 100;
  let after: { xid: string; id: string } | null = null;
  if (query.after) {
    const [xid, id, positionAt] = decodeCursor(query.after, CURSOR_SHAPE) as [string, string, number];
    if (!/^\d+$/.test(xid) || !/^\d+$/.test(id)) {
      throw new AppError(400, 'invalid_cursor', 'The cursor is not valid here. Use the next_cursor of the feed.', [
        { field: 'query.after', message: 'is not a cursor of the changes feed' },
      ]);
    }
    if (positionAt < Date.now() - CHANGE_RETENTION_DAYS * DAY_MS) {
      throw new AppError(
        410,
        'cursor_expired',
        `Changes are kept for ${CHANGE_RETENTION_DAYS} days and this cursor is older. Sync the lists again with updated_since, then follow the feed from its new cursor.`,
      );
    }
    after = { xid, id };
  }
  const types = query.type ? query.type.split(',').map((type) => type.trim()) : null;
  // One statement, so the rows and the horizon come from the same snapshot.
  const rows = await sql<ChangeRow & { horizon: string }>`
    with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
    page as (
      select c.id::text as id, c.xid::text as xid, c.xid as xid8, c.id as id8, c.type, c.subject_id, c.data,
             c.occurred_at
      from changes c
      where c.tenant_id = ${ctx.tenantId}
        and c.xid < (select xmin from horizon)
        ${after ? sql`and (c.xid, c.id) > (${after.xid}::xid8, ${after.id}::bigint)` : sql``}
        ${types ? sql`and c.type = any(${types}::text[])` : sql``}
      order by c.xid, c.id
      limit ${limit + 1}
    )
    select h.xmin::text as horizon, p.id, p.xid, p.type, p.subject_id, p.data, p.occurred_at
    from horizon h left join page p on true
    order by p.xid8, p.id8`.execute(ctx.trx);
  const horizon = rows.rows[0]?.horizon ?? '1';
  const found = rows.rows.filter((row) => row.id !== null);
  const page = found.slice(0, limit);
  const hasMore = found.length > limit;
  const last = page.at(-1);
  let cursor: [string, string, number];
  if (hasMore && last) {
    cursor = [last.xid, last.id, last.occurred_at.getTime()];
  } else {
    // Caught up: everything below the horizon has been seen, so the next poll starts there.
    const seenXid = BigInt(horizon) - 1n;
    const from = after && BigInt(after.xid) > seenXid ? after : { xid: seenXid.toString(), id: END_OF_XID };
    cursor = [from.xid, from.id, Date.now()];
  }
  return { data: page.map(presentChange), next_cursor: encodeCursor(cursor), has_more: hasMore };
}

/** Deletes published changes past keeping, across organizers (the daily prune). */
export async function pruneChanges(db: Db): Promise<number> {
  const result = await withChangesRetention(db, (trx) =>
    trx
      .deleteFrom('changes')
      .where('occurred_at', '<', sql<Date>`now() - make_interval(days => ${CHANGE_RETENTION_DAYS})`)
      .executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}
