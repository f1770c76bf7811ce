import type { AccessPlusClient } from '@accessplus/sdk';
import type { ApiFailure } from '$lib/api-errors';
import { type ReportData, type ReportQuery, readReportQuery } from '$lib/reports';
import { type ApiResult, apiResult } from '$lib/server/api';

/** The organizer's clock and currency: its calendar year is the reports' default range. */
export async function organizerFrame(api: AccessPlusClient) {
  return apiResult(api.GET('/v1/organizer'));
}

/** The report the address asks for, from the API; the page and the CSV file both show this. */
export async function fetchReport(api: AccessPlusClient, query: ReportQuery): Promise<ApiResult<ReportData>> {
  const range = { from: query.from, to: query.to, ...(query.eventId ? { event_id: query.eventId } : {}) };
  const as = <R extends ReportData['report'], T>(report: R, result: ApiResult<T>) =>
    (result.ok ? { ...result, data: { report, data: result.data } } : result) as ApiResult<ReportData>;
  switch (query.report) {
    case 'sales':
      return as('sales', await apiResult(api.GET('/v1/reports/sales', { params: { query: range } })));
    case 'attendance':
      return as(
        'attendance',
        await apiResult(
          api.GET('/v1/reports/attendance', {
            params: { query: query.eventId ? { event_id: query.eventId } : {} },
          }),
        ),
      );
    case 'payouts':
      return as('payouts', await apiResult(api.GET('/v1/reports/payouts', { params: { query: range } })));
    case 'donations':
      return as('donations', await apiResult(api.GET('/v1/reports/donations', { params: { query: range } })));
    case 'sales-tax':
      return as(
        'sales-tax',
        await apiResult(api.GET('/v1/reports/sales-tax', { params: { query: { ...range, period: query.period } } })),
      );
  }
}

/** The organizer's time zone and the report asked for in `url`, or why there is none. */
export async function reportFor(
  api: AccessPlusClient,
  url: URL,
): Promise<
  { ok: true; timeZone: string; query: ReportQuery; report: ReportData | null } | { ok: false; failure: ApiFailure }
> {
  const organizer = await organizerFrame(api);
  if (!organizer.ok) return organizer;
  const timeZone = organizer.data.time_zone;
  const query = readReportQuery(url.searchParams, timeZone);
  // The API refuses a range that ends before it begins; the page says so in the reader's words.
  if (query.from > query.to) return { ok: true, timeZone, query, report: null };
  const report = await fetchReport(api, query);
  if (!report.ok) return report;
  return { ok: true, timeZone, query, report: report.data };
}
