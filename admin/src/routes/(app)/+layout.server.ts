import { requireSession } from '$lib/server/auth';
import type { LayoutServerLoad } from './$types';

// Every page in (app) needs a signed-in organizer. Form actions do not run layout loads, so each
// action checks with requireSession itself.
export const load: LayoutServerLoad = ({ locals, url }) => {
  requireSession(locals, url);
};
