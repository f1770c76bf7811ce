import { fail } from '@sveltejs/kit';
import type { CheckoutSettings, Organizer } from '$lib/api-types';
import { CHECKOUT_FIELDS, checkoutBody, readCheckoutForm } from '$lib/checkout-settings';
import { refusal } from '$lib/form-errors';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  return {
    settings: required(await callApi<CheckoutSettings>(fetch, '/v1/organizer/checkout-settings', { token }), url),
  };
};

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const values = readCheckoutForm(await request.formData());
    // Amounts are typed in the organizer's currency, so its minor unit decides the cents.
    const { currency } = required(await callApi<Organizer>(fetch, '/v1/organizer', { token }), url);
    const { body, problems } = checkoutBody(values, currency);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await callApi<CheckoutSettings>(fetch, '/v1/organizer/checkout-settings', {
      method: 'PATCH',
      token,
      body,
    });
    if (!result.ok)
      return fail(result.failure.status, { values, ...refusal(result.failure, CHECKOUT_FIELDS, { currency }) });
    return { saved: true };
  },
};
