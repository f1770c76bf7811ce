import type { PublicEvent } from './api-types';
import { formatAmountInput } from './format';

/** The event's place as one line: venue, street, city, state and ZIP, what is known of them. */
export function eventPlace(event: PublicEvent): string {
  const region = [event.state, event.postal_code].filter(Boolean).join(' ');
  return [event.venue_name, event.address_line, event.city, region].filter(Boolean).join(', ');
}

function attendanceMode(event: PublicEvent): string {
  if (!event.is_online) return 'https://schema.org/OfflineEventAttendanceMode';
  return event.venue_name || event.city
    ? 'https://schema.org/MixedEventAttendanceMode'
    : 'https://schema.org/OnlineEventAttendanceMode';
}

/**
 * The event as schema.org `Event` data (JSON-LD), which search engines read to show it as an
 * event with its date, place and prices: https://developers.google.com/search/docs/appearance/structured-data/event.
 */
export function eventStructuredData(
  event: PublicEvent,
  text: { title: string; description: string | null },
  pageUrl: string,
  organizerUrl: string,
): Record<string, unknown> {
  const place = {
    '@type': 'Place',
    name: event.venue_name ?? event.city ?? undefined,
    address: {
      '@type': 'PostalAddress',
      streetAddress: event.address_line ?? undefined,
      addressLocality: event.city ?? undefined,
      addressRegion: event.state ?? undefined,
      postalCode: event.postal_code ?? undefined,
      addressCountry: event.country,
    },
  };
  const online = { '@type': 'VirtualLocation', url: pageUrl };
  const inPerson = Boolean(event.venue_name || event.city);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: text.title,
    description: text.description ?? undefined,
    startDate: event.starts_at,
    endDate: event.ends_at,
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: attendanceMode(event),
    location: event.is_online ? (inPerson ? [place, online] : online) : place,
    image: event.image_url ? [event.image_url] : undefined,
    url: pageUrl,
    organizer: { '@type': 'Organization', name: event.organizer.name, url: organizerUrl },
    offers: event.tiers.map((tier) => ({
      '@type': 'Offer',
      url: pageUrl,
      price: formatAmountInput(tier.price_cents, tier.currency),
      priceCurrency: tier.currency,
      availability: tier.sold_out ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
      validFrom: tier.sales_start_at ?? undefined,
    })),
  };
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<` is written as `\u003c`, so no
 * organizer's text can end the element (`</script>`) or open a comment in it.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A UTC instant as Google Calendar's links write it: `20270104T230000Z`. */
function calendarInstant(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** A link that opens Google Calendar's new-entry page filled in with the event. */
export function googleCalendarLink(event: PublicEvent, title: string, pageUrl: string): string {
  const query = new URLSearchParams({
    action: 'TEMPLATE',
    text: title,
    dates: `${calendarInstant(event.starts_at)}/${calendarInstant(event.ends_at)}`,
    details: pageUrl,
    location: eventPlace(event),
  });
  return `https://calendar.google.com/calendar/render?${query}`;
}

export interface ShareLink {
  /** The service's name, as people know it (not translated). */
  name: 'WhatsApp' | 'Facebook' | 'X' | 'email';
  href: string;
}

/** Links that share the event page on the services our buyers use, each opening its own page. */
export function shareLinks(pageUrl: string, title: string): ShareLink[] {
  const text = `${title} ${pageUrl}`;
  return [
    { name: 'WhatsApp', href: `https://wa.me/?${new URLSearchParams({ text })}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?${new URLSearchParams({ u: pageUrl })}` },
    { name: 'X', href: `https://x.com/intent/post?${new URLSearchParams({ text: title, url: pageUrl })}` },
    {
      name: 'email',
      href: `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(text)}`,
    },
  ];
}
