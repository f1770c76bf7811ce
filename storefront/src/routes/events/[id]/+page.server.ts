import { error, fail, redirect } from '@sveltejs/kit';
import type { BuyerOrder, PublicEvent, Quote } from '$lib/api-types';
import {
  attendeesProblemField,
  type CartForm,
  type CartLines,
  cartBody,
  cartFieldErrors,
  cartIsEmpty,
  cartLines,
  DONATION_FIELD,
  donationProblem,
  readCartForm,
} from '$lib/cart';
import { formatMoney } from '$lib/format';
import { regionalLocale } from '$lib/locale';
import { messagesFor } from '$lib/messages';
import { ORDER_KEY_FIELD, orderHref } from '$lib/orders';
import { storefrontApi } from '$lib/server/api';
import { addToStoredCart, readStoredCart, saveStoredCart } from '$lib/server/cart-cookie';
import { endCustomerSession, signedInCustomer } from '$lib/server/customer-session';
import { forgetEventsOf, loadEvent } from '$lib/server/events';
import { holdOrder, newOrderKey } from '$lib/server/orders';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import { renderedEventSections, themeIn, themeOf } from '$lib/server/theme';
import type { Actions, PageServerLoad } from './$types';

// The all-in total follows the buyer's choices as they make them (the page asks its own `quote`
// action); without JavaScript the same form posts to it and the page comes back priced.
export const csr = true;

export const load: PageServerLoad = async (request) => {
  const organizer = requireOrganizer(request.locals);
  const [event, themeState] = await Promise.all([loadEvent(request, organizer), themeOf(request, organizer)]);
  const customer = await signedInCustomer(request, organizer);
  // Every showing of the page is its visitor's own: its buy form carries a key of its own (and a
  // signed-in customer's name and email), which no cache may hand to anyone else.
  request.setHeaders({ 'cache-control': 'private, no-store' });
  return {
    event,
    themeSections: renderedEventSections(themeIn(themeState), organizer, request.locals.locale, event),
    customer: customer ? { name: customer.name, email: customer.email } : null,
    orderKey: newOrderKey(),
    // Where this page is, as search engines and shared links should name it: on this host, without
    // the query the visitor came with.
    pageUrl: new URL(`/events/${event.id}`, request.url).href,
  };
};

/** The checkout form as posted, shown again with its price or what went wrong. */
interface CheckoutState {
  cart: CartForm;
  quote: Quote | null;
  message: string | null;
  /** Problems per form field. */
  fields: Record<string, string>;
  /** The customer's session ended, so they were signed out. */
  sessionEnded: boolean;
  /** The language of the message and field problems when they are the API's. */
  lang: string | undefined;
}

interface WaitlistState {
  tierId: string;
  values: { name: string; email: string; quantity: number };
  position: number | null;
  message: string | null;
  fields: Record<string, string>;
  lang: string | undefined;
}

function checkoutFailure(
  status: number,
  cart: CartForm,
  message: string,
  {
    fields = {},
    sessionEnded = false,
    lang,
  }: { fields?: Record<string, string>; sessionEnded?: boolean; lang?: string } = {},
) {
  const checkout: CheckoutState = { cart, quote: null, message, fields, sessionEnded, lang };
  return fail(status, { checkout });
}

/** The buyer's own mistakes, caught before asking the API, in their language. */
function cartProblems(cart: CartForm, lines: CartLines, buying: boolean, event: PublicEvent, locale: string) {
  const t = messagesFor(locale);
  const money = (cents: number) => formatMoney(cents, event.currency, regionalLocale(locale, event.country));
  const fields: Record<string, string> = {};
  const donation = donationProblem(cart, event.currency);
  if (donation?.kind === 'unreadable') fields[DONATION_FIELD] = t.donationUnreadable;
  else if (donation?.kind === 'too_small')
    fields[DONATION_FIELD] = t.donationTooSmall({ least: money(donation.limit) });
  else if (donation?.kind === 'too_large') fields[DONATION_FIELD] = t.donationTooLarge({ most: money(donation.limit) });
  if (buying && event.attendee_names === 'required') {
    for (const [tierId, names] of Object.entries(cart.attendees)) {
      if (names.some((name) => !name)) fields[attendeesProblemField(tierId)] = t.enterAttendeeNames;
    }
  }
  if (buying && !cart.name) fields.name = t.enterName;
  if (buying && !cart.email) fields.email = t.enterEmail;
  const offersMore = event.add_ons.length > 0 || event.donations_enabled;
  const empty = cartIsEmpty(lines) && !fields[DONATION_FIELD];
  const message = empty ? (offersMore ? t.chooseSomething : t.chooseTickets) : Object.values(fields)[0];
  return message ? { message, fields } : null;
}

