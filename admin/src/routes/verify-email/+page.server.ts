import { fail } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

// The link only opens this page; the token is spent by the button's POST. Mail scanners that
// open every link in a message would otherwise use it up before the organizer clicks.
export const load: PageServerLoad = ({ url, locals }) => ({
  token: url.searchParams.get('token') ?? '',
  signedIn: locals.auth.status === 'signed_in',
});

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const token = String((await request.formData()).get('token') ?? '');
    if (!token) return fail(400, { message: messagesFor(locals.locale).account_linkIncomplete });
    const result = await apiResult(adminApi(fetch).POST('/v1/auth/email-verification/confirm', { body: { token } }));

    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    return { verified: true };
  },
};
