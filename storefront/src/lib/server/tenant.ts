import { type AccessPlusClient, AccessPlusError } from '@accessplus/sdk';
import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { PublicOrganizer } from '../api-types';
import { messagesFor } from '../messages';
import { hostName, isLocalHost, organizerSlugFromHost, storefrontAddress } from '../tenant';
import { ApiUnavailableError } from './api';
import { PublicCache, publicCacheTtlMs } from './public-cache';

const baseDomain = () => env.STOREFRONT_BASE_DOMAIN || 'localhost';

/**
 * Every page asks which organizer its host is for, and that organizer's profile: kept a moment
 * (public-cache.ts), by host name and by slug. A removed custom domain or a changed brand shows
 * within that moment, on top of the API's own caching of them.
 */
let tenantCaches: { hosts: PublicCache<string | null>; organizers: PublicCache<PublicOrganizer | null> } | undefined;

export function tenantCache() {
  tenantCaches ??= {
    hosts: new PublicCache({ ttlMs: publicCacheTtlMs(env.STOREFRONT_CACHE_TTL_MS), maxEntries: 10_000 }),
    organizers: new PublicCache({ ttlMs: publicCacheTtlMs(env.STOREFRONT_CACHE_TTL_MS), maxEntries: 10_000 }),
  };
  return tenantCaches;
}

/**
 * The organizer a request is for, found by the API from its Host: a verified custom domain of an
 * organizer's, or `{slug}.<base domain>`. A host the API knows nothing of may still be a store of
 * this storefront's own base domain or, for a single-tenant run, `STOREFRONT_ORGANIZER`'s. On a
 * custom domain every link, redirect and cookie stays on that host: pages link and redirect by
 * path, and cookies are the host's own.
 */
export async function resolveTenant(apiClient: () => AccessPlusClient, host: string): Promise<App.Locals['tenant']> {
  const { hosts, organizers } = tenantCache();
  // Made only when the answers are not kept: most pages need none.
  let client: AccessPlusClient | undefined;
  const api = () => {
    client ??= apiClient();
    return client;
  };
  try {
    const name = hostName(host);
    const slug =
      (await hosts.get(name, () => hostOwner(api(), name))) ??
      organizerSlugFromHost(name, {
        baseDomain: baseDomain(),
        fallbackSlug: env.STOREFRONT_ORGANIZER,
      });
    if (!slug) return { status: 'unknown' };
    const organizer = await organizers.get(slug, () => publicOrganizer(api(), slug));
    return organizer ? { status: 'found', organizer } : { status: 'unknown' };
  } catch (cause) {
    if (cause instanceof ApiUnavailableError) {
      console.error(cause.message, cause.cause);
      return { status: 'unavailable' };
    }
    throw cause;
  }
}

/** The organizer's public profile; null when there is none of that slug. */
async function publicOrganizer(api: AccessPlusClient, slug: string): Promise<PublicOrganizer | null> {
  try {
    return await api.getPublicOrganizer({ params: { path: { slug } } });
  } catch (cause) {
    if (cause instanceof AccessPlusError && cause.status === 404) return null;
    throw cause;
  }
}

/** The slug of the organizer the API says the host is for; null when it knows of none. */
async function hostOwner(api: AccessPlusClient, name: string): Promise<string | null> {
  try {
    return (await api.resolveStorefrontHost({ params: { path: { host: name } } })).slug;
  } catch (cause) {
    if (cause instanceof AccessPlusError && (cause.status === 404 || cause.status === 400)) return null;
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
  if (cause instanceof AccessPlusError && cause.status === 404) error(404, notFound);
  if (cause instanceof AccessPlusError && (cause.status === 400 || cause.status === 422)) {
    error(400, messages.badSearch);
  }
  throw cause;
}

export interface LocalStorefront {
  name: string;
  href: string;
}

// Events of the public catalog read to find the organizers: enough for any machine's own data.
const DIRECTORY_EVENTS = 500;

/**
 * On this machine (`http://localhost:5173`, a `*.localhost` host that is nobody's), the stores
 * a person running Access Plus can open: every organizer with published events, found through
 * the public catalog, at its own address. Null on any other host, where a stranger would only
 * learn which organizers exist, and when the catalog cannot be read.
 */
export async function localStorefronts(api: AccessPlusClient, url: URL): Promise<LocalStorefront[] | null> {
  if (!isLocalHost(url.host)) return null;
  const organizers = new Map<string, string>();
  try {
    let read = 0;
    for await (const event of api.iterate('searchCatalog', { params: { query: { limit: 100 } } })) {
      organizers.set(event.organizer.slug, event.organizer.name);
      if (++read >= DIRECTORY_EVENTS) break;
    }
  } catch (cause) {
    console.error('could not list the local storefronts', cause);
    return null;
  }
  return [...organizers]
    .map(([slug, name]) => ({ name, href: storefrontAddress(slug, baseDomain(), url) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
