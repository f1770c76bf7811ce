import { error, fail, redirect } from '@sveltejs/kit';
import { refusal } from '$lib/form-errors';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { payeeFields, readPayee } from '../payee-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  // The API lists payees by name and has no call for one: a list of the organizer's own few.
  const payees = required(await apiResult(adminApi(fetch, { token }).GET('/v1/payees')), url).data;
  const payee = payees.find((candidate) => candidate.id === params.id);
  if (!payee) error(404, messagesFor(locals.locale).tax_payeeNotFound);
  return { payee };
};

export const actions: Actions = {
  save: async ({ locals, url, fetch, request, params }) => {
    const { token } = requireSession(locals, url);
    const t = messagesFor(locals.locale);
    const { values, body } = readPayee(await request.formData());
    const result = await apiResult(
      adminApi(fetch, { token }).PUT('/v1/payees/{payee_id}', { params: { path: { payee_id: params.id } }, body }),
    );
    if (!result.ok) return fail(result.failure.status, { values, ...refusal(result.failure, payeeFields(t)) });
    redirect(303, '/tax/payees?done=payeeChanged');
  },
};
