import { fail, redirect } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { SESSION_COOKIE, safeRedirectPath, sessionCookieOptions } from '$lib/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.auth.status === 'signed_in') redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
  return { signedOut: url.searchParams.has('signed_out') };
};

export const actions: Actions = {
  default: async ({ request, cookies, fetch, url, getClientAddress, locals }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      return fail(400, { email, message: messagesFor(locals.locale).account_signInMissing });
    }

    const api = adminApi(fetch, { clientAddress: getClientAddress() });
    const result = await apiResult(api.POST('/v1/auth/sign-in', { body: { email, password } }));
    if (!result.ok) return fail(result.failure.status, { email, message: result.failure.message });

    cookies.set(SESSION_COOKIE, result.data.token, sessionCookieOptions(result.data.session.expires_at, url));
    redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
  },
};
