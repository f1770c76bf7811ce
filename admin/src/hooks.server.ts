import { pickLocale, textDirection } from '@accessplus/i18n';
import type { Handle } from '@sveltejs/kit';
import { ADMIN_LOCALES } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { LANGUAGE_COOKIE } from '$lib/server/language';
import { clearedSessionCookieOptions, SESSION_COOKIE } from '$lib/session-cookie';

export const handle: Handle = async ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE);
  if (!token) {
    event.locals.auth = { status: 'signed_out' };
  } else {
    const result = await apiResult(adminApi(event.fetch, { token }).GET('/v1/auth/session'));
    if (result.ok) {
      event.locals.auth = { status: 'signed_in', session: result.data, token };
    } else if (result.failure.status === 401) {
      // Expired, signed out elsewhere, or ended by a password reset.
      event.cookies.delete(SESSION_COOKIE, clearedSessionCookieOptions(event.url));
      event.locals.auth = { status: 'signed_out' };
    } else {
      // The API is down or failing: keep the cookie, the session may well still be valid.
      event.locals.auth = { status: 'unavailable', token };
    }
  }
  // The language a person chose in the admin (kept with their account), else the one this browser
  // chose, else the browser's own languages.
  const saved = event.locals.auth.status === 'signed_in' ? event.locals.auth.session.user.locale : null;
  event.locals.locale = pickLocale({
    requested: saved ?? event.cookies.get(LANGUAGE_COOKIE),
    acceptLanguage: event.request.headers.get('accept-language'),
    supported: ADMIN_LOCALES,
    fallback: 'en',
  });
  const locale = event.locals.locale;
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%dir%', textDirection(locale)),
  });
  response.headers.append('vary', 'Accept-Language, Cookie');
  response.headers.set('cache-control', 'private, no-store');
  // Links followed out of the admin (an event's page, an organizer's site) name no admin page.
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};
