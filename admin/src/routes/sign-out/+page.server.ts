import { redirect } from '@sveltejs/kit';
import { adminApi, apiResult } from '$lib/server/api';
import { clearedSessionCookieOptions, SESSION_COOKIE } from '$lib/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST: a link or an image on another page must not be able to do it.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies, fetch, url }) => {
    if (locals.auth.status !== 'signed_out') {
      await apiResult(adminApi(fetch, { token: locals.auth.token }).POST('/v1/auth/sign-out'));
    }
    cookies.delete(SESSION_COOKIE, clearedSessionCookieOptions(url));
    redirect(303, '/sign-in?signed_out');
  },
};
