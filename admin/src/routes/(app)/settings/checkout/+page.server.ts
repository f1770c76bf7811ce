import { fail } from '@sveltejs/kit';
import { checkoutBody, checkoutFields, readCheckoutForm } from '$lib/checkout-settings';
import { refusal } from '$lib/form-errors';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  return {
    settings: required(await apiResult(adminApi(fetch, { token }).GET('/v1/organizer/checkout-settings')), url),
  };
};

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const values = readCheckoutForm(await request.formData());
    // Amounts are typed in the organizer's currency, so its minor unit decides the cents.
    const { currency } = required(await apiResult(api.GET('/v1/organizer')), url);
    const { body, problems } = checkoutBody(values, currency, t);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await apiResult(api.PATCH('/v1/organizer/checkout-settings', { body }));
    if (!result.ok)
      return fail(result.failure.status, { values, ...refusal(result.failure, checkoutFields(t), { currency }) });
    return { saved: true };
  },
};
