import { AccessPlusError } from '@accessplus/sdk';
import {
  type CompiledTheme,
  compileTheme,
  type EventContext,
  type HomeContext,
  isOwnAsset,
  renderSection,
  type Section,
  type SectionContext,
  type ThemeEvent,
  type ThemeOrganizer,
} from '@accessplus/themes';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { LRUCache } from 'lru-cache';
import type { PublicEvent, PublicEventSummary, PublicOrganizer } from '../api-types';
import { localized } from '../locale';
import { storefrontApi } from './api';

/** Holds a preview link's token, so the draft stays on every page the organizer opens. */
export const PREVIEW_COOKIE = 'ap_theme_preview';
const PREVIEW_COOKIE_SECONDS = 48 * 60 * 60;

/**
 * The pages a theme may dress. The cart and the order (payment) pages are not among them: they
 * take the brand's colors and font only, never an organizer's markup or stylesheet, so no theme
 * can break or watch a payment.
 */
const THEMED_ROUTES = new Set(['/', '/events/[id]', '/account', '/account/sign-in', '/about', '/theme.css']);

export function isThemedRoute(routeId: string | null): boolean {
  return routeId !== null && THEMED_ROUTES.has(routeId);
}

/**
 * A page's policy with stylesheets from this storefront only: no inline `<style>` and no style
 * attribute, so nothing on a page a theme may dress can style it but the theme's own cleaned
 * file. The cart and payment pages, which no theme dresses, keep inline styles for what Stripe's
 * card form may set.
 */
export function withStrictStyles(policy: string): string {
  return policy
    .split(';')
    .map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (name !== 'style-src') return directive.trim();
      return ['style-src', ...sources.filter((source) => source !== "'unsafe-inline'")].join(' ');
    })
    .filter(Boolean)
    .join('; ');
}

export interface LoadedTheme {
  compiled: CompiledTheme;
  /** Sections already rendered and sanitized, by section and data: the same data renders the same. */
  rendered: LRUCache<string, { html: string | null }>;
  css: string;
  /** The live version, or null for the draft through a preview link. */
  version: number | null;
  preview: boolean;
  imagePrefixes: string[];
}

export type ThemeState =
  | { kind: 'none' }
  | { kind: 'theme'; theme: LoadedTheme }
  /** A preview link that expired or was replaced: the live theme (if any) and a word to the organizer. */
  | { kind: 'preview_gone'; live: LoadedTheme | null };

// Published versions never change, so a compiled one is kept until a newer version replaces it.
const live = new LRUCache<string, LoadedTheme>({ max: 500 });
/** Where a theme keeps its rendered sections: a store's pages show a handful, with a handful of data each. */
export function renderedSections(): LoadedTheme['rendered'] {
  return new LRUCache({ max: 200 });
}

async function fetchTheme(request: RequestEvent, slug: string, preview?: string): Promise<LoadedTheme> {
  const theme = await storefrontApi(request).getPublicTheme({
    params: { path: { slug }, query: preview ? { preview } : {} },
  });
  return {
    rendered: renderedSections(),
    compiled: compileTheme({
      header: theme.header,
      footer: theme.footer,
      home_hero: theme.home_hero,
      event_sections: theme.event_sections,
    }),
    css: theme.css,
    version: theme.version,
    preview: theme.preview,
    imagePrefixes: theme.image_prefixes,
  };
}

async function liveTheme(request: RequestEvent, organizer: PublicOrganizer): Promise<LoadedTheme | null> {
  if (organizer.theme_version === null) return null;
  const key = `${organizer.slug}:${organizer.theme_version}`;
  const kept = live.get(key);
  if (kept) return kept;
  const theme = await fetchTheme(request, organizer.slug);
  // Published between the profile and this read: keep it under the version it is.
  if (theme.version !== null) live.set(`${organizer.slug}:${theme.version}`, theme);
  return theme;
}

async function loadThemeState(request: RequestEvent, organizer: PublicOrganizer): Promise<ThemeState> {
  const token = request.cookies.get(PREVIEW_COOKIE);
  if (token) {
    try {
      return { kind: 'theme', theme: await fetchTheme(request, organizer.slug, token) };
    } catch (cause) {
      if (!(cause instanceof AccessPlusError && cause.status === 404)) throw cause;
      return { kind: 'preview_gone', live: await liveTheme(request, organizer) };
    }
  }
  const theme = await liveTheme(request, organizer);
  return theme ? { kind: 'theme', theme } : { kind: 'none' };
}

