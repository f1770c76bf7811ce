import { error } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { memberRole, requireSession } from '$lib/server/auth';
import type { LayoutServerLoad } from './$types';

// Owners and admins only, as the API says too. Actions run no load: each checks the session itself.
export const load: LayoutServerLoad = ({ locals, url }) => {
  const { session } = requireSession(locals, url);
  const role = memberRole(session);
  if (!can(role, 'seePayouts')) error(403, messagesFor(locals.locale).tax_forbidden);
  return { role };
};
