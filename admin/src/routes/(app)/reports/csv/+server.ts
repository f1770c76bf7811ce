import { error } from '@sveltejs/kit';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { csvFileName, csvRecords, reportTable } from '$lib/reports';
import { adminApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import { csvText } from '$lib/server/reports-csv';
import { reportFor } from '../report.server';
import type { RequestHandler } from './$types';

/** The report of /reports as a CSV file for a spreadsheet: the same query, rows and words. */
export const GET: RequestHandler = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  const t = messagesFor(locals.locale);
  const found = await reportFor(adminApi(fetch, { token }), url);
  if (!found.ok) throwFailure(found.failure, url);
  if (!found.report) error(422, t.reports_badRange);
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const records = csvRecords(reportTable(found.report, t, preferred), t);
  return new Response(csvText(records), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csvFileName(found.query)}"`,
      // Sales figures: not for shared caches, nor kept on the device after the session.
      'cache-control': 'private, no-store',
    },
  });
};
