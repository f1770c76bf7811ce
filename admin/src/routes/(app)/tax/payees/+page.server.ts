import { intlLocale } from '@accessplus/i18n';
import { fail, redirect } from '@sveltejs/kit';
import type { Event } from '$lib/api-types';
import { pickText } from '$lib/events';
import { type FormField, type FormProblem, refusal } from '$lib/form-errors';
import { formatMoney } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { type Messages, messagesFor } from '$lib/messages';
import { parseAmount } from '$lib/money-input';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import {
  form1099NecThreshold,
  maskedTin,
  PAYEE_PAYMENT_METHODS,
  type PayeePaymentMethod,
  taxYears,
  yearParam,
} from '$lib/tax';
import type { Actions, PageServerLoad } from './$types';
import { payeeFields, readPayee } from './payee-form';

/** A day as the date input gives it, in the organizer's time zone: `2026-12-05`. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date());
}

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const asked = yearParam(url);
  const [nec, payees, organizer, events] = await Promise.all([
    apiResult(api.GET('/v1/tax-forms/1099-nec', { params: { query: { year: asked } } })),
    apiResult(api.GET('/v1/payees')),
    apiResult(api.GET('/v1/organizer')),
    apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } })),
  ]);
  const form = required(nec, url);
  const { time_zone: timeZone } = required(organizer, url);
  const payments = required(
    await apiResult(api.GET('/v1/payee-payments', { params: { query: { year: form.year } } })),
    url,
  ).data;
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const money = (cents: number) => formatMoney(cents, form.currency, locale);
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const eventTitles = new Map(
    (events.ok ? events.data.data : []).map((event: Event) => [event.id, pickText(event.title, preferred)]),
  );
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    year: form.year,
    years: taxYears(Math.max(form.year, new Date().getUTCFullYear())),
    today: today(timeZone),
    currency: form.currency,
    threshold: form1099NecThreshold(form.threshold, form.currency, t, locale),
    taxpayerReady: form.taxpayer_ready,
    done: url.searchParams.get('done'),
    payees: required(payees, url).data.map((payee) => ({
      id: payee.id,
      name: payee.name,
      businessName: payee.business_name,
      tin: maskedTin(payee.tin_last4),
      addressComplete: Boolean(payee.address_line1 && payee.city && payee.state && payee.postal_code),
    })),
    events: [...eventTitles].map(([id, title]) => ({ id, title })),
    payments: payments.map((payment) => ({
      id: payment.id,
      paidOn: payment.paid_on,
      day: dayFormat.format(new Date(`${payment.paid_on}T00:00:00Z`)),
      payee: payment.payee_name,
      method: payment.method,
      amount: formatMoney(payment.amount_cents, payment.currency, locale),
      event: payment.event_id ? (eventTitles.get(payment.event_id) ?? t.tax_anEvent) : null,
      memo: payment.memo,
    })),
    nec: form.payees.map((row) => ({
      id: row.payee_id,
      name: row.name,
      reportable: money(row.reportable_cents),
      excluded: money(row.excluded_cents),
      needsForm: row.needs_form,
      missing: row.missing,
    })),
  };
};

function readPayment(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const method = text('method');
  return {
    payee_id: text('payee_id'),
    paid_on: text('paid_on'),
    amount: text('amount'),
    method: ((PAYEE_PAYMENT_METHODS as readonly string[]).includes(method) ? method : 'check') as PayeePaymentMethod,
    event_id: text('event_id'),
    memo: text('memo'),
  };
}

function paymentFields(t: Messages): Record<string, FormField> {
  return {
    payee_id: { input: 'payee_id', label: t.tax_paymentPayee },
    paid_on: { input: 'paid_on', label: t.tax_paymentDate, rewrites: [[/^must be a valid date$/, t.tax_dateInvalid]] },
    amount_cents: { input: 'amount', label: t.tax_paymentAmount, unit: 'money' },
    method: { input: 'method', label: t.tax_paymentMethod },
    event_id: { input: 'event_id', label: t.tax_paymentEvent },
    memo: { input: 'memo', label: t.tax_paymentMemo },
  };
}

/** Back to the page of the year the person was looking at. */
const back = (url: URL, done: string) => {
  const year = yearParam(url);
  return `/tax/payees?${year ? `year=${year}&` : ''}done=${done}`;
};

export const actions: Actions = {
  addPayee: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const t = messagesFor(locals.locale);
    const { values, body } = readPayee(await request.formData());
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/payees', { body }));
    if (!result.ok) {
      return fail(result.failure.status, { action: 'addPayee', values, ...refusal(result.failure, payeeFields(t)) });
    }
    redirect(303, back(url, 'payeeAdded'));
  },

  deletePayee: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/payees/{payee_id}', { params: { path: { payee_id: id } } }),
    );
    // 409: payments to the payee are recorded; the API's sentence says what to do.
    if (!result.ok) return fail(result.failure.status, { action: 'deletePayee', id, message: result.failure.message });
    redirect(303, back(url, 'payeeDeleted'));
  },

  recordPayment: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const api = adminApi(fetch, { token });
    const t = messagesFor(locals.locale);
    const values = readPayment(await request.formData());
    const { currency } = required(await apiResult(api.GET('/v1/organizer')), url);
    const amount = parseAmount(values.amount, currency, t);
    const problems: FormProblem[] = [];
    if (!amount.ok) problems.push({ input: 'amount', label: t.tax_paymentAmount, message: amount.message });
    else if (amount.value === null || amount.value <= 0) {
      problems.push({ input: 'amount', label: t.tax_paymentAmount, message: t.tax_amountNeeded });
    }
    if (!values.payee_id) problems.push({ input: 'payee_id', label: t.tax_paymentPayee, message: t.tax_payeeNeeded });
    if (problems.length > 0 || !amount.ok || !amount.value) {
      return fail(400, { action: 'recordPayment', payment: values, message: null, problems });
    }
    const result = await apiResult(
      api.POST('/v1/payee-payments', {
        body: {
          payee_id: values.payee_id,
          paid_on: values.paid_on,
          amount_cents: amount.value,
          method: values.method,
          ...(values.event_id ? { event_id: values.event_id } : {}),
          ...(values.memo ? { memo: values.memo } : {}),
        },
      }),
    );
    if (!result.ok) {
      return fail(result.failure.status, {
        action: 'recordPayment',
        payment: values,
        ...refusal(result.failure, paymentFields(t), { currency, locale: locals.locale }),
      });
    }
    // The year of the payment, so that it shows in the list it was added to.
    const year = /^\d{4}/.exec(values.paid_on)?.[0];
    redirect(303, `/tax/payees?${year ? `year=${year}&` : ''}done=paymentRecorded#payments`);
  },

  deletePayment: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/payee-payments/{payment_id}', { params: { path: { payment_id: id } } }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'deletePayment', id, message: result.failure.message });
    redirect(303, back(url, 'paymentDeleted'));
  },
};
