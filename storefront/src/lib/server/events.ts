import { error, type RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { PublicEvent, PublicOrganizer } from '../api-types';
import { messagesFor } from '../messages';
import { storefrontApi } from './api';
import { isUuid } from './orders';
import { PublicCache, publicCacheTtlMs } from './public-cache';
import { catalogFailure } from './tenant';

let events: PublicCache<PublicEvent> | undefined;

/**
 * Published events with their availability, kept a moment (public-cache.ts) under the organizer's
 * slug and the event's id: what a buyer sees of the seats left is at most that much older than
 * the API's answer, and a hold made through this storefront forgets the organizer's events at once.
 */
export function eventCache(): PublicCache<PublicEvent> {
  events ??= new PublicCache({ ttlMs: publicCacheTtlMs(env.STOREFRONT_CACHE_TTL_MS), maxEntries: 10_000 });
  return events;
}

/** After a hold or a cancellation here: the organizer's events are read again, with their seats. */
export function forgetEventsOf(slug: string): void {
  eventCache().deleteWhere((key) => key.startsWith(`${slug}/`));
}

/** The published event of the address's `id`, or the 404 page if this organizer has none such. */
export async function loadEvent(
  request: RequestEvent<{ id: string }>,
  organizer: PublicOrganizer,
): Promise<PublicEvent> {
  const { locals, params } = request;
  const notFound = messagesFor(locals.locale).eventNotFound;
  if (!isUuid(params.id)) error(404, notFound);
  const event = await eventCache()
    .get(`${organizer.slug}/${params.id}`, () =>
      storefrontApi(request).getCatalogEvent({ params: { path: { event_id: params.id } } }),
    )
    .catch((cause) => catalogFailure(cause, locals.locale, notFound));
  // The public catalog holds every organizer's events; a storefront shows only its own.
  if (event.organizer.slug !== organizer.slug) error(404, notFound);
  return event;
}
