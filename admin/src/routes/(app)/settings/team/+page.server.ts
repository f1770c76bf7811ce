import { error, fail, redirect } from '@sveltejs/kit';
import { type FormField, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { can, MEMBER_ROLES } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

/** The API's fields on the invitation form, with their words for the API's messages. */
function fields(t: Messages): Record<string, FormField> {
  return {
    email: {
      input: 'email',
      label: t.integrations_teamEmail,
      // A whole sentence, so the field's name is not put before it.
      rewrites: [[/^must be a valid email$/, t.integrations_teamEmailInvalid]],
    },
    display_name: { input: 'display_name', label: t.integrations_teamName },
    role: {
      input: 'role',
      label: t.integrations_teamRole,
      rewrites: [[/^is not one of the accepted values$/, t.integrations_teamChooseRole]],
    },
  };
}

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  if (!can(memberRole(session), 'manageTeam')) error(403, messagesFor(locals.locale).integrations_teamForbidden);
  const members = required(await apiResult(adminApi(fetch, { token }).GET('/v1/organizer/members')), url).data;
  return {
    members,
    removing: members.find((member) => member.user_id === url.searchParams.get('remove')) ?? null,
    done: url.searchParams.get('done'),
  };
};

export const actions: Actions = {
  invite: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const values = {
      email: String(form.get('email') ?? '').trim(),
      display_name: String(form.get('display_name') ?? '').trim(),
      role: String(form.get('role') ?? ''),
    };
    const role = MEMBER_ROLES.find((candidate) => candidate === values.role);
    if (!role) {
      const message = t.integrations_teamChooseRole;
      return fail(400, {
        action: 'invite',
        values,
        message,
        problems: [{ input: 'role', label: t.integrations_teamRole, message }],
      });
    }
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/members', {
        body: {
          email: values.email,
          role,
          ...(values.display_name ? { display_name: values.display_name } : {}),
        },
      }),
    );
    if (!result.ok) {
      const { message, problems } = refusal(result.failure, fields(t), { locale: locals.locale });
      // Someone already on the team is a problem with the address typed: say so beside it.
      if (result.failure.code === 'already_member') {
        problems.push({ input: 'email', label: t.integrations_teamEmail, message });
      }
      return fail(result.failure.status, { action: 'invite', values, message, problems });
    }
    redirect(303, '/settings/team?done=invited');
  },

  changeRole: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const userId = String(form.get('user_id') ?? '');
    const role = MEMBER_ROLES.find((candidate) => candidate === form.get('role'));
    if (!role) {
      return fail(400, {
        action: 'changeRole',
        userId,
        message: messagesFor(locals.locale).integrations_teamChooseRole,
      });
    }
    const result = await apiResult(
      adminApi(fetch, { token }).PATCH('/v1/organizer/members/{user_id}', {
        params: { path: { user_id: userId } },
        body: { role },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'changeRole', userId, message: result.failure.message });
    redirect(303, '/settings/team?done=changed');
  },

  remove: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const userId = String((await request.formData()).get('user_id') ?? '');
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/organizer/members/{user_id}', { params: { path: { user_id: userId } } }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'remove', userId, message: result.failure.message });
    redirect(303, '/settings/team?done=removed');
  },
};