/**
 * The theme of this request's page, read once per request however many loads ask. A theme that
 * cannot be read costs the page nothing: it shows the storefront's own look.
 */
export function themeOf(request: RequestEvent, organizer: PublicOrganizer): Promise<ThemeState> {
  if (!isThemedRoute(request.route.id)) return Promise.resolve({ kind: 'none' });
  request.locals.theme ??= loadThemeState(request, organizer).catch((cause) => {
    console.error('the theme could not be read; the page shows the storefront’s own look', cause);
    return { kind: 'none' } as const;
  });
  return request.locals.theme;
}

export function themeIn(state: ThemeState): LoadedTheme | null {
  if (state.kind === 'theme') return state.theme;
  if (state.kind === 'preview_gone') return state.live;
  return null;
}

/** Starts showing the draft of a preview link, or (`off`) stops. */
export function rememberPreview(cookies: Cookies, token: string, secure: boolean): void {
  if (token === 'off') {
    cookies.delete(PREVIEW_COOKIE, { path: '/', secure });
    return;
  }
  cookies.set(PREVIEW_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: PREVIEW_COOKIE_SECONDS,
  });
}

function ownImage(url: string | null | undefined, prefixes: readonly string[]) {
  return url && isOwnAsset(url, prefixes) ? url : null;
}

export function organizerContext(organizer: PublicOrganizer, prefixes: readonly string[]): ThemeOrganizer {
  const logo = organizer.branding.logo;
  return {
    name: organizer.name,
    url: '/',
    logo: logo && ownImage(logo.url, prefixes) ? { url: logo.url, width: logo.width, height: logo.height } : null,
    contact_email: organizer.contact_email ?? null,
  };
}

function eventContext(
  event: PublicEventSummary,
  preferred: readonly string[],
  prefixes: readonly string[],
): ThemeEvent {
  const image = ownImage(event.image_url, prefixes);
  return {
    name: localized(event.title, preferred)?.text ?? '',
    url: `/events/${event.id}`,
    starts_at: event.starts_at,
    ends_at: event.ends_at,
    venue: event.venue_name || null,
    city: event.city || null,
    image: image ? { url: image, width: null, height: null } : null,
    price_from_cents: event.price_from_cents,
    currency: event.currency,
    sold_out: event.sold_out,
  };
}

// Sanitizing is most of a section's cost, and a page's sections repeat from visitor to visitor.
function rendered(theme: LoadedTheme, section: Section, context: SectionContext): string | null {
  const key = `${section}\u0000${JSON.stringify(context)}`;
  const kept = theme.rendered.get(key);
  if (kept) return kept.html;
  const html = renderSection(theme.compiled, section, context, theme.imagePrefixes);
  theme.rendered.set(key, { html });
  return html;
}

/** The section's HTML on a buyer's page, sanitized; null for the storefront's own. */
export function renderedSection(
  theme: LoadedTheme | null,
  section: 'header' | 'footer',
  organizer: PublicOrganizer,
  locale: string,
  routeId: string | null,
): string | null {
  if (!theme) return null;
  const kind = routeId === '/' ? 'home' : routeId === '/events/[id]' ? 'event' : 'other';
  return rendered(theme, section, {
    organizer: organizerContext(organizer, theme.imagePrefixes),
    page: { kind, locale, time_zone: organizer.time_zone },
  });
}

export function renderedHero(
  theme: LoadedTheme | null,
  organizer: PublicOrganizer,
  locale: string,
  events: readonly PublicEventSummary[],
): string | null {
  if (!theme) return null;
  const preferred = [locale, organizer.default_locale];
  const context: HomeContext = {
    organizer: organizerContext(organizer, theme.imagePrefixes),
    page: { kind: 'home', locale, time_zone: organizer.time_zone },
    events: events.map((event) => eventContext(event, preferred, theme.imagePrefixes)),
  };
  return rendered(theme, 'home_hero', context);
}

export function renderedEventSections(
  theme: LoadedTheme | null,
  organizer: PublicOrganizer,
  locale: string,
  event: PublicEvent,
): string | null {
  if (!theme) return null;
  const preferred = [locale, organizer.default_locale];
  const context: EventContext = {
    organizer: organizerContext(organizer, theme.imagePrefixes),
    page: { kind: 'event', locale, time_zone: event.time_zone },
    event: {
      ...eventContext(event, preferred, theme.imagePrefixes),
      description: localized(event.description, preferred)?.text ?? null,
      address: event.address_line || null,
    },
  };
  return rendered(theme, 'event_sections', context);
}
