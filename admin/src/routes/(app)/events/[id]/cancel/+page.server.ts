import type { AccessPlusClient } from '@accessplus/sdk';
import { fail, redirect } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const COUNTED = 100;

/** How many orders of a status hold the event, up to COUNTED ("100 or more" past that). */
async function countOrders(
  api: AccessPlusClient,
  url: URL,
  eventId: string,
  status: 'paid' | 'partially_refunded' | 'pending',
) {
  const page = required(
    await apiResult(api.GET('/v1/orders', { params: { query: { event_id: eventId, status, limit: COUNTED } } })),
    url,
  );
  return { count: page.data.length, more: page.next_cursor !== null };
}

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const api = sessionApi({ locals, url, fetch });
  const [paid, partly, pending] = await Promise.all(
    (['paid', 'partially_refunded', 'pending'] as const).map((status) => countOrders(api, url, params.id, status)),
  );
  return {
    paid: { count: (paid?.count ?? 0) + (partly?.count ?? 0), more: Boolean(paid?.more || partly?.more) },
    pending: pending ?? { count: 0, more: false },
  };
};

export const actions: Actions = {
  default: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    if (form.get('confirm') !== 'yes') {
      return fail(400, { message: messagesFor(locals.locale).events_cancelTickTheBox });
    }
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/events/{event_id}/cancel', { params: { path: { event_id: params.id } } }),
    );
    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    redirect(303, `/events/${params.id}/edit`);
  },
};
