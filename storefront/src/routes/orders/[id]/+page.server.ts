import { error, fail, redirect } from '@sveltejs/kit';
import type { BuyerOrder } from '$lib/api-types';
import { messagesFor } from '$lib/messages';
import { orderHref } from '$lib/orders';
import { apiPost, organizerPath } from '$lib/server/api';
import { eventsOfOrder, openOrder, orderAccess } from '$lib/server/orders';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad } from './$types';

// The hold's countdown runs in the browser; every form here still works without it.
export const csr = true;

export const load: PageServerLoad = async ({ locals, params, url, fetch, setHeaders }) => {
  const organizer = requireOrganizer(locals);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  const { order, access_token } = await openOrder(fetch, organizer.slug, access, locals.locale);
  // The page holds the buyer's tickets and the token that opens them: not for caches, and its
  // address (with the token) is not sent on to anyone as a referrer.
  setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
  return { order, token: access_token, events: await eventsOfOrder(fetch, organizer.slug, order) };
};

type PaymentMethod = 'card' | 'cash' | 'partner';

/** A failed payment as the page shows it again. The card number is never sent back. */
interface PaymentState {
  method: PaymentMethod;
  partner: string;
  message: string;
  fields: Record<string, string>;
  /** The language of the message and field problems when they are the API's. */
  lang: string | undefined;
}

function paymentBody(method: PaymentMethod, form: FormData) {
  if (method === 'card') {
    return { method, card_number: String(form.get('card_number') ?? '').replace(/[\s-]/g, '') };
  }
  if (method === 'partner') return { method, partner: String(form.get('partner') ?? '').trim() };
  return { method };
}

/** The order and token of the posting page's address; a form posted without them is a 404. */
function postedOrder(params: { id: string }, url: URL, locale: string) {
  const access = orderAccess(params.id, url.searchParams.get('token'));
  if (!access) error(404, messagesFor(locale).orderNotFound);
  return access;
}

export const actions: Actions = {
  /** Pays by card (the test provider) or reserves the order for cash or a community partner. */
  pay: async ({ locals, params, url, fetch, request }) => {
    const organizer = requireOrganizer(locals);
    const { orderId, token } = postedOrder(params, url, locals.locale);
    const form = await request.formData();
    const chosen = String(form.get('method') ?? 'card');
    const method: PaymentMethod = chosen === 'cash' || chosen === 'partner' ? chosen : 'card';
    let paid: BuyerOrder;
    try {
      paid = await apiPost<BuyerOrder>(fetch, organizerPath(organizer.slug, `/orders/${orderId}/pay`), {
        query: { token },
        body: paymentBody(method, form),
      });
    } catch (cause) {
      const t = messagesFor(locals.locale);
      const problem = formProblem(cause, t);
      if (problem.status === 404) error(404, t.orderNotFound);
      const fields: Record<string, string> = {};
      for (const { field, message } of problem.details) {
        const name = field.replace(/^body\./, '');
        if (name === 'card_number' || name === 'partner') fields[name] ??= message;
      }
      const payment: PaymentState = {
        method,
        partner: method === 'partner' ? String(form.get('partner') ?? '').slice(0, 100) : '',
        message: problem.message,
        fields,
        lang: problem.lang,
      };
      return fail(problem.status, { payment });
    }
    redirect(303, orderHref(paid.order.id, paid.access_token));
  },

  /** Gives the order up: its tickets go back on sale. */
  cancel: async ({ locals, params, url, fetch }) => {
    const organizer = requireOrganizer(locals);
    const { orderId, token } = postedOrder(params, url, locals.locale);
    let cancelled: BuyerOrder;
    try {
      cancelled = await apiPost<BuyerOrder>(fetch, organizerPath(organizer.slug, `/orders/${orderId}/cancel`), {
        query: { token },
      });
    } catch (cause) {
      const t = messagesFor(locals.locale);
      const problem = formProblem(cause, t);
      if (problem.status === 404) error(404, t.orderNotFound);
      return fail(problem.status, { cancel: { message: problem.message, lang: problem.lang } });
    }
    redirect(303, orderHref(cancelled.order.id, cancelled.access_token));
  },
};
