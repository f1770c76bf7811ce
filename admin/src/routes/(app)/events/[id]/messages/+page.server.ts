import type { EventMessage } from '$lib/event-messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

/** The event's messages, newest first: those the team wrote and the automatic reminders and change notices. */
export const load: PageServerLoad = async ({ locals, url, fetch, params, depends }) => {
  depends('app:event-messages');
  const cursor = url.searchParams.get('cursor') || undefined;
  const page = required(
    await apiResult(
      sessionApi({ locals, url, fetch }).GET('/v1/events/{event_id}/messages', {
        params: { path: { event_id: params.id }, query: { cursor, limit: PAGE_SIZE } },
      }),
    ),
    url,
  );
  const messages: EventMessage[] = page.data;
  return {
    messages,
    firstPageHref: cursor ? url.pathname : null,
    moreHref: page.next_cursor ? `${url.pathname}?cursor=${encodeURIComponent(page.next_cursor)}` : null,
  };
};
