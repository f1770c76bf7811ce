import { fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { promoBody, promoFields, readPromoForm } from '$lib/promo-codes';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { tierChoices } from '$lib/server/promo-codes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const api = sessionApi({ locals, url, fetch });
  return { events: await tierChoices(api, preferredLocales(request.headers.get('accept-language')), locals.locale) };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const values = readPromoForm(await request.formData());
    // Dates are typed on the organizer's clock, amounts in its currency.
    const { time_zone, currency } = required(await apiResult(api.GET('/v1/organizer')), url);
    const { body, problems } = promoBody(values, time_zone, currency, t);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await apiResult(api.POST('/v1/promo-codes', { body }));
    if (!result.ok)
      return fail(result.failure.status, {
        values,
        ...refusal(result.failure, promoFields(t), { currency, locale: locals.locale }),
      });
    redirect(303, `/settings/promo-codes?done=created`);
  },
};
