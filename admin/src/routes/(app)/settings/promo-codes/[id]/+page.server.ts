import { error, fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { PROMO_FIELDS, promoBody, readPromoForm } from '$lib/promo-codes';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { tierChoices } from '$lib/server/promo-codes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const api = sessionApi({ locals, url, fetch });
  const [promo, events] = await Promise.all([
    apiResult(api.GET('/v1/promo-codes/{promo_code_id}', { params: { path: { promo_code_id: params.id } } })),
    tierChoices(api, preferredLocales(request.headers.get('accept-language'))),
  ]);
  // Not a promo code id at all: as good as an unknown one.
  if (!promo.ok && promo.failure.status === 400) error(404, 'This promo code does not exist.');
  return { promo: required(promo, url), events };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, params, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const values = readPromoForm(await request.formData());
    const { time_zone, currency } = required(await apiResult(api.GET('/v1/organizer')), url);
    const { body, problems } = promoBody(values, time_zone, currency);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await apiResult(
      api.PATCH('/v1/promo-codes/{promo_code_id}', { params: { path: { promo_code_id: params.id } }, body }),
    );
    if (!result.ok)
      return fail(result.failure.status, { values, ...refusal(result.failure, PROMO_FIELDS, { currency }) });
    redirect(303, `/settings/promo-codes?done=changed`);
  },
};
