import { preferredLocales } from '$lib/locales';
import { adminApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { loadDashboard } from '$lib/server/dashboard';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  // Names organizers wrote, in the reader's language first.
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const dashboard = await loadDashboard(adminApi(fetch, { token }), url, locals.locale, preferred);
  if (!dashboard.ok) {
    // 403: this role may not read the figures; the API's sentence says who may.
    if (dashboard.failure.status !== 403) throwFailure(dashboard.failure, url);
    return { notice: dashboard.failure.message, dashboard: null };
  }
  return { notice: null, dashboard };
};
