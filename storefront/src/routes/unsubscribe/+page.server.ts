import { AccessPlusError } from '@accessplus/sdk';
import { fail } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad } from './$types';

/** An unsubscribe link's token, as emails carry them; anything else is no link. */
function linkToken(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : null;
}

// Opening the link only shows the page: mail scanners open every link in a message, so the choice
// is made by the button's POST (the email's one-click header posts to the API itself).
export const load: PageServerLoad = async (request) => {
  const { locals, url, setHeaders } = request;
  requireOrganizer(locals);
  setHeaders({ 'cache-control': 'private, no-store' });
  const token = linkToken(url.searchParams.get('token'));
  if (!token) return { token: null, subscription: null };
  try {
    const subscription = await storefrontApi(request).getUnsubscribe({ params: { path: { token } } });
    return { token, subscription };
  } catch (cause) {
    // A mistyped, cut or forged link: the page says the link does not work.
    if (cause instanceof AccessPlusError && cause.status >= 400 && cause.status < 500) {
      return { token: null, subscription: null };
    }
    throw cause;
  }
};

async function choose(request: Parameters<Actions[string]>[0], subscribe: boolean) {
  const { locals } = request;
  requireOrganizer(locals);
  const t = messagesFor(locals.locale);
  const token = linkToken((await request.request.formData()).get('token'));
  if (!token) return fail(400, { done: null, message: t.unsubscribeLinkInvalid, lang: undefined });
  try {
    const api = storefrontApi(request);
    if (subscribe) await api.resubscribe({ params: { path: { token } } });
    else await api.unsubscribe({ params: { path: { token } }, body: {} });
  } catch (cause) {
    const problem = formProblem(cause, t);
    return fail(problem.status, { done: null, message: problem.message, lang: problem.lang });
  }
  return { done: subscribe ? ('subscribed' as const) : ('unsubscribed' as const), message: null, lang: undefined };
}

export const actions: Actions = {
  /** No more announcements or promotions from this organizer to this address. */
  unsubscribe: (request) => choose(request, false),
  /** Announcements and promotions again. */
  subscribe: (request) => choose(request, true),
};
