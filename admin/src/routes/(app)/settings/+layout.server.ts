import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { LayoutServerLoad } from './$types';

// Pages and actions under /settings check the session for themselves too: layout and page loads
// run side by side, and actions run no load at all.
export const load: LayoutServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const role = memberRole(session);
  if (!can(role, 'changeSettings')) error(403, messagesFor(locals.locale).settings_forbidden);
  const organizer = required(await apiResult(adminApi(fetch, { token }).GET('/v1/organizer')), url);
  return { role, organizer, userId: session.user.id };
};
