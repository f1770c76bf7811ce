import { AccessPlusError } from '@accessplus/sdk';
import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { ApiUnavailableError, storefrontApi } from '$lib/server/api';
import { orderAccess } from '$lib/server/orders';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * The order's tickets as the PDF its confirmation email carries, in the language of the page the
 * buyer is on: for a buyer who cannot find the email, or wants to print them.
 */
export const GET: RequestHandler = async (request) => {
  const { locals, params, url } = request;
  const organizer = requireOrganizer(locals);
  const t = messagesFor(locals.locale);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access) error(404, t.orderNotFound);
  let pdf: Blob;
  try {
    pdf = await storefrontApi(request).getBuyerTicketsPdf({
      params: {
        path: { slug: organizer.slug, order_id: access.orderId },
        query: { token: access.token, locale: locals.locale },
      },
      headers: { accept: 'application/pdf' },
    });
  } catch (cause) {
    if (cause instanceof ApiUnavailableError || (cause instanceof AccessPlusError && cause.status >= 500)) {
      console.error("An order's tickets PDF could not be had from the API.", cause);
      error(503, t.tryAgainLater);
    }
    // 404: a wrong link; 409: no valid ticket (unpaid, or all refunded), which the order page explains.
    if (cause instanceof AccessPlusError) error(404, t.orderNotFound);
    throw cause;
  }
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
