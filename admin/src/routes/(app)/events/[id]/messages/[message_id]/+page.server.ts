import type { EventMessage, MessageRecipient } from '$lib/event-messages';
import { recipientFilter } from '$lib/event-messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import type { PageServerLoad } from './$types';

/** A message with its progress, and its recipients (all, or those of one status) a page at a time. */
export const load: PageServerLoad = async ({ locals, url, fetch, params, depends }) => {
  depends('app:event-message');
  const api = sessionApi({ locals, url, fetch });
  const status = recipientFilter(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const [message, recipients] = await Promise.all([
    apiResult(api.GET('/v1/messages/{message_id}', { params: { path: { message_id: params.message_id } } })),
    apiResult(
      api.GET('/v1/messages/{message_id}/recipients', {
        params: { path: { message_id: params.message_id }, query: { status, cursor, limit: 50 } },
      }),
    ),
  ]);
  const found: EventMessage = required(message, url);
  const page = required(recipients, url);
  const list: MessageRecipient[] = page.data;
  const filtered = status ? `?status=${status}` : '';
  return {
    message: found,
    recipients: list,
    status: status ?? null,
    justSent: url.searchParams.has('sent'),
    firstPageHref: cursor ? `${url.pathname}${filtered}` : null,
    moreHref: page.next_cursor
      ? `${url.pathname}?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.next_cursor })}`
      : null,
  };
};
