import { isInterfaceLocale } from '@accessplus/i18n';
import { error, redirect } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { LANGUAGE_COOKIE } from '$lib/server/language';
import { safeRedirectPath } from '$lib/session-cookie';
import type { RequestHandler } from './$types';

/**
 * The language menu's form: keeps the choice in this browser and, for a person signed in, with
 * their account (so the admin and their account emails follow it on every device), then goes
 * back to the page it was chosen on.
 */
export const POST: RequestHandler = async ({ request, cookies, locals, fetch, url }) => {
  const form = await request.formData();
  const locale = String(form.get('locale') ?? '');
  if (!isInterfaceLocale(locale)) error(400, messagesFor(locals.locale).common_languageUnknown);
  cookies.set(LANGUAGE_COOKIE, locale, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: 60 * 60 * 24 * 365,
  });
  if (locals.auth.status === 'signed_in') {
    const saved = await apiResult(
      adminApi(fetch, { token: locals.auth.token }).PUT('/v1/auth/session/language', { body: { locale } }),
    );
    if (!saved.ok) error(saved.failure.status, saved.failure.message);
  }
  redirect(303, safeRedirectPath(String(form.get('back') ?? '/')));
};
