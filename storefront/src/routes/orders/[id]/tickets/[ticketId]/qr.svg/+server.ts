import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { ApiUnavailableError, storefrontApi } from '$lib/server/api';
import { isUuid, orderAccess } from '$lib/server/orders';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * A ticket's QR code, from the API through the storefront, so the order page works on the
 * organizer's own host and the API's address stays out of the page.
 */
export const GET: RequestHandler = async (request) => {
  const { locals, params, url } = request;
  const organizer = requireOrganizer(locals);
  const t = messagesFor(locals.locale);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access || !isUuid(params.ticketId)) error(404, t.orderNotFound);
  let svg: ArrayBuffer | undefined;
  let response: Response;
  try {
    ({ data: svg, response } = await storefrontApi(request).GET(
      '/v1/public/organizers/{slug}/orders/{order_id}/tickets/{ticket_id}/qr.svg',
      {
        params: {
          path: { slug: organizer.slug, order_id: access.orderId, ticket_id: params.ticketId },
          query: { token: access.token },
        },
        headers: { accept: 'image/svg+xml' },
        parseAs: 'arrayBuffer',
      },
    ));
  } catch (cause) {
    if (!(cause instanceof ApiUnavailableError)) throw cause;
    console.error(cause.message, cause.cause);
    error(503, t.tryAgainLater);
  }
  // 404: wrong token or ticket; 409: a revoked ticket, which has no code any more.
  if (response.status >= 500) error(503, t.tryAgainLater);
  if (!response.ok || !svg) error(404, t.orderNotFound);
  return new Response(svg, {
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
