import {
  EDITORS,
  type InTenant,
  requirePerson,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { ExportKind } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.ts';
import { dayIn, textIn } from '../../lib/i18n.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { actorLabel } from '../activity/activity.service.ts';
import { attendeePage, countAttendees } from '../checkin/checkin.service.ts';
import { getEvent } from '../events/events.service.ts';
import { countOrders, orderPage } from '../orders/orders.service.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import {
  attendeeColumns,
  attendeeRow,
  CONTENT_TYPES,
  type ExportColumns,
  type ExportValue,
  exportWriter,
  fileLocale,
  orderColumns,
  orderRow,
} from './exports.files.ts';
import * as repo from './exports.repository.ts';
import type { ExportListQuery, ExportRequest } from './exports.schemas.ts';

/** How long a finished file can be downloaded: it holds people's names and emails. */
export const EXPORT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Rows read per transaction; the progress moves on after each page. */
export const EXPORT_PAGE_SIZE = 1000;

const keyOf = (row: { tenant_id: string; id: string; format: string }) =>
  `exports/${row.tenant_id}/${row.id}.${row.format}`;

export function presentExport(row: repo.ExportRow) {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    event_id: row.event_id,
    search: row.search,
    status: row.status,
    total_rows: row.total_rows,
    done_rows: row.done_rows,
    file_name: row.file_name,
    byte_size: row.byte_size === null ? null : Number(row.byte_size),
    error: row.error,
    requested_by: row.requested_by_label,
    created_at: row.created_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
  };
}

