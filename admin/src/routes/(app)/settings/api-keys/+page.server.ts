import { error, fail, redirect } from '@sveltejs/kit';
import { expiryFrom, levelsFromForm, scopesOf } from '$lib/api-keys';
import { type FormField, type FormProblem, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

/** The API's fields on the key form, with their words for the API's messages. */
function fields(t: Messages): Record<string, FormField> {
  return {
    name: { input: 'name', label: t.integrations_apiKeysName },
    scopes: {
      input: 'scopes',
      label: t.integrations_apiKeysAccess,
      rewrites: [[/^must have at least 1 items$/, t.integrations_apiKeysScopesRequired]],
    },
    expires_at: {
      input: 'expires_on',
      label: t.integrations_apiKeysExpiry,
      rewrites: [
        [/^The expiry must be in the future.*$/, t.integrations_apiKeysExpiryPast],
        [/^The expiry must be within five years.*$/, t.integrations_apiKeysExpiryTooFar],
      ],
    },
  };
}

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const role = memberRole(session);
  if (!can(role, 'manageApiKeys')) error(403, messagesFor(locals.locale).integrations_apiKeysForbidden);
  const api = adminApi(fetch, { token });
  const [keys, billing] = await Promise.all([
    apiResult(api.GET('/v1/organizer/api-keys')),
    apiResult(api.GET('/v1/organizer/billing')),
  ]);
  const list = required(keys, url).data;
  const plan = required(billing, url);
  const feature = plan.features.find((entry) => entry.feature === 'api_keys');
  return {
    keys: list,
    plan: plan.plan,
    allowed: feature?.allowed ?? false,
    lowestPlan: feature?.lowest_plan ?? 'pro',
    limits: plan.api_key_limits,
    canChangePlan: can(role, 'changePlan'),
    revoking: list.find((key) => key.id === url.searchParams.get('revoke') && key.status !== 'revoked') ?? null,
    done: url.searchParams.get('done'),
  };
};

export const actions: Actions = {
  create: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const levels = levelsFromForm(form);
    const values = {
      name: String(form.get('name') ?? '').trim(),
      expires_on: String(form.get('expires_on') ?? '').trim(),
      levels,
    };
    const organizer = required(await apiResult(api.GET('/v1/organizer')), url);
    const expiry = expiryFrom(values.expires_on, organizer.time_zone, t);
    if (!expiry.ok) {
      const problems: FormProblem[] = [
        { input: 'expires_on', label: t.integrations_apiKeysExpiry, message: expiry.message },
      ];
      return fail(400, { action: 'create' as const, values, message: expiry.message, problems });
    }
    const result = await apiResult(
      api.POST('/v1/organizer/api-keys', {
        body: { name: values.name, scopes: scopesOf(levels), ...(expiry.value ? { expires_at: expiry.value } : {}) },
      }),
    );
    if (!result.ok) {
      const { message, problems } = refusal(result.failure, fields(t), { locale: locals.locale });
      return fail(result.failure.status, { action: 'create' as const, values, message, problems });
    }
    // Not a redirect: the secret is in this answer alone, and never in an address or the page's data after it.
    const { secret, name, prefix } = result.data;
    return { action: 'created' as const, created: { name, prefix, secret } };
  },

  revoke: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('api_key_id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/api-keys/{api_key_id}/revoke', {
        params: { path: { api_key_id: id } },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'revoke' as const, id, message: result.failure.message });
    redirect(303, '/settings/api-keys?done=revoked');
  },
};
