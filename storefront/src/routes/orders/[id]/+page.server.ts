import { type AccessPlusClient, AccessPlusError } from '@accessplus/sdk';
import { type Cookies, error, fail, redirect } from '@sveltejs/kit';
import type { BuyerOrder, PaymentOptions } from '$lib/api-types';
import { messagesFor } from '$lib/messages';
import { orderHref } from '$lib/orders';
import { ApiUnavailableError, storefrontApi } from '$lib/server/api';
import { forgetEventsOf } from '$lib/server/events';
import { eventsOfOrder, openOrder, orderAccess } from '$lib/server/orders';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import { type CardPaymentOutcome, isCardPaymentOutcome, isStripeReturn } from '$lib/stripe';
import type { Actions, PageServerLoad } from './$types';

// The hold's countdown and Stripe's card fields run in the browser; every other form here works
// without them.
export const csr = true;

/** Carries how a card payment stood across the redirect that takes Stripe's return off the address. */
const CARD_OUTCOME_COOKIE = 'ap_card_payment';

/** For this order's page only; `secure` as the page is served, or a browser on http drops the change. */
function cardOutcomeCookie(url: URL) {
  return { path: url.pathname, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
}

export const load: PageServerLoad = async (request) => {
  const { locals, params, url, setHeaders, cookies } = request;
  const organizer = requireOrganizer(locals);
  const api = storefrontApi(request);
  const access = orderAccess(params.id, url.searchParams.get('token'));
  // The page holds the buyer's tickets and the token that opens them: not for caches. Its address
  // (with the token) goes to no other site as a referrer (the hooks' same-origin policy).
  setHeaders({ 'cache-control': 'private, no-store' });
  if (access && isStripeReturn(url)) {
    const confirmed = await confirmCardPayment(api, organizer.slug, access, url.searchParams.get('redirect_status'));
    if (confirmed.outcome) {
      cookies.set(CARD_OUTCOME_COOKIE, confirmed.outcome, { ...cardOutcomeCookie(url), maxAge: 300 });
    }
    // Once: a reload must not ask again, and the payment's client secret leaves the address bar.
    redirect(303, orderHref(access.orderId, confirmed.token ?? access.token));
  }
  const { order, access_token, online_events } = await openOrder(api, organizer.slug, access, locals.locale);
  return {
    order,
    token: access_token,
    onlineEvents: online_events,
    events: await eventsOfOrder(api, organizer.slug, order),
    cardPaymentOutcome: takeCardPaymentOutcome(cookies, url),
  };
};

/**
 * The buyer is back from Stripe (`return_url`): the API asks Stripe how the payment stands and
 * records it if it went through, without waiting for Stripe's webhook. An order that is paid
 * needs no words; one still pending failed (Stripe said so) or is still on its way.
 */
async function confirmCardPayment(
  api: AccessPlusClient,
  slug: string,
  access: { orderId: string; token: string },
  redirectStatus: string | null,
): Promise<{ outcome: CardPaymentOutcome | null; token?: string }> {
  const stillPending = redirectStatus === 'failed' ? 'failed' : 'processing';
  try {
    const confirmed = await api.confirmOrderPayment({
      params: { path: { slug, order_id: access.orderId }, query: { token: access.token } },
    });
    return {
      outcome: confirmed.order.status === 'pending' ? stillPending : null,
      token: confirmed.access_token,
    };
  } catch (cause) {
    if (cause instanceof AccessPlusError && cause.status === 402) return { outcome: 'failed' };
    // Paid after the hold lapsed while its tickets were sold: the API refunded it in full.
    if (cause instanceof AccessPlusError && cause.code === 'hold_expired') return { outcome: 'refunded' };
    // A wrong token or order is the order page's own 404, on the clean address.
    if (cause instanceof AccessPlusError && cause.status < 500) return { outcome: null };
    // The API is down or failing: Stripe's webhook still records the payment.
    if (cause instanceof AccessPlusError || cause instanceof ApiUnavailableError) {
      console.error('The card payment could not be confirmed on return from Stripe.', cause);
      return { outcome: stillPending };
    }
    throw cause;
  }
}

/** The outcome a return from Stripe left for this page, said once. */
function takeCardPaymentOutcome(cookies: Cookies, url: URL): CardPaymentOutcome | null {
  const outcome = cookies.get(CARD_OUTCOME_COOKIE);
  if (outcome === undefined) return null;
  cookies.delete(CARD_OUTCOME_COOKIE, cardOutcomeCookie(url));
  return isCardPaymentOutcome(outcome) ? outcome : null;
}

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

function paymentBody(method: PaymentMethod, form: FormData, cardProvider: PaymentOptions['card_provider']) {
  // With Stripe the card is entered in Stripe's own fields, never in this page's form.
  if (method === 'card' && cardProvider === 'stripe') return { method };
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
  /**
   * Pays by card or reserves the order for cash or a community partner. With Stripe, paying by
   * card answers the client secret the page mounts Stripe's Payment Element with.
   */
  pay: async (request) => {
    const { locals, params, url } = request;
    const organizer = requireOrganizer(locals);
    const { orderId, token } = postedOrder(params, url, locals.locale);
    const form = await request.request.formData();
    const chosen = String(form.get('method') ?? 'card');
    const method: PaymentMethod = chosen === 'cash' || chosen === 'partner' ? chosen : 'card';
    let paid: BuyerOrder;
    try {
      // A paid gift moves its event's donation goal.
      paid = await storefrontApi(request)
        .payOrder({
          params: { path: { slug: organizer.slug, order_id: orderId }, query: { token } },
          body: paymentBody(method, form, organizer.payments.card_provider),
        })
        .finally(() => forgetEventsOf(organizer.slug));
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
    if (paid.payment_action?.type === 'stripe_payment_element') {
      const { client_secret, publishable_key } = paid.payment_action;
      return { stripe: { clientSecret: client_secret, publishableKey: publishable_key } };
    }
    redirect(303, orderHref(paid.order.id, paid.access_token));
  },

  /** Gives the order up: its tickets go back on sale. */
  cancel: async (request) => {
    const { locals, params, url } = request;
    const organizer = requireOrganizer(locals);
    const { orderId, token } = postedOrder(params, url, locals.locale);
    let cancelled: BuyerOrder;
    try {
      cancelled = await storefrontApi(request)
        .cancelBuyerOrder({ params: { path: { slug: organizer.slug, order_id: orderId }, query: { token } } })
        .finally(() => forgetEventsOf(organizer.slug));
    } catch (cause) {
      const t = messagesFor(locals.locale);
      const problem = formProblem(cause, t);
      if (problem.status === 404) error(404, t.orderNotFound);
      return fail(problem.status, { cancel: { message: problem.message, lang: problem.lang } });
    }
    redirect(303, orderHref(cancelled.order.id, cancelled.access_token));
  },
};
