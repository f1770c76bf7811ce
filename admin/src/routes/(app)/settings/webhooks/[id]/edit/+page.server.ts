import { error, fail, redirect } from '@sveltejs/kit';
import type { WebhookEndpoint, WebhookEventType } from '$lib/api-types';
import { refusal } from '$lib/form-errors';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { ENDPOINT_FIELDS, readEndpointForm } from '$lib/webhooks';
import type { Actions, PageServerLoad } from './$types';

const endpointPath = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  const [endpoint, types] = await Promise.all([
    callApi<WebhookEndpoint>(fetch, endpointPath(params.id), { token }),
    callApi<{ data: WebhookEventType[] }>(fetch, '/v1/webhook-event-types', { token }),
  ]);
  // Not an endpoint id at all: as good as an unknown one.
  if (!endpoint.ok && endpoint.failure.status === 400) error(404, 'This webhook endpoint does not exist.');
  return {
    endpoint: required(endpoint, url),
    eventTypes: required(types, url).data,
    deleting: url.searchParams.has('delete'),
  };
};

export const actions: Actions = {
  update: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const values = readEndpointForm(await request.formData());
    const result = await callApi<WebhookEndpoint>(fetch, endpointPath(params.id), {
      method: 'PATCH',
      token,
      body: values,
    });
    if (!result.ok) {
      return fail(result.failure.status, { action: 'update', values, ...refusal(result.failure, ENDPOINT_FIELDS) });
    }
    redirect(303, `/settings/webhooks/${params.id}?done=changed`);
  },

  delete: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await callApi(fetch, endpointPath(params.id), { method: 'DELETE', token });
    if (!result.ok) return fail(result.failure.status, { action: 'delete', message: result.failure.message });
    redirect(303, '/settings/webhooks?done=deleted');
  },
};
