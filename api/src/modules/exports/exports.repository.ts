import { type Insertable, type Selectable, sql } from 'kysely';
import type { ExportsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

type Executor = Tx;
export type ExportRow = Selectable<ExportsTable>;

export function insertExport(trx: Tx, row: Insertable<ExportsTable>) {
  return trx.insertInto('exports').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findExport(db: Executor, tenantId: string, id: string): Promise<ExportRow | undefined> {
  return db.selectFrom('exports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listExports(db: Executor, tenantId: string, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom('exports')
    .selectAll()
    .select(sql<string>`created_at::text`.as('sort_key'))
    .where('tenant_id', '=', tenantId);
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(sql<Date>`${after.key}::timestamptz`, after.id)),
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Takes a queued export (or one a crashed attempt left running) and starts it over; null when it is not waiting. */
export function startExport(trx: Tx, tenantId: string, id: string, totalRows: number) {
  return trx
    .updateTable('exports')
    .set({ status: 'running', total_rows: totalRows, done_rows: 0, error: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

export async function setProgress(trx: Tx, tenantId: string, id: string, doneRows: number) {
  await trx
    .updateTable('exports')
    .set({ done_rows: doneRows })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishExport(trx: Tx, tenantId: string, id: string, byteSize: number, expiresAt: Date) {
  await trx
    .updateTable('exports')
    .set({ status: 'done', byte_size: byteSize, finished_at: new Date(), expires_at: expiresAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function failExport(trx: Tx, tenantId: string, id: string, error: string) {
  await trx
    .updateTable('exports')
    .set({ status: 'failed', error, finished_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Exports whose files are past their time, any organizer's (the system's sweep, under its own role). */
export function dueToExpire(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('exports')
    .select(['tenant_id', 'id', 'format'])
    .where('status', '=', 'done')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function markExpired(trx: Tx, tenantId: string, id: string) {
  await trx
    .updateTable('exports')
    .set({ status: 'expired' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'done')
    .execute();
}
