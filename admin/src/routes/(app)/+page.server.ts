import { error, fail, redirect } from '@sveltejs/kit';
import type { OrganizerEvent, Page } from '$lib/api-types';
import { eventSales, formatEventStart, pickText, statusLabel } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { callApi } from '$lib/server/api';
import { memberRole, requireSession, signInPath } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { session, token } = requireSession(locals, url);
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const result = await callApi<Page<OrganizerEvent>>(fetch, '/v1/events', {
    token,
    query: { cursor, limit: PAGE_SIZE },
  });
  if (!result.ok) {
    const { status, message } = result.failure;
    if (status === 401) redirect(303, signInPath(url));
    // 403: the session acts for no organizer; the API says what to do about it.
    if (status === 403) {
      return { session, role: null, events: [], notice: message, moreHref: null, firstPageHref: null };
    }
    error(status >= 500 ? 503 : status, message);
  }

  const preferred = preferredLocales(request.headers.get('accept-language'));
  return {
    session,
    role: memberRole(session),
    notice: null,
    events: result.data.data.map((event) => ({
      id: event.id,
      title: pickText(event.title, preferred),
      status: statusLabel(event.status),
      startsAt: event.starts_at,
      when: formatEventStart(event.starts_at, event.time_zone),
      place: [event.venue_name, event.city, event.state].filter(Boolean).join(', '),
      sales: eventSales(event.tiers, preferred),
    })),
    moreHref: result.data.next_cursor ? `/?cursor=${encodeURIComponent(result.data.next_cursor)}` : null,
    firstPageHref: cursor ? '/' : null,
  };
};

export const actions: Actions = {
  resendVerification: async ({ locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const result = await callApi<{ message: string }>(fetch, '/v1/auth/email-verification', {
      method: 'POST',
      token,
    });
    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    return { sent: result.data.message };
  },
};
