import { SECTIONS } from '@accessplus/themes';
import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const PARTS = [...SECTIONS, 'css'] as const;
type Part = (typeof PARTS)[number];

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const [theme, billing] = await Promise.all([
    apiResult(api.GET('/v1/organizer/theme')),
    apiResult(api.GET('/v1/organizer/billing')),
  ]);
  const plan = required(billing, url);
  const feature = plan.features.find((entry) => entry.feature === 'themes');
  return {
    theme: required(theme, url),
    plan: plan.plan,
    lowestPlan: feature?.lowest_plan ?? 'pro',
    canChangePlan: can(memberRole(session), 'changePlan'),
    done: url.searchParams.get('done'),
    version: url.searchParams.get('version'),
  };
};

function versionOf(form: FormData): number {
  return Number.parseInt(String(form.get('version') ?? ''), 10);
}

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const draft = Object.fromEntries(PARTS.map((part) => [part, String(form.get(part) ?? '')])) as Record<Part, string>;
    const result = await apiResult(adminApi(fetch, { token }).PATCH('/v1/organizer/theme/draft', { body: draft }));
    if (!result.ok)
      return fail(result.failure.status, { action: 'save' as const, draft, message: result.failure.message });
    redirect(303, '/settings/theme?done=saved#check');
  },

  preview: async ({ locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/organizer/theme/preview-links'));
    if (!result.ok) return fail(result.failure.status, { action: 'preview' as const, message: result.failure.message });
    // The link's token is shown this once: the API keeps only its hash.
    return { action: 'preview' as const, link: result.data };
  },

  publish: async ({ locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/organizer/theme/publish'));
    if (!result.ok) {
      return fail(result.failure.status, {
        action: 'publish' as const,
        message: result.failure.message,
        details: result.failure.details,
      });
    }
    redirect(303, `/settings/theme?done=published&version=${result.data.live_version}`);
  },

  restore: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const version = versionOf(await request.formData());
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/theme/versions/{version}/restore', {
        params: { path: { version } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'restore' as const, message: result.failure.message });
    redirect(303, `/settings/theme?done=restored&version=${version}#versions`);
  },

  edit: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const version = versionOf(await request.formData());
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/theme/versions/{version}/edit', {
        params: { path: { version } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'edit' as const, message: result.failure.message });
    redirect(303, `/settings/theme?done=edited&version=${version}#draft`);
  },

  unpublish: async ({ locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/organizer/theme/unpublish'));
    if (!result.ok)
      return fail(result.failure.status, { action: 'unpublish' as const, message: result.failure.message });
    redirect(303, '/settings/theme?done=unpublished#versions');
  },
};
