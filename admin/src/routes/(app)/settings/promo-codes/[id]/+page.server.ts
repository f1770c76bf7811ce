import { error, fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { promoBody, promoFields, readPromoForm } from '$lib/promo-codes';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { tierChoices } from '$lib/server/promo-codes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const api = sessionApi({ locals, url, fetch });
  const [promo, events] = await Promise.all([
    apiResult(api.GET('/v1/promo-codes/{promo_code_id}', { params: { path: { promo_code_id: params.id } } })),
    tierChoices(api, preferredLocales(request.headers.get('accept-language')), locals.locale),
  ]);
  // Not a promo code id at all: as good as an unknown one.
  if (!promo.ok && promo.failure.status === 400) error(404, messagesFor(locals.locale).integrations_promoNotFound);
  return { promo: required(promo, url), events };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, params, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const values = readPromoForm(await request.formData());
    const { time_zone, currency } = required(await apiResult(api.GET('/v1/organizer')), url);
    const { body, problems } = promoBody(values, time_zone, currency, t);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await apiResult(
      api.PATCH('/v1/promo-codes/{promo_code_id}', { params: { path: { promo_code_id: params.id } }, body }),
    );
    if (!result.ok)
      return fail(result.failure.status, {
        values,
        ...refusal(result.failure, promoFields(t), { currency, locale: locals.locale }),
      });
    redirect(303, `/settings/promo-codes?done=changed`);
  },
};
