import { intlLocale } from '@accessplus/i18n';
import { stringify } from 'csv-stringify/sync';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { decimalAmount, monthName, yearParam } from '$lib/tax';
import type { RequestHandler } from './$types';

/**
 * The year's Form 1099-K figures for the organizer's accountant: a row per month, then the
 * totals. Amounts are plain decimals in major units with a dot, which every spreadsheet reads;
 * the byte order mark makes Excel read the headers' accents as UTF-8.
 */
export const GET: RequestHandler = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const form = required(
    await apiResult(
      adminApi(fetch, { token }).GET('/v1/tax-forms/1099-k', { params: { query: { year: yearParam(url) } } }),
    ),
    url,
  );
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const amount = (cents: number) => decimalAmount(cents, form.currency);
  const rows = [
    [
      t.tax_colMonth,
      t.tax_colBox,
      t.tax_csvCardGross({ currency: form.currency }),
      t.tax_colPayments,
      t.tax_csvInPerson({ currency: form.currency }),
    ],
    ...form.months.map((month) => [
      monthName(month.month, locale),
      month.box,
      amount(month.gross_cents),
      String(month.transactions),
      amount(month.in_person_cents),
    ]),
    [t.tax_total, '1a', amount(form.gross_cents), String(form.transactions), amount(form.in_person_cents)],
  ];
  const csv = stringify(rows, { bom: true, record_delimiter: 'windows' });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="form-1099-k-${form.year}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
