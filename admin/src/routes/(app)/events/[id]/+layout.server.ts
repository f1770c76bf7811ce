import { pickText, statusLabel } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, fetch, params, request }) => {
  const { session, token } = requireSession(locals, url);
  const event = required(
    await apiResult(
      adminApi(fetch, { token }).GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } }),
    ),
    url,
  );
  const preferred = preferredLocales(request.headers.get('accept-language'));
  return {
    role: memberRole(session),
    preferred,
    event: {
      id: event.id,
      title: pickText(event.title, preferred),
      status: statusLabel(event.status, messagesFor(locals.locale)),
      timeZone: event.time_zone,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      tiers: event.tiers,
    },
  };
};
