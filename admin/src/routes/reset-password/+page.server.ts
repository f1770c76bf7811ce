import { fail } from '@sveltejs/kit';
import { fieldErrors } from '$lib/api-errors';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { clearedSessionCookieOptions, SESSION_COOKIE } from '$lib/session-cookie';
import type { Actions, PageServerLoad } from './$types';

const MIN_PASSWORD_LENGTH = 10;

function invalid(status: number, message: string, fields: Record<string, string> = {}) {
  return fail(status, { message, fields });
}

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, locals }) => {
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const token = String(form.get('token') ?? '');
    const password = String(form.get('password') ?? '');
    const confirmation = String(form.get('password_confirmation') ?? '');
    if (!token) return invalid(400, t.account_linkIncomplete);
    if (password.length < MIN_PASSWORD_LENGTH) {
      return invalid(400, t.account_resetLongerPassword, { password: t.account_resetPasswordTooShort });
    }
    if (password !== confirmation) {
      return invalid(400, t.account_resetTwoPasswordsDiffer, { password_confirmation: 'does not match' });
    }
    const result = await apiResult(
      adminApi(fetch).POST('/v1/auth/password-reset/confirm', { body: { token, password } }),
    );

    if (!result.ok) {
      // The API's short messages about the password ("must be at least 10 characters") as a sentence.
      const fields = fieldErrors(result.failure.details);
      if (fields.password) fields.password = t.account_resetPasswordProblem({ problem: fields.password });
      return invalid(result.failure.status, result.failure.message, fields);
    }
    // The API ended every session of the account, this browser's included.
    cookies.delete(SESSION_COOKIE, clearedSessionCookieOptions(url));
    return { changed: true };
  },
};
