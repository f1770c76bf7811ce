import { error, redirect } from '@sveltejs/kit';
import { apiUnreachable } from '../api-errors';
import type { MemberRole, Session } from '../api-types';
import { messagesFor } from '../messages';

/** The signed-in organizer, or a redirect to the sign-in page that comes back here afterwards. */
export function requireSession(locals: App.Locals, url: URL): { session: Session; token: string } {
  if (locals.auth.status === 'unavailable') error(503, apiUnreachable(messagesFor(locals.locale)).message);
  if (locals.auth.status === 'signed_out') redirect(303, signInPath(url));
  return locals.auth;
}

export function signInPath(url: URL): string {
  const back = `${url.pathname}${url.search}`;
  return back === '/' ? '/sign-in' : `/sign-in?redirectTo=${encodeURIComponent(back)}`;
}

/** The member's role at the organizer they act for; null when they act for none. */
export function memberRole(session: Session): MemberRole | null {
  return session.active_organizer?.role ?? null;
}
