import { intlLocale } from '@accessplus/i18n';
import { fail } from '@sveltejs/kit';
import {
  downloadProblem,
  exportFormatLabel,
  exportKindLabel,
  exportProgress,
  exportStatusLabel,
  exportStatusNow,
} from '$lib/exports';
import { formatDateTime } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { startExport } from '$lib/server/exports';
import { required } from '$lib/server/load';
import { eventTitles } from '../exports.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params, request, depends }) => {
  // The page asks again every second while the file is being written.
  depends('app:export');
  const { token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const [found, organizer] = await Promise.all([
    apiResult(api.GET('/v1/exports/{export_id}', { params: { path: { export_id: params.id } } })),
    apiResult(api.GET('/v1/organizer')),
  ]);
  const record = required(found, url);
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const timeZone = organizer.ok ? organizer.data.time_zone : undefined;
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const titles = await eventTitles(api, [record], preferred);
  const status = exportStatusNow(record);
  const count = (rows: number) => rows.toLocaleString(locale);
  return {
    export: {
      id: record.id,
      kind: record.kind,
      kindLabel: exportKindLabel(record.kind, t),
      eventId: record.event_id,
      event: record.event_id
        ? (titles.get(record.event_id) ?? t.exports_eventGone)
        : record.kind === 'orders'
          ? t.exports_allEvents
          : t.exports_eventGone,
      search: record.search,
      format: exportFormatLabel(record.format, t),
      fileName: record.file_name,
      requestedBy: record.requested_by,
      createdAt: record.created_at,
      created: formatDateTime(record.created_at, timeZone, locale),
      status,
      statusLabel: exportStatusLabel(status, t),
      progress: exportProgress({ ...record, status }),
      rowsText:
        record.total_rows === null
          ? null
          : t.exports_rowsOf({
              done: count(status === 'done' ? record.total_rows : record.done_rows),
              total: count(record.total_rows),
              count: record.total_rows,
            }),
      totalRows: record.total_rows === null ? null : count(record.total_rows),
      expiresAt: record.expires_at,
      expires: record.expires_at ? formatDateTime(record.expires_at, timeZone, locale) : null,
    },
    problem: downloadProblem(url.searchParams.get('download')),
  };
};

export const actions: Actions = {
  /** The same list in the same format, in a new file: after it failed or its file expired. */
  again: async (event) => {
    const { locals, url, fetch, params } = event;
    const { token } = requireSession(locals, url);
    const found = await apiResult(
      adminApi(fetch, { token }).GET('/v1/exports/{export_id}', { params: { path: { export_id: params.id } } }),
    );
    if (!found.ok) return fail(found.failure.status, { exportError: found.failure.message });
    const { kind, format, event_id, search } = found.data;
    return startExport(event, {
      kind,
      format,
      ...(event_id ? { event_id } : {}),
      ...(search ? { q: search } : {}),
    });
  },
};
