import { fail, redirect } from '@sveltejs/kit';
import type { CustomerSession } from '$lib/api-types';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { startCustomerSession } from '$lib/server/customer-session';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad } from './$types';

/** A sign-in link's token, as the API issues them; anything else is no link. */
function linkToken(value: unknown): string | null {
  return typeof value === 'string' && value.length >= 20 && value.length <= 200 ? value : null;
}

// The emailed link only opens this page; its token is spent by the button's POST. Mail scanners
// that open every link in a message would otherwise use the link up before the customer does.
export const load: PageServerLoad = ({ locals, url, setHeaders }) => {
  requireOrganizer(locals);
  const token = linkToken(url.searchParams.get('token'));
  if (!token && locals.customerToken) redirect(303, '/account');
  setHeaders({ 'cache-control': 'private, no-store' });
  return { token, signedOut: url.searchParams.has('signed_out'), ended: url.searchParams.has('ended') };
};

export const actions: Actions = {
  /** Emails a sign-in link. The API answers alike whether or not the email has an account. */
  link: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    const t = messagesFor(locals.locale);
    const email = String((await request.request.formData()).get('email') ?? '')
      .trim()
      .slice(0, 254);
    if (!email) return fail(400, { link: { email, sent: false, message: t.enterEmail, lang: undefined } });
    try {
      await storefrontApi(request).requestCustomerSignInLink({
        params: { path: { slug: organizer.slug } },
        body: { email, locale: locals.locale },
      });
    } catch (cause) {
      const problem = formProblem(cause, t);
      return fail(problem.status, { link: { email, sent: false, message: problem.message, lang: problem.lang } });
    }
    return { link: { email, sent: true, message: null, lang: undefined } };
  },

  /** Spends the link's token on a session kept in this storefront's cookie. */
  session: async (request) => {
    const { locals, cookies, url } = request;
    const organizer = requireOrganizer(locals);
    const t = messagesFor(locals.locale);
    const token = linkToken((await request.request.formData()).get('token'));
    if (!token) return fail(400, { session: { message: t.signInLinkInvalid, lang: undefined } });
    let session: CustomerSession;
    try {
      session = await storefrontApi(request).createCustomerSession({
        params: { path: { slug: organizer.slug } },
        body: { token },
      });
    } catch (cause) {
      const problem = formProblem(cause, t);
      // A used, expired or mistyped link: ask for a new one.
      const ours = problem.status === 422 || problem.status === 400;
      return fail(problem.status, {
        session: { message: ours ? t.signInLinkInvalid : problem.message, lang: ours ? undefined : problem.lang },
      });
    }
    startCustomerSession(cookies, url, session);
    redirect(303, '/account');
  },
};
