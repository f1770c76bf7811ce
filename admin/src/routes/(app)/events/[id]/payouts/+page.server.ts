import type { Payout, PayoutOutlook } from '$lib/api-types';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  const [outlook, payouts] = await Promise.all([
    callApi<PayoutOutlook>(fetch, `/v1/events/${encodeURIComponent(params.id)}/payout-outlook`, { token }),
    callApi<{ data: Payout[] }>(fetch, '/v1/organizer/payouts', { token, query: { event_id: params.id } }),
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
