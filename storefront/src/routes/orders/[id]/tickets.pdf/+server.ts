import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { orderAccess, orderFile } from '$lib/server/orders';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * The order's tickets as the PDF its confirmation email carries, in the language of the page the
 * buyer is on: for a buyer who cannot find the email, or wants to print them.
 */
export const GET: RequestHandler = async (request) => {
  const { locals, params, url } = request;
  const organizer = requireOrganizer(locals);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access) error(404, messagesFor(locals.locale).orderNotFound);
  const pdf = await orderFile(locals.locale, "An order's tickets PDF", () =>
    storefrontApi(request).getBuyerTicketsPdf({
      params: {
        path: { slug: organizer.slug, order_id: access.orderId },
        query: { token: access.token, locale: locals.locale },
      },
      headers: { accept: 'application/pdf' },
    }),
  );
  return new Response(pdf, {
    headers: {
      'content-type': 'application/pdf',
      // Shown in the browser; saved, it is named after this address: tickets.pdf.
      'content-disposition': 'inline',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
};
