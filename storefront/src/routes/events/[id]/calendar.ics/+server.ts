import { createEvent } from 'ics';
import { eventPlace } from '$lib/event-meta';
import { localized } from '$lib/locale';
import { loadEvent } from '$lib/server/events';
import { requireOrganizer } from '$lib/server/tenant';
import type { RequestHandler } from './$types';

/**
 * The event as an iCalendar file (RFC 5545) for the visitor's calendar: phones open it in their
 * calendar app. Times are UTC instants, so every calendar shows them on its own clock; the UID is
 * the event's, so adding it again updates the same entry.
 */
export const GET: RequestHandler = async (request) => {
  const organizer = requireOrganizer(request.locals);
  const event = await loadEvent(request, organizer);
  const preferred = [request.locals.locale, organizer.default_locale];
  const pageUrl = new URL(`/events/${event.id}`, request.url).href;
  const description = localized(event.description, preferred)?.text;
  const { error, value } = createEvent({
    uid: `event-${event.id}@${request.url.hostname}`,
    productId: '-//Access Plus//Storefront//EN',
    method: 'PUBLISH',
    start: Date.parse(event.starts_at),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(event.ends_at),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: localized(event.title, preferred)?.text ?? '',
    location: eventPlace(event),
    url: pageUrl,
    description: description ? `${description}\n\n${pageUrl}` : pageUrl,
    ...(organizer.contact_email ? { organizer: { name: organizer.name, email: organizer.contact_email } } : {}),
    status: 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('the calendar file came out empty');
  return new Response(value, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="event.ics"',
      'cache-control': 'public, max-age=300',
    },
  });
};
