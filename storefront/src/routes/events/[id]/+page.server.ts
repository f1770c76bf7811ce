import { error } from '@sveltejs/kit';
import type { PublicEvent } from '$lib/api-types';
import { messagesFor } from '$lib/messages';
import { apiGet } from '$lib/server/api';
import { catalogFailure, requireOrganizer } from '$lib/server/tenant';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, fetch }) => {
  const organizer = requireOrganizer(locals);
  const notFound = messagesFor(locals.locale).eventNotFound;
  if (!UUID.test(params.id)) error(404, notFound);
  const event = await apiGet<PublicEvent>(fetch, `/v1/public/events/${params.id}`).catch((cause) =>
    catalogFailure(cause, locals.locale, notFound),
  );
  // The public catalog holds every organizer's events; a storefront shows only its own.
  if (event.organizer.slug !== organizer.slug) error(404, notFound);
  return { event };
};
