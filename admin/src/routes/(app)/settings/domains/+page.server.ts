import { fail, redirect } from '@sveltejs/kit';
import { type FormField, refusal } from '$lib/form-errors';
import { messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const [domains, billing] = await Promise.all([
    apiResult(api.GET('/v1/organizer/domains')),
    apiResult(api.GET('/v1/organizer/billing')),
  ]);
  const list = required(domains, url).data;
  const plan = required(billing, url);
  const feature = plan.features.find((entry) => entry.feature === 'custom_domains');
  return {
    domains: list,
    plan: plan.plan,
    allowed: feature?.allowed ?? false,
    lowestPlan: feature?.lowest_plan ?? 'pro',
    canChangePlan: can(memberRole(session), 'changePlan'),
    removing: list.find((domain) => domain.id === url.searchParams.get('remove')) ?? null,
    done: url.searchParams.get('done'),
  };
};

export const actions: Actions = {
  add: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const hostname = String((await request.formData()).get('hostname') ?? '').trim();
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/organizer/domains', { body: { hostname } }));
    if (!result.ok) {
      const fields: Record<string, FormField> = {
        hostname: { input: 'hostname', label: messagesFor(locals.locale).settings_domainsHostname },
      };
      const { message, problems } = refusal(result.failure, fields);
      return fail(result.failure.status, { action: 'add' as const, values: { hostname }, message, problems });
    }
    redirect(303, `/settings/domains?done=added#domain-${result.data.id}`);
  },

  recheck: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('domain_id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/domains/{domain_id}/checks', {
        params: { path: { domain_id: id } },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'recheck' as const, id, message: result.failure.message });
    redirect(303, `/settings/domains?done=checked#domain-${id}`);
  },

  remove: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const id = String((await request.formData()).get('domain_id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/organizer/domains/{domain_id}', { params: { path: { domain_id: id } } }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'remove' as const, id, message: result.failure.message });
    redirect(303, '/settings/domains?done=removed');
  },
};
