import { fail } from '@sveltejs/kit';
import { fieldErrors } from '$lib/api-errors';
import { adminApi, apiResult } from '$lib/server/api';
import { clearedSessionCookieOptions, SESSION_COOKIE } from '$lib/session-cookie';
import type { Actions, PageServerLoad } from './$types';

const MIN_PASSWORD_LENGTH = 10;

function invalid(status: number, message: string, fields: Record<string, string> = {}) {
  return fail(status, { message, fields });
}

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url }) => {
    const form = await request.formData();
    const token = String(form.get('token') ?? '');
    const password = String(form.get('password') ?? '');
    const confirmation = String(form.get('password_confirmation') ?? '');
    if (!token) return invalid(400, 'This link is incomplete. Open the link from the email again.');
    if (password.length < MIN_PASSWORD_LENGTH) {
      return invalid(400, 'Choose a longer password.', {
        password: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
      });
    }
    if (password !== confirmation) {
      return invalid(400, 'The two passwords differ.', { password_confirmation: 'does not match' });
    }
    const result = await apiResult(
      adminApi(fetch).POST('/v1/auth/password-reset/confirm', { body: { token, password } }),
    );

    if (!result.ok) {
      return invalid(result.failure.status, result.failure.message, fieldErrors(result.failure.details));
    }
    // The API ended every session of the account, this browser's included.
    cookies.delete(SESSION_COOKIE, clearedSessionCookieOptions(url));
    return { changed: true };
  },
};
