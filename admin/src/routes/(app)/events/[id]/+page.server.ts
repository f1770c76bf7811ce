import { redirect } from '@sveltejs/kit';
import { preferredLocales } from '$lib/locales';
import { can } from '$lib/roles';
import { adminApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { loadDashboard } from '$lib/server/dashboard';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

// An event's own page is its overview for those who see its money; for the rest of the team
// (check-in staff, say) it is the door, the one page every role may open.
export const load: PageServerLoad = async ({ locals, url, fetch, params, parent, request }) => {
  const { token } = requireSession(locals, url);
  const { role, event } = await parent();
  if (!can(role, 'seePayouts')) redirect(303, `/events/${params.id}/check-in`);
  const preferred = [locals.locale, ...preferredLocales(request.headers.get('accept-language'))];
  const dashboard = await loadDashboard(adminApi(fetch, { token }), url, locals.locale, preferred, {
    id: event.id,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
  });
  if (!dashboard.ok) throwFailure(dashboard.failure, url);
  return { dashboard };
};
