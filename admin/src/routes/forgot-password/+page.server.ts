import { fail } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, fetch, getClientAddress, locals }) => {
    const email = String((await request.formData()).get('email') ?? '').trim();
    if (!email) return fail(400, { email, message: messagesFor(locals.locale).account_forgotMissingEmail });
    const api = adminApi(fetch, { clientAddress: getClientAddress() });
    const result = await apiResult(api.POST('/v1/auth/password-reset', { body: { email } }));

    if (!result.ok) return fail(result.failure.status, { email, message: result.failure.message });
    return { email, sent: result.data.message };
  },
};
