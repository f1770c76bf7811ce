/**
 * What a theme's templates can read. Every key is always present (null when there is nothing),
 * because templates compile in strict mode: a name that is not here is a mistake the theme check
 * reports, not an empty string on a buyer's page.
 */

/** The parts of a storefront page an organizer's templates may replace or add to. */
export const SECTIONS = ['header', 'footer', 'home_hero', 'event_sections'] as const;
export type Section = (typeof SECTIONS)[number];

export interface ThemeImage {
  url: string;
  width: number | null;
  height: number | null;
}

export interface ThemeOrganizer {
  name: string;
  /** The storefront's home page. */
  url: string;
  logo: ThemeImage | null;
  contact_email: string | null;
}

export interface ThemePage {
  /** Which page the section is on: the home page, an event's page, or another (the account, the about page). */
  kind: 'home' | 'event' | 'other';
  /** The page's language, such as `en` or `am`. */
  locale: string;
  /** The time zone dates read in: the event's on its page, else the organizer's. */
  time_zone: string;
}

export interface ThemeEvent {
  name: string;
  url: string;
  starts_at: string;
  ends_at: string;
  venue: string | null;
  city: string | null;
  image: ThemeImage | null;
  /** Lowest ticket price in minor units, null when nothing is on sale. */
  price_from_cents: number | null;
  currency: string;
  sold_out: boolean;
}

export interface ThemeEventDetail extends ThemeEvent {
  /** The event's description as plain text. */
  description: string | null;
  address: string | null;
}

/** Every section sees `organizer` and `page`. */
export interface BaseContext {
  organizer: ThemeOrganizer;
  page: ThemePage;
}
export interface HomeContext extends BaseContext {
  /** Upcoming events on sale, soonest first (at most 12). */
  events: ThemeEvent[];
}
export interface EventContext extends BaseContext {
  event: ThemeEventDetail;
}

export type SectionContext = BaseContext | HomeContext | EventContext;

/** Where each section appears, in words an organizer reads in the editor. */
export const SECTION_PLACES: Record<Section, string> = {
  header: 'The top of every page except the cart, checkout and payment pages, in place of the name or logo.',
  footer: 'The bottom of every page except the cart, checkout and payment pages, above the copyright line.',
  home_hero: 'The top of the home page, in place of the cover image.',
  event_sections: "Each event's page, below the description.",
};

/** Which names each section can use, as the editor and the API documentation list them. */
export const SECTION_DATA: Record<Section, readonly string[]> = {
  header: ['organizer', 'page'],
  footer: ['organizer', 'page'],
  home_hero: ['organizer', 'page', 'events'],
  event_sections: ['organizer', 'page', 'event'],
};

const SAMPLE_IMAGE: ThemeImage = { url: '/v1/images/sample.webp', width: 960, height: 540 };

const SAMPLE_EVENT: ThemeEventDetail = {
  name: 'Sample concert',
  url: '/events/00000000-0000-4000-8000-000000000000',
  starts_at: '2030-06-01T18:00:00.000Z',
  ends_at: '2030-06-01T21:00:00.000Z',
  venue: 'Community hall',
  city: 'Washington',
  image: SAMPLE_IMAGE,
  price_from_cents: 2500,
  currency: 'USD',
  sold_out: false,
  description: 'An evening of music.',
  address: '1 Main Street',
};

/** Data like a real page's, every optional value present, for the theme check's trial renders. */
export function sampleContext(section: Section, assetBase: string): SectionContext {
  const image = { ...SAMPLE_IMAGE, url: `${assetBase}${SAMPLE_IMAGE.url}` };
  const event = { ...SAMPLE_EVENT, image };
  const base: BaseContext = {
    organizer: { name: 'Sample organizer', url: '/', logo: image, contact_email: 'hello@example.org' },
    page: { kind: section === 'event_sections' ? 'event' : 'home', locale: 'en', time_zone: 'America/New_York' },
  };
  if (section === 'home_hero') return { ...base, events: [event, { ...event, name: 'Sample festival' }] };
  if (section === 'event_sections') return { ...base, event };
  return base;
}
