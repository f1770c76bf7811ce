import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  if (locals.auth.status !== 'signed_in') return { user: null, organizer: null };
  const { user, active_organizer } = locals.auth.session;
  return {
    user: { name: user.display_name, email: user.email },
    organizer: active_organizer ? { name: active_organizer.organizer_name, role: active_organizer.role } : null,
  };
};
