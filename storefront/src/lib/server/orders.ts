import { createHash, randomUUID } from 'node:crypto';
import { type AccessPlusClient, AccessPlusError, type operations } from '@accessplus/sdk';
import { error } from '@sveltejs/kit';
import type { BuyerOrder, PublicEvent } from '../api-types';
import { messagesFor } from '../messages';
import { ApiUnavailableError } from './api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An order id and its access token as a link carries them; null when they cannot be one. */
export function orderAccess(orderId: string, token: string | null): { orderId: string; token: string } | null {
  if (!UUID.test(orderId) || !token || token.length < 20 || token.length > 200) return null;
  return { orderId, token };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A new key for a buy form being rendered. */
export function newOrderKey(): string {
  return randomUUID();
}

// How long a second "Buy" waits for the first to finish before saying the store is busy.
const WAIT_FOR_FIRST_MS = 10_000;

/** What holding an order sends: the buyer and the cart. */
export type OrderRequest = operations['createOrder']['requestBody']['content']['application/json'];

/**
 * Holds an order with the key its form was rendered with (`Idempotency-Key`), so that the form
 * sent twice (a double-clicked "Buy") holds once and both land on the same order: the API runs the
 * first and answers the second with the first's answer, or asks it to wait while the first runs.
 * A key the API already saw with another cart comes from a page kept from before (the Back
 * button), changed and sent again: a new purchase, sent with a key made of the old one and the
 * cart, so that sending that form twice still holds once.
 */
export async function holdOrder(
  api: AccessPlusClient,
  slug: string,
  formKey: string,
  body: OrderRequest,
): Promise<BuyerOrder> {
  const started = Date.now();
  let key = isUuid(formKey) ? formKey : newOrderKey();
  for (;;) {
    try {
      return await api.createOrder({ params: { path: { slug }, header: { 'Idempotency-Key': key } }, body });
    } catch (cause) {
      if (!(cause instanceof AccessPlusError)) throw cause;
      if (cause.code === 'idempotency_key_reused' && key === formKey) {
        key = createHash('sha256').update(formKey).update(JSON.stringify(body)).digest('hex');
      } else if (cause.code === 'idempotency_key_in_use' && Date.now() - started < WAIT_FOR_FIRST_MS) {
        await new Promise((resolve) => setTimeout(resolve, cause.retryAfterMs ?? 1000));
      } else {
        throw cause;
      }
    }
  }
}

/**
 * Opens an order with its access token. A wrong or incomplete token is the storefront's 404,
 * as the API answers it: nobody learns whether the order exists.
 */
export async function openOrder(
  api: AccessPlusClient,
  slug: string,
  access: { orderId: string; token: string } | null,
  locale: string,
): Promise<BuyerOrder> {
  const t = messagesFor(locale);
  if (!access) error(404, t.orderNotFound);
  try {
    return await api.getBuyerOrder({
      params: { path: { slug, order_id: access.orderId }, query: { token: access.token } },
    });
  } catch (cause) {
    if (cause instanceof AccessPlusError && (cause.status === 404 || cause.status === 400)) {
      error(404, t.orderNotFound);
    }
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
  api: AccessPlusClient,
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
    ids.map((id) => api.getCatalogEvent({ params: { path: { event_id: id } } }).catch(() => null)),
  );
  return events.filter((event): event is PublicEvent => event?.organizer.slug === slug);
}

/**
 * A file of a buyer's order from the API (a QR code, the tickets' PDF): 503 when the API cannot
 * answer, and 404 for any refusal (a wrong link, a revoked ticket, nothing valid yet), which the
 * order page itself explains.
 */
export async function orderFile(locale: string, what: string, fetchFile: () => Promise<Blob>): Promise<Blob> {
  try {
    return await fetchFile();
  } catch (cause) {
    const t = messagesFor(locale);
    if (cause instanceof ApiUnavailableError || (cause instanceof AccessPlusError && cause.status >= 500)) {
      console.error(`${what} could not be had from the API.`, cause);
      error(503, t.tryAgainLater);
    }
    if (cause instanceof AccessPlusError) error(404, t.orderNotFound);
    throw cause;
  }
}
