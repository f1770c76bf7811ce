import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { Page, PublicEventSummary, PublicOrganizer } from '../api-types';
import { messagesFor } from '../messages';
import { isLocalHost, organizerSlugFromHost, storefrontAddress } from '../tenant';
import { ApiError, ApiUnavailableError, apiGet } from './api';

const baseDomain = () => env.STOREFRONT_BASE_DOMAIN || 'localhost';

export async function resolveTenant(fetch: typeof globalThis.fetch, host: string): Promise<App.Locals['tenant']> {
  const slug = organizerSlugFromHost(host, {
    baseDomain: baseDomain(),
    fallbackSlug: env.STOREFRONT_ORGANIZER,
  });
  if (!slug) return { status: 'unknown' };
  try {
    return { status: 'found', organizer: await apiGet<PublicOrganizer>(fetch, `/v1/public/organizers/${slug}`) };
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 404) return { status: 'unknown' };
    if (cause instanceof ApiUnavailableError) {
      console.error(cause.message, cause.cause);
      return { status: 'unavailable' };
    }
    throw cause;
  }
}

/** The request's organizer, or the storefront's 404 (unknown host) or 503 (API down) page. */
export function requireOrganizer(locals: App.Locals): PublicOrganizer {
  const messages = messagesFor(locals.locale);
  if (locals.tenant.status === 'unavailable') error(503, messages.unavailable);
  if (locals.tenant.status === 'unknown') error(404, messages.storeNotFound);
  return locals.tenant.organizer;
}

/** Turns a failed catalog read into the page a visitor should see. */
export function catalogFailure(cause: unknown, locale: string, notFound: string): never {
  const messages = messagesFor(locale);
  if (cause instanceof ApiUnavailableError) {
    console.error(cause.message, cause.cause);
    error(503, messages.unavailable);
  }
  if (cause instanceof ApiError && cause.status === 404) error(404, notFound);
  if (cause instanceof ApiError && (cause.status === 400 || cause.status === 422)) error(400, messages.badSearch);
  throw cause;
}

export interface LocalStorefront {
  name: string;
  href: string;
}

// Pages of the public catalog read to find the organizers: enough for any machine's own data.
const DIRECTORY_PAGES = 5;

/**
 * On this machine (`http://localhost:5173`, a `*.localhost` host that is nobody's), the stores
 * a person running Access Plus can open: every organizer with published events, found through
 * the public catalog, at its own address. Null on any other host, where a stranger would only
 * learn which organizers exist, and when the catalog cannot be read.
 */
export async function localStorefronts(fetch: typeof globalThis.fetch, url: URL): Promise<LocalStorefront[] | null> {
  if (!isLocalHost(url.host)) return null;
  const organizers = new Map<string, string>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < DIRECTORY_PAGES; page++) {
      const events = await apiGet<Page<PublicEventSummary>>(fetch, '/v1/public/events', { limit: 100, cursor });
      for (const event of events.data) organizers.set(event.organizer.slug, event.organizer.name);
      if (!events.next_cursor) break;
      cursor = events.next_cursor;
    }
  } catch (cause) {
    console.error('could not list the local storefronts', cause);
    return null;
  }
  return [...organizers]
    .map(([slug, name]) => ({ name, href: storefrontAddress(slug, baseDomain(), url) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
