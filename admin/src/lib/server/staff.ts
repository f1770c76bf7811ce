import { error } from '@sveltejs/kit';
import type { Session } from '../api-types';
import { messagesFor } from '../messages';
import { requireSession } from './auth';

/**
 * A signed-in member of platform staff, or the 403 page (a sign-in first when signed out). The API
 * refuses everyone else too; this keeps them from a page of refusals. Form actions call it too:
 * they run no layout load.
 */
export function requireStaff(locals: App.Locals, url: URL): { session: Session; token: string } {
  const signedIn = requireSession(locals, url);
  if (!signedIn.session.user.is_platform_staff) error(403, messagesFor(locals.locale).staff_staffOnly);
  return signedIn;
}
