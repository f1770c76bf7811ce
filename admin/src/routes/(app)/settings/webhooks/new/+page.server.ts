import { fail, redirect } from '@sveltejs/kit';
import type { WebhookEndpoint, WebhookEventType } from '$lib/api-types';
import { refusal } from '$lib/form-errors';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { ENDPOINT_FIELDS, readEndpointForm } from '$lib/webhooks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const types = required(await callApi<{ data: WebhookEventType[] }>(fetch, '/v1/webhook-event-types', { token }), url);
  return { eventTypes: types.data };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const values = readEndpointForm(await request.formData());
    const { enabled: _, ...body } = values;
    const result = await callApi<WebhookEndpoint>(fetch, '/v1/webhook-endpoints', { method: 'POST', token, body });
    if (!result.ok) return fail(result.failure.status, { values, ...refusal(result.failure, ENDPOINT_FIELDS) });
    redirect(303, `/settings/webhooks/${result.data.id}?done=created`);
  },
};
