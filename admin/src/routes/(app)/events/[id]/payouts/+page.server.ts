import { apiResult, sessionApi } from '$lib/server/api';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const api = sessionApi({ locals, url, fetch });
  const [outlook, payouts] = await Promise.all([
    apiResult(api.GET('/v1/events/{event_id}/payout-outlook', { params: { path: { event_id: params.id } } })),
    apiResult(api.GET('/v1/organizer/payouts', { params: { query: { event_id: params.id } } })),
  ]);
  if (!outlook.ok) {
    // 403: this role may not see payouts; the API's sentence says who may.
    if (outlook.failure.status === 403) return { notice: outlook.failure.message, outlook: null, payouts: [] };
    throwFailure(outlook.failure, url);
  }
  return {
    notice: null,
    outlook: outlook.data,
    payouts: payouts.ok ? payouts.data.data.filter((payout) => payout.event_id === params.id) : [],
  };
};