export const actions: Actions = {
  /** Prices the cart, all in, without holding anything. */
  quote: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    const event = await loadEvent(request, organizer);
    const cart = readCartForm(await request.request.formData(), event);
    const lines = cartLines(cart, event);
    const problems = cartProblems(cart, lines, false, event, locals.locale);
    if (problems) return checkoutFailure(400, cart, problems.message, { fields: problems.fields });
    try {
      const quote = await storefrontApi(request).quoteCart({
        params: { path: { slug: organizer.slug } },
        body: { ...cartBody(lines), ...(cart.promoCode ? { promo_code: cart.promoCode } : {}) },
      });
      const checkout: CheckoutState = { cart, quote, message: null, fields: {}, sessionEnded: false, lang: undefined };
      return { checkout };
    } catch (cause) {
      const problem = formProblem(cause, messagesFor(locals.locale));
      return checkoutFailure(problem.status, cart, problem.message, {
        fields: cartFieldErrors(problem.details, lines),
        lang: problem.lang,
      });
    }
  },

  /** Puts what the buyer chose in the cart, to buy with other events' tickets in one order. */
  addToCart: async (request) => {
    const { locals, cookies } = request;
    const organizer = requireOrganizer(locals);
    const event = await loadEvent(request, organizer);
    const cart = readCartForm(await request.request.formData(), event);
    const lines = cartLines(cart, event);
    const problems = cartProblems(cart, lines, false, event, locals.locale);
    if (problems) return checkoutFailure(400, cart, problems.message, { fields: problems.fields });
    saveStoredCart(request, addToStoredCart(readStoredCart(cookies), event.id, lines));
    redirect(303, '/cart');
  },

  /** Holds the tickets (the order, pending payment) and opens the order page. */
  order: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    const event = await loadEvent(request, organizer);
    const form = await request.request.formData();
    const cart = readCartForm(form, event);
    const lines = cartLines(cart, event);
    const problems = cartProblems(cart, lines, true, event, locals.locale);
    if (problems) return checkoutFailure(400, cart, problems.message, { fields: problems.fields });
    let created: BuyerOrder;
    try {
      // A signed-in customer's order is theirs: it joins their account.
      const api = storefrontApi(request, locals.customerToken);
      created = await holdOrder(api, organizer.slug, String(form.get(ORDER_KEY_FIELD) ?? ''), {
        buyer: {
          name: cart.name,
          email: cart.email,
          locale: locals.locale,
          marketing_consent: cart.marketingConsent,
        },
        ...cartBody(lines),
        ...(cart.promoCode ? { promo_code: cart.promoCode } : {}),
      }).finally(() => forgetEventsOf(organizer.slug));
    } catch (cause) {
      const t = messagesFor(locals.locale);
      const problem = formProblem(cause, t);
      if (problem.status === 401 && locals.customerToken) {
        // The session ended (expired, or signed out elsewhere): sign out here too, and let the
        // buyer choose between signing in again and buying as a guest.
        endCustomerSession(request);
        return checkoutFailure(401, cart, t.sessionEnded, { sessionEnded: true });
      }
      return checkoutFailure(problem.status, cart, problem.message, {
        fields: cartFieldErrors(problem.details, lines),
        lang: problem.lang,
      });
    }
    redirect(303, orderHref(created.order.id, created.access_token));
  },

  /** Puts the buyer in line for a sold-out tier. */
  waitlist: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    const event = await loadEvent(request, organizer);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const tier = event.tiers.find((candidate) => candidate.id === tierId);
    if (!tier) error(404, messagesFor(locals.locale).eventNotFound);
    const values = {
      name: String(form.get('name') ?? '')
        .trim()
        .slice(0, 200),
      email: String(form.get('email') ?? '')
        .trim()
        .slice(0, 254),
      quantity: Number(form.get('quantity')) || 1,
    };
    try {
      const place = await storefrontApi(request).joinWaitlist({
        params: { path: { slug: organizer.slug } },
        body: { tier_id: tier.id, ...values, locale: locals.locale },
      });
      const waitlist: WaitlistState = {
        tierId: tier.id,
        values,
        position: place.position_in_line,
        message: null,
        fields: {},
        lang: undefined,
      };
      return { waitlist };
    } catch (cause) {
      const problem = formProblem(cause, messagesFor(locals.locale));
      const fields: Record<string, string> = {};
      for (const { field, message } of problem.details) {
        const name = field.replace(/^body\./, '');
        if (name === 'name' || name === 'email' || name === 'quantity') fields[name] ??= message;
      }
      const waitlist: WaitlistState = {
        tierId: tier.id,
        values,
        position: null,
        message: problem.message,
        fields,
        lang: problem.lang,
      };
      return fail(problem.status, { waitlist });
    }
  },
};
