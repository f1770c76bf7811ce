import { error, fail, redirect } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { fromLocalInput } from '$lib/settings';
import type { Actions, PageServerLoad } from './$types';

const STATUSES = ['pending', 'succeeded', 'failed'] as const;
const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const api = sessionApi({ locals, url, fetch });
  const path = { endpoint_id: params.id };
  const done = url.searchParams.get('done');
  const statusParam = url.searchParams.get('status');
  const status = STATUSES.find((candidate) => candidate === statusParam);
  const cursor = url.searchParams.get('cursor') || undefined;
  // The secret is shown when asked for, and right after it was made.
  const showSecret = url.searchParams.has('secret') || done === 'created' || done === 'rotated';
  const [endpoint, deliveries, secret] = await Promise.all([
    apiResult(api.GET('/v1/webhook-endpoints/{endpoint_id}', { params: { path } })),
    apiResult(
      api.GET('/v1/webhook-endpoints/{endpoint_id}/deliveries', {
        params: { path, query: { status, cursor, limit: PAGE_SIZE } },
      }),
    ),
    showSecret ? apiResult(api.GET('/v1/webhook-endpoints/{endpoint_id}/secret', { params: { path } })) : null,
  ]);
  if (!endpoint.ok && endpoint.failure.status === 400) {
    error(404, messagesFor(locals.locale).integrations_endpointNotFound);
  }
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
    const result = await apiResult(
      sessionApi({ locals, url, fetch }).POST('/v1/webhook-endpoints/{endpoint_id}/ping', {
        params: { path: { endpoint_id: params.id } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'ping', message: result.failure.message });
    doneHere(url, params.id, 'pinged');
  },

  rotate: async ({ locals, url, fetch, params }) => {
    const result = await apiResult(
      sessionApi({ locals, url, fetch }).POST('/v1/webhook-endpoints/{endpoint_id}/rotate-secret', {
        params: { path: { endpoint_id: params.id } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'rotate', message: result.failure.message });
    doneHere(url, params.id, 'rotated');
  },

  enable: async ({ locals, url, fetch, params }) => {
    const result = await apiResult(
      sessionApi({ locals, url, fetch }).PATCH('/v1/webhook-endpoints/{endpoint_id}', {
        params: { path: { endpoint_id: params.id } },
        body: { enabled: true },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'enable', message: result.failure.message });
    doneHere(url, params.id, 'enabled');
  },

  redeliver: async ({ locals, url, fetch, params, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const deliveryId = String((await request.formData()).get('delivery_id') ?? '');
    const result = await apiResult(
      api.POST('/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver', {
        params: { path: { endpoint_id: params.id, delivery_id: deliveryId } },
      }),
    );
    if (!result.ok) {
      return fail(result.failure.status, { action: 'redeliver', deliveryId, message: result.failure.message });
    }
    doneHere(url, params.id, 'redelivered');
  },

  redeliverFailed: async ({ locals, url, fetch, params, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const sinceText = String((await request.formData()).get('since') ?? '');
    const organizer = required(await apiResult(api.GET('/v1/organizer')), url);
    const since = fromLocalInput(sinceText, organizer.time_zone);
    if (!since) {
      return fail(400, {
        action: 'redeliverFailed',
        since: sinceText,
        message: messagesFor(locals.locale).integrations_redeliverSinceInvalid,
      });
    }
    const result = await apiResult(
      api.POST('/v1/webhook-endpoints/{endpoint_id}/redeliveries', {
        params: { path: { endpoint_id: params.id } },
        body: { since, status: 'failed' },
      }),
    );
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