/** `attendees-spring-gala-2026-12-06.csv`: what, of which event, on which day on the organizer's clock. */
function fileNameOf(kind: ExportKind, title: string | null, timeZone: string, format: string): string {
  const day = dayIn(new Date(), timeZone);
  const slug = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${[kind, slug, day].filter(Boolean).join('-')}.${format}`;
}

export async function requestExport(ctx: TenantContext, input: ExportRequest) {
  requireRole(ctx, EDITORS, 'export attendees and orders');
  const person = requirePerson(ctx, 'export attendees and orders');
  if (input.kind === 'attendees' && !input.event_id) {
    throw unprocessable('event_required', 'Choose the event whose attendees to export.', [
      { field: 'body.event_id', message: 'required for attendees' },
    ]);
  }
  if (input.kind === 'orders' && input.q) {
    throw unprocessable('search_not_supported', 'Orders are exported whole or by event; leave the search out.', [
      { field: 'body.q', message: 'attendees only' },
    ]);
  }
  const organizer = await getOrganizer(ctx);
  const event = input.event_id ? await getEvent(ctx, input.event_id) : null;
  const locale = fileLocale(input.locale ?? organizer.default_locale);
  const row = await repo.insertExport(ctx.trx, {
    tenant_id: ctx.tenantId,
    kind: input.kind,
    format: input.format,
    event_id: event?.id ?? null,
    search: input.q?.trim() ?? '',
    locale,
    time_zone: organizer.time_zone,
    file_name: fileNameOf(input.kind, event ? textIn(event.title, locale) : null, organizer.time_zone, input.format),
    requested_by_user_id: person.userId,
    requested_by_label: await actorLabel(ctx),
  });
  await enqueueJob(ctx.trx, 'exports__build', { tenantId: ctx.tenantId, exportId: row.id }, { maxAttempts: 3 });
  return presentExport(row);
}

export async function listExports(ctx: TenantContext, query: ExportListQuery) {
  requireRole(ctx, EDITORS, 'see exports');
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : null;
  const rows = await repo.listExports(
    ctx.trx,
    ctx.tenantId,
    after ? { key: String(after[0]), id: String(after[1]) } : null,
    limit,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentExport),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

async function loadExport(ctx: InTenant, exportId: string) {
  const row = await repo.findExport(ctx.trx, ctx.tenantId, exportId);
  if (!row) throw notFound('The export');
  return row;
}

export async function getExport(ctx: TenantContext, exportId: string) {
  requireRole(ctx, EDITORS, 'see exports');
  return presentExport(await loadExport(ctx, exportId));
}

export async function openExportFile(ctx: TenantContext, exportId: string) {
  requireRole(ctx, EDITORS, 'download exports');
  const row = await loadExport(ctx, exportId);
  const expired = () =>
    new AppError(410, 'export_expired', 'This file was deleted when its day was up. Export the list again.');
  switch (row.status) {
    case 'queued':
    case 'running':
      throw conflict('export_not_ready', 'The file is still being written. Try again once the export is done.');
    case 'failed':
      throw unprocessable('export_failed', 'This export failed, so there is no file. Export the list again.');
    case 'expired':
      throw expired();
    case 'done':
      break;
  }
  if (row.expires_at && row.expires_at <= new Date()) throw expired();
  const file = await ctx.services.files.get(keyOf(row));
  if (!file) throw expired();
  return {
    body: file.body,
    size: file.size,
    contentType: CONTENT_TYPES[row.format],
    disposition: `attachment; filename="${row.file_name}"`,
  };
}

/** How one kind of list is read: its columns, how many rows it has, and one page at a time. */
interface ListSource {
  columns: ExportColumns;
  count(ctx: InTenant): Promise<number>;
  page(ctx: InTenant, cursor: string | undefined): Promise<{ rows: ExportValue[][]; next: string | null }>;
}

function sourceOf(row: repo.ExportRow): ListSource {
  const locale = fileLocale(row.locale);
  const limit = EXPORT_PAGE_SIZE;
  if (row.kind === 'attendees') {
    const eventId = row.event_id;
    if (!eventId) throw new Error('The event of this attendee export was deleted.');
    const q = row.search || undefined;
    return {
      columns: attendeeColumns(locale),
      count: (ctx) => countAttendees(ctx, eventId, q),
      async page(ctx, cursor) {
        const page = await attendeePage(ctx, eventId, { q, cursor, limit });
        const rows = page.data.map((attendee) =>
          attendeeRow({ ...attendee, tier: textIn(attendee.tier_name, locale) }, locale),
        );
        return { rows, next: page.next_cursor };
      },
    };
  }
  const filter = { event_id: row.event_id ?? undefined };
  return {
    columns: orderColumns(locale),
    count: (ctx) => countOrders(ctx, filter),
    async page(ctx, cursor) {
      const page = await orderPage(ctx, { ...filter, cursor, limit });
      const rows = page.data.map((order) =>
        orderRow(
          {
            ...order,
            lines: order.lines.map((line) => ({ ...line, description: textIn(line.description, locale) })),
          },
          locale,
        ),
      );
      return { rows, next: page.next_cursor };
    },
  };
}

/**
 * Writes an export's file: counts its rows, reads them a page per transaction (each commit moves
 * the progress the admin shows), stores the file, and asks for its deletion when its time is up.
 * A retry starts over; an export that is not waiting (done, failed) is left as it is.
 */
export async function buildExport(services: Services, tenantId: string, exportId: string): Promise<void> {
  const inTenant = <T>(work: (ctx: InTenant) => Promise<T>) => runInTenantAsSystem(services, tenantId, work);
  const found = await inTenant((ctx) => repo.findExport(ctx.trx, tenantId, exportId));
  if (!found || (found.status !== 'queued' && found.status !== 'running')) return;
  const source = sourceOf(found);
  const row = await inTenant(async (ctx) => repo.startExport(ctx.trx, tenantId, exportId, await source.count(ctx)));
  if (!row) return;
  const writer = exportWriter(row.format, source.columns, row.time_zone);
  let cursor: string | undefined;
  let done = 0;
  do {
    const page = await inTenant(async (ctx) => {
      const read = await source.page(ctx, cursor);
      done += read.rows.length;
      await repo.setProgress(ctx.trx, tenantId, exportId, done);
      return read;
    });
    writer.add(page.rows);
    cursor = page.next ?? undefined;
  } while (cursor);
  const file = await writer.finish();
  await services.files.put(keyOf(row), file.bytes, file.contentType);
  const expiresAt = new Date(Date.now() + EXPORT_LIFETIME_MS);
  await inTenant(async (ctx) => {
    await repo.finishExport(ctx.trx, tenantId, exportId, file.bytes.byteLength, expiresAt);
    await enqueueJob(ctx.trx, 'exports__expire', { tenantId, exportId }, { runAt: expiresAt });
  });
}

/** Records that an export could not be written, with a sentence for the person who asked. */
export async function failExport(services: Services, tenantId: string, exportId: string): Promise<void> {
  await runInTenantAsSystem(services, tenantId, (ctx) =>
    repo.failExport(
      ctx.trx,
      tenantId,
      exportId,
      'The file could not be written. Export the list again; if it fails again, write to support.',
    ),
  );
}

/** Deletes an export's file once its time is up; the record of the export stays. */
export async function expireExport(services: Services, tenantId: string, exportId: string): Promise<void> {
  const row = await runInTenantAsSystem(services, tenantId, (ctx) => repo.findExport(ctx.trx, tenantId, exportId));
  if (row?.status !== 'done') return;
  await services.files.delete(keyOf(row));
  await runInTenantAsSystem(services, tenantId, (ctx) => repo.markExpired(ctx.trx, tenantId, exportId));
}
