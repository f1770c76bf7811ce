import { error, fail, redirect } from '@sveltejs/kit';
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointSecret } from '$lib/api-types';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { fromLocalInput } from '$lib/settings';
import type { Actions, PageServerLoad } from './$types';

const endpointPath = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;
const STATUSES = ['pending', 'succeeded', 'failed'] as const;
const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  const done = url.searchParams.get('done');
  const statusParam = url.searchParams.get('status');
  const status = STATUSES.find((candidate) => candidate === statusParam);
  const cursor = url.searchParams.get('cursor') ?? undefined;
  // The secret is shown when asked for, and right after it was made.
  const showSecret = url.searchParams.has('secret') || done === 'created' || done === 'rotated';
  const [endpoint, deliveries, secret] = await Promise.all([
    callApi<WebhookEndpoint>(fetch, endpointPath(params.id), { token }),
    callApi<{ data: WebhookDelivery[]; next_cursor: string | null }>(fetch, `${endpointPath(params.id)}/deliveries`, {
      token,
      query: { status, cursor, limit: PAGE_SIZE },
    }),
    showSecret ? callApi<WebhookEndpointSecret>(fetch, `${endpointPath(params.id)}/secret`, { token }) : null,
  ]);
  if (!endpoint.ok && endpoint.failure.status === 400) error(404, 'This webhook endpoint does not exist.');
  const log = required(deliveries, url);
  const here = (more: Record<string, string>) => {
    const query = new URLSearchParams({ ...(status ? { status } : {}), ...more });
    const text = query.toString();
    return `/settings/webhooks/${params.id}${text ? `?${text}` : ''}`;
  };
  return {
    endpoint: required(endpoint, url),
    deliveries: log.data,
    secret: secret ? required(secret, url) : null,
    status: status ?? null,
    done,
    count: url.searchParams.get('count'),
    firstPageHref: cursor ? here({}) : null,
    moreHref: log.next_cursor ? here({ cursor: log.next_cursor }) : null,
  };
};

/** Back to the endpoint's page with what was done, keeping the log's filter. */
function doneHere(url: URL, id: string, done: string, more: Record<string, string> = {}): never {
  const status = url.searchParams.get('status');
  const query = new URLSearchParams({ ...(status ? { status } : {}), done, ...more });
  redirect(303, `/settings/webhooks/${id}?${query}`);
}

export const actions: Actions = {
  ping: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await callApi(fetch, `${endpointPath(params.id)}/ping`, { method: 'POST', token });
    if (!result.ok) return fail(result.failure.status, { action: 'ping', message: result.failure.message });
    doneHere(url, params.id, 'pinged');
  },

  rotate: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await callApi(fetch, `${endpointPath(params.id)}/rotate-secret`, { method: 'POST', token });
    if (!result.ok) return fail(result.failure.status, { action: 'rotate', message: result.failure.message });
    doneHere(url, params.id, 'rotated');
  },

  enable: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await callApi(fetch, endpointPath(params.id), { method: 'PATCH', token, body: { enabled: true } });
    if (!result.ok) return fail(result.failure.status, { action: 'enable', message: result.failure.message });
    doneHere(url, params.id, 'enabled');
  },

  redeliver: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const deliveryId = String((await request.formData()).get('delivery_id') ?? '');
    const result = await callApi(
      fetch,
      `${endpointPath(params.id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      { method: 'POST', token },
    );
    if (!result.ok) {
      return fail(result.failure.status, { action: 'redeliver', deliveryId, message: result.failure.message });
    }
    doneHere(url, params.id, 'redelivered');
  },

  redeliverFailed: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const sinceText = String((await request.formData()).get('since') ?? '');
    const organizer = required(await callApi<{ time_zone: string }>(fetch, '/v1/organizer', { token }), url);
    const since = fromLocalInput(sinceText, organizer.time_zone);
    if (!since) {
      return fail(400, {
        action: 'redeliverFailed',
        since: sinceText,
        message: 'Enter a date and a time, such as 2027-03-14 19:00.',
      });
    }
    const result = await callApi<{ redelivered: number }>(fetch, `${endpointPath(params.id)}/redeliveries`, {
      method: 'POST',
      token,
      body: { since, status: 'failed' },
    });
    if (!result.ok) {
      return fail(result.failure.status, {
        action: 'redeliverFailed',
        since: sinceText,
        message: result.failure.message,
      });
    }
    doneHere(url, params.id, 'redelivered-many', { count: String(result.data.redelivered) });
  },
};
