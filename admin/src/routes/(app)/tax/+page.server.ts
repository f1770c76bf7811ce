import { intlLocale } from '@accessplus/i18n';
import { formatMoney } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { form1099KThreshold, monthName, taxYears, thresholdMoney, yearParam } from '$lib/tax';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const form = required(
    await apiResult(
      adminApi(fetch, { token }).GET('/v1/tax-forms/1099-k', { params: { query: { year: yearParam(url) } } }),
    ),
    url,
  );
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const money = (cents: number) => formatMoney(cents, form.currency, locale);
  const count = (value: number) => new Intl.NumberFormat(locale).format(value);
  const { threshold } = form;
  return {
    year: form.year,
    years: taxYears(Math.max(form.year, new Date().getUTCFullYear())),
    timeZone: form.time_zone,
    threshold: form1099KThreshold(threshold, form.currency, t, locale),
    over: form.over_threshold,
    taxpayerReady: form.taxpayer_ready,
    gross: {
      value: form.gross_cents,
      max: threshold.amount_cents,
      text: t.tax_grossStanding({
        gross: money(form.gross_cents),
        amount: thresholdMoney(threshold.amount_cents, form.currency, locale),
      }),
    },
    payments:
      threshold.transactions === null
        ? { value: form.transactions, max: null, text: t.tax_paymentsCount({ count: form.transactions }) }
        : {
            value: form.transactions,
            max: threshold.transactions,
            text: t.tax_paymentsStanding({ count: form.transactions, threshold: count(threshold.transactions) }),
          },
    months: form.months.map((month) => ({
      month: month.month,
      name: monthName(month.month, locale),
      box: month.box,
      gross: money(month.gross_cents),
      transactions: count(month.transactions),
      inPerson: money(month.in_person_cents),
    })),
    totals: {
      gross: money(form.gross_cents),
      transactions: count(form.transactions),
      inPerson: money(form.in_person_cents),
    },
    refunds: form.card_refunds_cents > 0 ? money(form.card_refunds_cents) : null,
  };
};
