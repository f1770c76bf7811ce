import { fail, redirect } from '@sveltejs/kit';
import type { TaxRate } from '$lib/api-types';
import { type FormField, type FormProblem, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { parsePercent } from '$lib/settings';
import type { Actions, PageServerLoad } from './$types';

function fieldsOf(t: Messages): Record<string, FormField> {
  return {
    state: {
      input: 'state',
      label: t.settings_taxState,
      rewrites: [[/^has a format that is not accepted$/, t.settings_taxStateInvalid]],
    },
    city: { input: 'city', label: t.settings_taxCity },
    rate_ppm: { input: 'rate', label: t.settings_taxRateField, unit: 'percent_ppm' },
    label: { input: 'label', label: t.settings_taxLabelField },
  };
}

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const rates = required(await apiResult(adminApi(fetch, { token }).GET('/v1/tax-rates')), url).data;
  const find = (param: string) => rates.find((rate) => rate.id === url.searchParams.get(param)) ?? null;
  return { rates, editing: find('edit'), deleting: find('delete'), done: url.searchParams.get('done') };
};

function readRate(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return { state: text('state'), city: text('city'), rate: text('rate'), label: text('label') };
}

type RateForm = ReturnType<typeof readRate>;

/** The request body, or the problem with the rate typed (any other limit is the API's to check). */
function rateBody(
  values: RateForm,
  t: Messages,
): { body: Omit<TaxRate, 'id' | 'created_at' | 'updated_at'> } | { problem: FormProblem } {
  const ratePpm = parsePercent(values.rate, 'percent_ppm');
  if (ratePpm === null) {
    return { problem: { input: 'rate', label: t.settings_taxRateField, message: t.settings_taxRateNotPercent } };
  }
  // State codes are capitals; people type them any way.
  return { body: { state: values.state.toUpperCase(), city: values.city, rate_ppm: ratePpm, label: values.label } };
}

/** The API's refusal on the form: a jurisdiction that has a rate is named in the API's own sentence, beside the city. */
function refused(action: 'create' | 'update', values: RateForm, failure: Parameters<typeof refusal>[0], t: Messages) {
  if (failure.code === 'tax_rate_exists') {
    return fail(failure.status, {
      action,
      values,
      message: null,
      problems: [{ input: 'city', label: t.settings_taxCity, message: failure.message }],
    });
  }
  return fail(failure.status, { action, values, ...refusal(failure, fieldsOf(t)) });
}

export const actions: Actions = {
  create: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const t = messagesFor(locals.locale);
    const values = readRate(await request.formData());
    const parsed = rateBody(values, t);
    if ('problem' in parsed) return fail(400, { action: 'create', values, message: null, problems: [parsed.problem] });
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/tax-rates', { body: parsed.body }));
    if (!result.ok) return refused('create', values, result.failure, t);
    redirect(303, '/settings/tax-rates?done=added');
  },

  update: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const t = messagesFor(locals.locale);
    const values = readRate(form);
    const parsed = rateBody(values, t);
    if ('problem' in parsed) return fail(400, { action: 'update', values, message: null, problems: [parsed.problem] });
    const result = await apiResult(
      adminApi(fetch, { token }).PATCH('/v1/tax-rates/{tax_rate_id}', {
        params: { path: { tax_rate_id: id } },
        body: parsed.body,
      }),
    );
    if (!result.ok) return refused('update', values, result.failure, t);
    redirect(303, '/settings/tax-rates?done=changed');
  },

  delete: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/tax-rates/{tax_rate_id}', { params: { path: { tax_rate_id: id } } }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'delete', message: result.failure.message });
    redirect(303, '/settings/tax-rates?done=deleted');
  },
};
