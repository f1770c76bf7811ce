import { error, type RequestEvent } from '@sveltejs/kit';
import type { PublicEvent, PublicOrganizer } from '../api-types';
import { messagesFor } from '../messages';
import { storefrontApi } from './api';
import { isUuid } from './orders';
import { catalogFailure } from './tenant';

/** The published event of the address's `id`, or the 404 page if this organizer has none such. */
export async function loadEvent(
  request: RequestEvent<{ id: string }>,
  organizer: PublicOrganizer,
): Promise<PublicEvent> {
  const { locals, params } = request;
  const notFound = messagesFor(locals.locale).eventNotFound;
  if (!isUuid(params.id)) error(404, notFound);
  const event = await storefrontApi(request)
    .getCatalogEvent({ params: { path: { event_id: params.id } } })
    .catch((cause) => catalogFailure(cause, locals.locale, notFound));
  // The public catalog holds every organizer's events; a storefront shows only its own.
  if (event.organizer.slug !== organizer.slug) error(404, notFound);
  return event;
}
