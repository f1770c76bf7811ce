import { error, fail, redirect } from '@sveltejs/kit';
import { expiryFrom, levelsFromForm, scopesOf } from '$lib/api-keys';
import { type FormField, type FormProblem, refusal } from '$lib/form-errors';
import { can } from '$lib/roles';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const FIELDS: Record<string, FormField> = {
  name: { input: 'name', label: 'Name' },
  scopes: {
    input: 'scopes',
    label: 'Access',
    rewrites: [[/^must have at least 1 items$/, 'Choose what the key may read or change in at least one area.']],
  },
  expires_at: {
    input: 'expires_on',
    label: 'Stops working on',
    rewrites: [
      [
        /^The expiry must be in the future.*$/,
        'Choose a day after today, or leave it empty for a key that works until revoked.',
      ],
      [
        /^The expiry must be within five years.*$/,
        'Choose a day within five years, or leave it empty for a key that works until revoked.',
      ],
    ],
  },
};

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const role = memberRole(session);
  if (!can(role, 'manageApiKeys')) error(403, 'Only owners and admins can see and make API keys.');
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
    const form = await request.formData();
    const levels = levelsFromForm(form);
    const values = {
      name: String(form.get('name') ?? '').trim(),
      expires_on: String(form.get('expires_on') ?? '').trim(),
      levels,
    };
    const organizer = required(await apiResult(api.GET('/v1/organizer')), url);
    const expiry = expiryFrom(values.expires_on, organizer.time_zone);
    if (!expiry.ok) {
      const problems: FormProblem[] = [{ input: 'expires_on', label: 'Stops working on', message: expiry.message }];
      return fail(400, { action: 'create' as const, values, message: expiry.message, problems });
    }
    const result = await apiResult(
      api.POST('/v1/organizer/api-keys', {
        body: { name: values.name, scopes: scopesOf(levels), ...(expiry.value ? { expires_at: expiry.value } : {}) },
      }),
    );
    if (!result.ok) {
      const { message, problems } = refusal(result.failure, FIELDS);
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
