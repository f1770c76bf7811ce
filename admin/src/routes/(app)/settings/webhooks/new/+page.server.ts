import { fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { chosenEventTypes, ENDPOINT_FIELDS, readEndpointForm, unknownEventType } from '$lib/webhooks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const types = required(await apiResult(adminApi(fetch, { token }).GET('/v1/webhook-event-types')), url);
  return { eventTypes: types.data };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const values = readEndpointForm(await request.formData());
    const catalog = required(await apiResult(api.GET('/v1/webhook-event-types')), url).data;
    const eventTypes = chosenEventTypes(values.event_types, catalog);
    if (!eventTypes) return fail(400, { values, ...unknownEventType() });
    const result = await apiResult(
      api.POST('/v1/webhook-endpoints', {
        body: { url: values.url, description: values.description, event_types: eventTypes },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { values, ...refusal(result.failure, ENDPOINT_FIELDS) });
    redirect(303, `/settings/webhooks/${result.data.id}?done=created`);
  },
};
