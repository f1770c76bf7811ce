import { intlLocale } from '@accessplus/i18n';
import { pickText } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { displayCell, formatDay, readReportQuery, reportHref, reportTable } from '$lib/reports';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';
import { reportFor } from './report.server';

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  // Names organizers wrote, in the reader's language first.
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const [found, events] = await Promise.all([
    reportFor(api, url),
    apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } })),
  ]);
  const eventChoices = events.ok
    ? events.data.data.map((event) => ({ id: event.id, title: pickText(event.title, preferred) || t.reports_noEvent }))
    : [];
  const base = { role: memberRole(session), events: eventChoices };
  if (!found.ok) {
    // 403: this role may not read reports; the API's sentence says who may.
    if (found.failure.status !== 403) throwFailure(found.failure, url);
    const query = readReportQuery(url.searchParams, 'UTC');
    return { ...base, notice: found.failure.message, query, timeZone: null, range: null, table: null, csvHref: null };
  }
  const { query, timeZone, report } = found;
  const range = { from: formatDay(query.from, locale), to: formatDay(query.to, locale) };
  if (!report) {
    return { ...base, notice: t.reports_badRange, query, timeZone, range, table: null, csvHref: null };
  }
  const table = reportTable(report, t, preferred);
  const cells = (row: typeof table.totals) =>
    row.map((cell, index) => ({
      text: displayCell(cell, table, t, locale),
      numeric: table.columns[index]?.numeric ?? false,
    }));
  return {
    ...base,
    notice: null,
    query,
    timeZone,
    range,
    table: { columns: table.columns, rows: table.rows.map(cells), totals: cells(table.totals) },
    csvHref: reportHref(query, {}, '/reports/csv'),
  };
};
