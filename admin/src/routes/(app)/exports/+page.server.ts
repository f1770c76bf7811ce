import { intlLocale } from '@accessplus/i18n';
import { exportFormatLabel, exportKindLabel, exportStatusLabel, exportStatusNow, exportsHref } from '$lib/exports';
import { formatDateTime } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';
import { eventTitles } from './exports.server';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const api = adminApi(fetch, { token });
  const [exports, organizer] = await Promise.all([
    apiResult(api.GET('/v1/exports', { params: { query: { cursor, limit: PAGE_SIZE } } })),
    apiResult(api.GET('/v1/organizer')),
  ]);
  const base = { firstPageHref: cursor ? exportsHref() : null };
  if (!exports.ok) {
    // 403: this role may not export; the API's sentence says who may.
    if (exports.failure.status === 403 || exports.failure.status === 400) {
      return { ...base, notice: exports.failure.message, exports: [], moreHref: null };
    }
    throwFailure(exports.failure, url);
  }
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const timeZone = organizer.ok ? organizer.data.time_zone : undefined;
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const titles = await eventTitles(api, exports.data.data, preferred);
  const now = new Date();
  return {
    ...base,
    notice: null,
    exports: exports.data.data.map((record) => {
      const status = exportStatusNow(record, now);
      return {
        id: record.id,
        fileName: record.file_name,
        kind: exportKindLabel(record.kind, t),
        event: record.event_id
          ? (titles.get(record.event_id) ?? t.exports_eventGone)
          : record.kind === 'orders'
            ? t.exports_allEvents
            : t.exports_eventGone,
        search: record.search,
        format: exportFormatLabel(record.format, t),
        requestedBy: record.requested_by,
        createdAt: record.created_at,
        created: formatDateTime(record.created_at, timeZone, locale),
        rows:
          record.total_rows === null
            ? null
            : status === 'done'
              ? record.total_rows.toLocaleString(locale)
              : t.exports_rowsOf({
                  done: record.done_rows.toLocaleString(locale),
                  total: record.total_rows.toLocaleString(locale),
                  count: record.total_rows,
                }),
        status: exportStatusLabel(status, t),
        downloadable: status === 'done',
        expiresAt: status === 'done' ? record.expires_at : null,
        expires: status === 'done' && record.expires_at ? formatDateTime(record.expires_at, timeZone, locale) : null,
      };
    }),
    moreHref: exports.data.next_cursor ? exportsHref(exports.data.next_cursor) : null,
  };
};
