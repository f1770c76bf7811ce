import { fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { chosenEventTypes, endpointFields, readEndpointForm, unknownEventType } from '$lib/webhooks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const types = required(await apiResult(adminApi(fetch, { token }).GET('/v1/webhook-event-types')), url);
  return { eventTypes: types.data };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const values = readEndpointForm(await request.formData());
    const catalog = required(await apiResult(api.GET('/v1/webhook-event-types')), url).data;
    const eventTypes = chosenEventTypes(values.event_types, catalog);
    if (!eventTypes) return fail(400, { values, ...unknownEventType(t) });
    const result = await apiResult(
      api.POST('/v1/webhook-endpoints', {
        body: { url: values.url, description: values.description, event_types: eventTypes },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, {
        values,
        ...refusal(result.failure, endpointFields(t), { locale: locals.locale }),
      });
    redirect(303, `/settings/webhooks/${result.data.id}?done=created`);
  },
};
