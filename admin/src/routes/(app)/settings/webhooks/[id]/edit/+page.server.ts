import { error, fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { chosenEventTypes, endpointFields, readEndpointForm, unknownEventType } from '$lib/webhooks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const api = sessionApi({ locals, url, fetch });
  const [endpoint, types] = await Promise.all([
    apiResult(api.GET('/v1/webhook-endpoints/{endpoint_id}', { params: { path: { endpoint_id: params.id } } })),
    apiResult(api.GET('/v1/webhook-event-types')),
  ]);
  // Not an endpoint id at all: as good as an unknown one.
  if (!endpoint.ok && endpoint.failure.status === 400) {
    error(404, messagesFor(locals.locale).integrations_endpointNotFound);
  }
  return {
    endpoint: required(endpoint, url),
    eventTypes: required(types, url).data,
    deleting: url.searchParams.has('delete'),
  };
};

export const actions: Actions = {
  update: async ({ locals, url, fetch, params, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const values = readEndpointForm(await request.formData());
    const catalog = required(await apiResult(api.GET('/v1/webhook-event-types')), url).data;
    const eventTypes = chosenEventTypes(values.event_types, catalog);
    if (!eventTypes) return fail(400, { action: 'update', values, ...unknownEventType(t) });
    const result = await apiResult(
      api.PATCH('/v1/webhook-endpoints/{endpoint_id}', {
        params: { path: { endpoint_id: params.id } },
        body: { ...values, event_types: eventTypes },
      }),
    );
    if (!result.ok) {
      return fail(result.failure.status, {
        action: 'update',
        values,
        ...refusal(result.failure, endpointFields(t), { locale: locals.locale }),
      });
    }
    redirect(303, `/settings/webhooks/${params.id}?done=changed`);
  },

  delete: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/webhook-endpoints/{endpoint_id}', {
        params: { path: { endpoint_id: params.id } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'delete', message: result.failure.message });
    redirect(303, '/settings/webhooks?done=deleted');
  },
};
