import { error, fail, redirect } from '@sveltejs/kit';
import type { Organizer, PromoCode } from '$lib/api-types';
import { refusal } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { PROMO_FIELDS, promoBody, readPromoForm } from '$lib/promo-codes';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { tierChoices } from '$lib/server/promo-codes';
import type { Actions, PageServerLoad } from './$types';

const promoPath = (id: string) => `/v1/promo-codes/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const { token } = requireSession(locals, url);
  const [promo, events] = await Promise.all([
    callApi<PromoCode>(fetch, promoPath(params.id), { token }),
    tierChoices(fetch, token, preferredLocales(request.headers.get('accept-language'))),
  ]);
  // Not a promo code id at all: as good as an unknown one.
  if (!promo.ok && promo.failure.status === 400) error(404, 'This promo code does not exist.');
  return { promo: required(promo, url), events };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const values = readPromoForm(await request.formData());
    const { time_zone, currency } = required(await callApi<Organizer>(fetch, '/v1/organizer', { token }), url);
    const { body, problems } = promoBody(values, time_zone, currency);
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await callApi<PromoCode>(fetch, promoPath(params.id), { method: 'PATCH', token, body });
    if (!result.ok)
      return fail(result.failure.status, { values, ...refusal(result.failure, PROMO_FIELDS, { currency }) });
    redirect(303, `/settings/promo-codes?done=changed`);
  },
};
