import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { isUuid, orderAccess, orderFile } from '$lib/server/orders';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * A ticket's QR code, from the API through the storefront, so the order page works on the
 * organizer's own host and the API's address stays out of the page.
 */
export const GET: RequestHandler = async (request) => {
  const { locals, params, url } = request;
  const organizer = requireOrganizer(locals);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access || !isUuid(params.ticketId)) error(404, messagesFor(locals.locale).orderNotFound);
  // 404 also for a revoked ticket (409 from the API), which has no code any more.
  const svg = await orderFile(locals.locale, 'A ticket QR code', () =>
    storefrontApi(request).getTicketQrSvg({
      params: {
        path: { slug: organizer.slug, order_id: access.orderId, ticket_id: params.ticketId },
        query: { token: access.token },
      },
      headers: { accept: 'image/svg+xml' },
    }),
  );
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
