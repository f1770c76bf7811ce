import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { ApiUnavailableError, apiFetch, organizerPath } from '$lib/server/api';
import { isUuid, orderAccess } from '$lib/server/orders';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * A ticket's QR code, from the API through the storefront, so the order page works on the
 * organizer's own host and the API's address stays out of the page.
 */
export const GET: RequestHandler = async ({ locals, params, url, fetch }) => {
  const organizer = requireOrganizer(locals);
  const t = messagesFor(locals.locale);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access || !isUuid(params.ticketId)) error(404, t.orderNotFound);
  let response: Response;
  try {
    response = await apiFetch(
      fetch,
      'GET',
      organizerPath(organizer.slug, `/orders/${access.orderId}/tickets/${params.ticketId}/qr.svg`),
      { query: { token: access.token } },
      'image/svg+xml',
    );
  } catch (cause) {
    if (!(cause instanceof ApiUnavailableError)) throw cause;
    console.error(cause.message, cause.cause);
    error(503, t.tryAgainLater);
  }
  // 404: wrong token or ticket; 409: a revoked ticket, which has no code any more.
  if (response.status >= 500) error(503, t.tryAgainLater);
  if (!response.ok) error(404, t.orderNotFound);
  return new Response(await response.arrayBuffer(), {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      // An SVG opened on its own is a document of this origin: it may draw, never run anything.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
};
