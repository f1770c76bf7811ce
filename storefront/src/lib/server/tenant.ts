import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { PublicOrganizer } from '../api-types';
import { messagesFor } from '../messages';
import { organizerSlugFromHost } from '../tenant';
import { ApiError, ApiUnavailableError, apiGet } from './api';

export async function resolveTenant(fetch: typeof globalThis.fetch, host: string): Promise<App.Locals['tenant']> {
  const slug = organizerSlugFromHost(host, {
    baseDomain: env.STOREFRONT_BASE_DOMAIN || 'localhost',
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
