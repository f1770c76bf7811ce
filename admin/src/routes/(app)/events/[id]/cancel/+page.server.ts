import { fail, redirect } from '@sveltejs/kit';
import type { Order, Page } from '$lib/api-types';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const COUNTED = 100;

/** How many orders of a status hold the event, up to COUNTED ("100 or more" past that). */
async function countOrders(fetch: typeof globalThis.fetch, token: string, url: URL, eventId: string, status: string) {
  const page = required(
    await callApi<Page<Order>>(fetch, '/v1/orders', { token, query: { event_id: eventId, status, limit: COUNTED } }),
    url,
  );
  return { count: page.data.length, more: page.next_cursor !== null };
}

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  const [paid, partly, pending] = await Promise.all(
    ['paid', 'partially_refunded', 'pending'].map((status) => countOrders(fetch, token, url, params.id, status)),
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
      return fail(400, { message: 'Tick the box to confirm you want to cancel this event.' });
    }
    const result = await callApi(fetch, `/v1/events/${encodeURIComponent(params.id)}/cancel`, {
      method: 'POST',
      token,
    });
    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    redirect(303, `/events/${params.id}/edit`);
  },
};
