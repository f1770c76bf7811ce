import type { Handle } from '@sveltejs/kit';
import { adminApi, apiResult } from '$lib/server/api';
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
  const response = await resolve(event);
  response.headers.set('cache-control', 'private, no-store');
  // Links followed out of the admin (an event's page, an organizer's site) name no admin page.
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};
