import { fail, redirect } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// The link only opens this page; the account is created by the button's POST. Mail scanners that
// open every link in a message would otherwise use the link up before the organizer clicks.
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, locals }) => {
    const form = await request.formData();
    const token = String(form.get('token') ?? '');
    const slug = String(form.get('organizer_slug') ?? '')
      .trim()
      .toLowerCase();
    if (!token) return fail(400, { message: messagesFor(locals.locale).account_linkIncomplete });
    const result = await apiResult(
      adminApi(fetch).POST('/v1/auth/sign-up/confirm', {
        body: slug ? { token, organizer_slug: slug } : { token },
      }),
    );
    if (!result.ok) {
      const { status, code, message } = result.failure;
      // The address was taken since sign-up: the same link works with another one.
      if (code === 'slug_taken' || (slug && status === 400)) {
        return fail(status, { message, chooseSlug: true, slug });
      }
      return fail(status, { message, code });
    }
    cookies.set(SESSION_COOKIE, result.data.token, sessionCookieOptions(result.data.session.expires_at, url));
    redirect(303, '/');
  },
};
