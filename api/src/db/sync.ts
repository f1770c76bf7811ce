import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import {
  decodeCursor,
  encodeCursor,
  encodePosition,
  readSyncStart,
  type SyncPosition,
  type SyncStart,
} from '../lib/cursor.ts';
import type { Database } from './schema.ts';

/**
 * Incremental sync that never misses a change.
 *
 * Every synced row carries `changed_xid`, the id of the transaction that last wrote it (set by
 * the `app.mark_changed` trigger, so no write path can forget it). A sync page lists rows in
 * (changed_xid, id) order and only those with `changed_xid` below the xmin of the statement's own
 * snapshot, `pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it has finished,
 * so each of those rows is seen as committed (or not at all), and every transaction that writes
 * from now on, or is writing now, has an id at or above it. Nothing can therefore ever appear
 * behind a position the client holds (no miss), and a row version sorts at one place only (no
 * duplicate). A long writing transaction holds back what commits after it began, until it ends;
 * it never loses it. Timestamps cannot give that: `updated_at` is when a transaction began, so a
 * transaction committing late writes a time behind a client's watermark.
 *
 * The xmin must come from the same statement as the rows: a later snapshot's could pass rows that
 * committed in between.
 */

/** Below every uuid: a position "before any row of this transaction". */
const BEFORE_ANY_ID = '00000000-0000-0000-0000-000000000000';

export interface ChangesRequest extends SyncStart {
  limit: number;
}

export interface Changes<Row> {
  rows: Row[];
  /** A position to go on from now (`next_cursor`), when more changes are readable already. */
  next: SyncPosition | null;
  /** Where the sync stands after this page (`next_updated_since`). */
  stands: SyncPosition;
}

/**
 * One sync page of `query`, whose synced table is `table` (its name or alias in the query): the
 * query's own filters, then the changes after `after` (and at or after `since`), below the
 * statement's snapshot xmin, in (changed_xid, id) order.
 */
export async function readChanges<DB, TB extends keyof DB, O>(
  db: Kysely<Database>,
  query: SelectQueryBuilder<DB, TB, O>,
  table: string,
  request: ChangesRequest,
): Promise<Changes<O>> {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  let page = query
    .select([sql<string>`${column('changed_xid')}`.as('sync_xid'), sql<string>`${column('id')}`.as('sync_id')])
    .where(sql<boolean>`${column('changed_xid')} < horizon.xmin`);
  const { since, after } = request;
  if (since) page = page.where(sql<boolean>`${column('updated_at')} >= ${since}`);
  if (after) {
    page = page.where(
      sql<boolean>`(${column('changed_xid')}, ${column('id')}) > (${after.xid}::xid8, ${after.id}::uuid)`,
    );
  }
  page = page
    .orderBy(sql`${column('changed_xid')}`)
    .orderBy(sql`${column('id')}`)
    .limit(request.limit + 1);
  const { rows } = await sql<O & { sync_horizon: string; sync_xid: string | null; sync_id: string | null }>`
    with horizon as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select horizon.xmin::text as sync_horizon, page.*
    from horizon left join lateral ${page} as page on true
    order by page.sync_xid, page.sync_id`.execute(db);
  const horizon = rows[0]?.sync_horizon;
  if (horizon === undefined) throw new Error('The sync horizon row is missing');
  const found = rows.filter((row) => row.sync_id !== null);
  const more = found.length > request.limit;
  const listed = found.slice(0, request.limit);
  const last = listed.at(-1);
  const lastPosition = last ? { xid: String(last.sync_xid), id: String(last.sync_id) } : null;
  return {
    rows: listed,
    next: more ? lastPosition : null,
    // At the end, the sync stands at the horizon: every change below it that this query selects has
    // been returned, and the next poll need not read past those that it does not.
    stands: more && lastPosition ? lastPosition : { xid: horizon, id: BEFORE_ANY_ID },
  };
}

/** The paging fields of a sync page of `list`. */
export function syncLinks(list: string, changes: Changes<unknown>) {
  return {
    next_cursor: changes.next ? encodePosition(list, changes.next) : null,
    next_updated_since: encodePosition(list, changes.stands),
  };
}

/** The paging a list that syncs takes: `limit`, `cursor`, and `updated_since` for a sync page. */
export interface SyncedListQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  updated_since?: string | undefined;
}

/** A page of a list that syncs, in the shape every such list answers. */
export interface SyncedListPage<Item> {
  data: Item[];
  next_cursor: string | null;
  next_updated_since: string | null;
}

export interface SyncedList<DB, TB extends keyof DB, Changed, Row extends { id: string }, Item> {
  /** The list's name in its positions (`orders`): a position of one list is refused by another. */
  name: string;
  /** The rows that changed, with the list's filters; `table` is the synced table's name or alias in it. */
  changes: () => SelectQueryBuilder<DB, TB, Changed>;
  table: string;
  /** A plain page: the rows after `after` (by `keyOf`, then id), at most `limit + 1` of them. */
  page: (after: { key: string; id: string } | undefined, limit: number) => Promise<Row[]>;
  /** The key a plain page is ordered by. Default: the row's `sort_key`. */
  keyOf?: (row: Row) => string;
  present: (rows: (Changed | Row)[]) => Item[] | Promise<Item[]>;
}

/**
 * One page of a list that syncs: with `updated_since`, its rows changed since that time or
 * position (readChanges) and where the sync then stands; without it, a plain page after the
 * cursor, in the list's own order.
 */
export async function syncedListPage<DB, TB extends keyof DB, Changed, Row extends { id: string }, Item>(
  db: Kysely<Database>,
  query: SyncedListQuery,
  defaultLimit: number,
  list: SyncedList<DB, TB, Changed, Row, Item>,
): Promise<SyncedListPage<Item>> {
  const limit = query.limit ?? defaultLimit;
  if (query.updated_since !== undefined) {
    const changes = await readChanges(db, list.changes(), list.table, {
      ...readSyncStart(list.name, query.updated_since, query.cursor),
      limit,
    });
    return { data: await list.present(changes.rows), ...syncLinks(list.name, changes) };
  }
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const rows = await list.page(after ? { key: after[0] as string, id: after[1] as string } : undefined, limit);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const keyOf = list.keyOf ?? ((row: Row) => (row as Row & { sort_key: string }).sort_key);
  return {
    data: await list.present(page),
    next_cursor: rows.length > limit && last ? encodeCursor([keyOf(last), last.id]) : null,
    next_updated_since: null,
  };
}
