import { error } from '@sveltejs/kit';
import type { BuyerOrder, PublicEvent } from '../api-types';
import { messagesFor } from '../messages';
import { ApiError, ApiUnavailableError, apiGet, organizerPath } from './api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An order id and its access token as a link carries them; null when they cannot be one. */
export function orderAccess(orderId: string, token: string | null): { orderId: string; token: string } | null {
  if (!UUID.test(orderId) || !token || token.length < 20 || token.length > 200) return null;
  return { orderId, token };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Opens an order with its access token. A wrong or incomplete token is the storefront's 404,
 * as the API answers it: nobody learns whether the order exists.
 */
export async function openOrder(
  fetch: typeof globalThis.fetch,
  slug: string,
  access: { orderId: string; token: string } | null,
  locale: string,
): Promise<BuyerOrder> {
  const t = messagesFor(locale);
  if (!access) error(404, t.orderNotFound);
  try {
    return await apiGet<BuyerOrder>(fetch, organizerPath(slug, `/orders/${access.orderId}`), { token: access.token });
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, t.orderNotFound);
    if (cause instanceof ApiUnavailableError) {
      console.error(cause.message, cause.cause);
      error(503, t.tryAgainLater);
    }
    throw cause;
  }
}

/**
 * The events an order is for, to show their titles, dates and places on the event's clock. An
 * event since unpublished is left out; the order's own lines still name what was bought.
 */
export async function eventsOfOrder(
  fetch: typeof globalThis.fetch,
  slug: string,
  order: BuyerOrder['order'],
): Promise<PublicEvent[]> {
  const ids = [
    ...new Set(
      [...order.lines.map((line) => line.event_id), ...order.tickets.map((ticket) => ticket.event_id)].filter(
        (id): id is string => typeof id === 'string' && UUID.test(id),
      ),
    ),
  ];
  const events = await Promise.all(
    ids.map((id) => apiGet<PublicEvent>(fetch, `/v1/public/events/${id}`).catch(() => null)),
  );
  return events.filter((event): event is PublicEvent => event?.organizer.slug === slug);
}
