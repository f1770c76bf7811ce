import { AccessPlusError } from '@accessplus/sdk';
import { fail, redirect } from '@sveltejs/kit';
import type { BuyerOrder, PublicEvent, PublicOrganizer, Quote } from '$lib/api-types';
import {
  addOnField,
  attendeeField,
  attendeesProblemField,
  type CartLines,
  cartBody,
  cartFieldErrors,
  quantityField,
} from '$lib/cart';
import { messagesFor } from '$lib/messages';
import { ORDER_KEY_FIELD, orderHref } from '$lib/orders';
import { storefrontApi } from '$lib/server/api';
import { emptyCart, readStoredCart, type StoredCart, saveStoredCart, storedCartEvents } from '$lib/server/cart-cookie';
import { endCustomerSession, signedInCustomer } from '$lib/server/customer-session';
import { forgetEventsOf } from '$lib/server/events';
import { holdOrder, newOrderKey } from '$lib/server/orders';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The cart's events as the catalog has them now; one no longer on sale is left out. */
async function cartEvents(
  request: RequestEvent,
  organizer: PublicOrganizer,
  cart: StoredCart,
): Promise<Map<string, PublicEvent>> {
  const api = storefrontApi(request);
  const found = await Promise.all(
    storedCartEvents(cart).map((eventId) =>
      api.getCatalogEvent({ params: { path: { event_id: eventId } } }).catch((cause) => {
        if (cause instanceof AccessPlusError && cause.status === 404) return null;
        throw cause;
      }),
    ),
  );
  const ours = found.filter((event): event is PublicEvent => event?.organizer.slug === organizer.slug);
  return new Map(ours.map((event) => [event.id, event]));
}

/** The cart without lines of events, tiers or add-ons that are gone from the store. */
function stillOnSale(cart: StoredCart, events: Map<string, PublicEvent>): StoredCart {
  return {
    tickets: cart.tickets.filter((line) => events.get(line.event_id)?.tiers.some((tier) => tier.id === line.tier_id)),
    add_ons: cart.add_ons.filter((line) =>
      events.get(line.event_id)?.add_ons.some((addOn) => addOn.id === line.product_id),
    ),
    donations: cart.donations.filter((line) => events.get(line.event_id)?.donations_enabled),
  };
}

/** The cart as the API takes it, with the names typed for each ticket. */
function orderLines(cart: StoredCart, names: Record<string, string[]> = {}): CartLines {
  return {
    tickets: cart.tickets.map(({ tier_id, quantity }) => {
      const typed = names[tier_id] ?? [];
      return { tier_id, quantity, ...(typed.some(Boolean) ? { attendee_names: typed } : {}) };
    }),
    add_ons: cart.add_ons.map(({ product_id, quantity }) => ({ product_id, quantity })),
    donations: cart.donations,
  };
}

/** The cart's quantities as the buyer set them on the page; a line set to none leaves the cart. */
function withQuantities(cart: StoredCart, form: FormData): StoredCart {
  const count = (field: string, kept: number) => {
    const value = form.get(field);
    if (typeof value !== 'string') return kept;
    const quantity = Number(value);
    return Number.isInteger(quantity) && quantity >= 0 ? Math.min(quantity, 100) : kept;
  };
  return {
    tickets: cart.tickets
      .map((line) => ({ ...line, quantity: count(quantityField(line.tier_id), line.quantity) }))
      .filter((line) => line.quantity > 0),
    add_ons: cart.add_ons
      .map((line) => ({ ...line, quantity: count(addOnField(line.product_id), line.quantity) }))
      .filter((line) => line.quantity > 0),
    donations: cart.donations,
  };
}

/** The buyer's details as typed, kept to show the form again as it was. */
interface BuyerForm {
  name: string;
  email: string;
  promoCode: string;
  /** Ticked "send me news": never ticked for the buyer. */
  marketingConsent: boolean;
  attendees: Record<string, string[]>;
}

function readBuyerForm(form: FormData, cart: StoredCart, events: Map<string, PublicEvent>): BuyerForm {
  const text = (name: string, maxLength: number) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
  };
  const attendees: Record<string, string[]> = {};
  for (const line of cart.tickets) {
    if (events.get(line.event_id)?.attendee_names === 'off') continue;
    attendees[line.tier_id] = Array.from({ length: line.quantity }, (_, n) =>
      text(attendeeField(line.tier_id, n), 200),
    );
  }
  return {
    name: text('name', 200),
    email: text('email', 254),
    promoCode: text('promo_code', 40),
    marketingConsent: form.get('marketing_consent') === 'yes',
    attendees,
  };
}

export const load: PageServerLoad = async (request) => {
  const { locals, cookies } = request;
  const organizer = requireOrganizer(locals);
  const stored = readStoredCart(cookies);
  const events = await cartEvents(request, organizer, stored);
  const cart = stillOnSale(stored, events);
  const changed = JSON.stringify(cart) !== JSON.stringify(stored);
  if (changed) saveStoredCart(request, cart);
  // The cart is this visitor's own, and its buy form carries a key of its own.
  request.setHeaders({ 'cache-control': 'private, no-store' });
  let quote: Quote | null = null;
  let problem: { message: string; fields: Record<string, string>; lang: string | undefined } | null = null;
  const lines = orderLines(cart);
  if (lines.tickets.length + lines.add_ons.length + lines.donations.length > 0) {
    try {
      quote = await storefrontApi(request).quoteCart({
        params: { path: { slug: organizer.slug } },
        body: cartBody(lines),
      });
    } catch (cause) {
      const found = formProblem(cause, messagesFor(locals.locale));
      problem = { message: found.message, fields: cartFieldErrors(found.details, lines), lang: found.lang };
    }
  }
  const customer = await signedInCustomer(request, organizer);
  return {
    cart,
    customer: customer ? { name: customer.name, email: customer.email } : null,
    events: [...events.values()],
    quote,
    problem,
    changed,
    orderKey: newOrderKey(),
  };
};

/** The checkout form as posted, shown again with what went wrong, or with its new total. */
function shownAgain(
  status: number,
  buyer: BuyerForm,
  message: string | null,
  fields: Record<string, string> = {},
  lang?: string,
) {
  const checkout = { buyer, message, fields, lang };
  return status < 400 ? { checkout } : fail(status, { checkout });
}

export const actions: Actions = {
  /** Takes the quantities the buyer changed; the page then shows the new total. */
  update: async (request) => {
    const { locals, cookies } = request;
    const organizer = requireOrganizer(locals);
    const form = await request.request.formData();
    const stored = readStoredCart(cookies);
    const events = await cartEvents(request, organizer, stored);
    const cart = withQuantities(stillOnSale(stored, events), form);
    saveStoredCart(request, cart);
    return shownAgain(200, readBuyerForm(form, cart, events), null);
  },

  /** Takes one line out of the cart. */
  remove: async (request) => {
    const { cookies } = request;
    const line = String((await request.request.formData()).get('line') ?? '');
    const [kind, id] = line.split(':');
    const cart = readStoredCart(cookies);
    saveStoredCart(request, {
      tickets: cart.tickets.filter((kept) => !(kind === 'ticket' && kept.tier_id === id)),
      add_ons: cart.add_ons.filter((kept) => !(kind === 'add_on' && kept.product_id === id)),
      donations: cart.donations.filter((kept) => !(kind === 'donation' && kept.event_id === id)),
    });
    redirect(303, '/cart');
  },

  /** Holds everything in the cart as one order and opens its page to pay. */
  checkout: async (request) => {
    const { locals, cookies } = request;
    const organizer = requireOrganizer(locals);
    const t = messagesFor(locals.locale);
    const form = await request.request.formData();
    const stored = readStoredCart(cookies);
    const events = await cartEvents(request, organizer, stored);
    const cart = withQuantities(stillOnSale(stored, events), form);
    saveStoredCart(request, cart);
    const buyer = readBuyerForm(form, cart, events);
    const lines = orderLines(cart, buyer.attendees);
    if (lines.tickets.length + lines.add_ons.length + lines.donations.length === 0) {
      return shownAgain(400, buyer, t.cartEmpty);
    }
    const fields: Record<string, string> = {};
    for (const line of cart.tickets) {
      const names = buyer.attendees[line.tier_id];
      if (events.get(line.event_id)?.attendee_names === 'required' && names?.some((name) => !name)) {
        fields[attendeesProblemField(line.tier_id)] = t.enterAttendeeNames;
      }
    }
    if (!buyer.name) fields.name = t.enterName;
    if (!buyer.email) fields.email = t.enterEmail;
    const first = Object.values(fields)[0];
    if (first) return shownAgain(400, buyer, first, fields);
    let created: BuyerOrder;
    try {
      created = await holdOrder(
        storefrontApi(request, locals.customerToken),
        organizer.slug,
        String(form.get(ORDER_KEY_FIELD) ?? ''),
        {
          buyer: {
            name: buyer.name,
            email: buyer.email,
            locale: locals.locale,
            marketing_consent: buyer.marketingConsent,
          },
          ...cartBody(lines),
          ...(buyer.promoCode ? { promo_code: buyer.promoCode } : {}),
        },
      ).finally(() => forgetEventsOf(organizer.slug));
    } catch (cause) {
      const problem = formProblem(cause, t);
      if (problem.status === 401 && locals.customerToken) {
        endCustomerSession(request);
        return shownAgain(401, buyer, t.sessionEnded);
      }
      return shownAgain(problem.status, buyer, problem.message, cartFieldErrors(problem.details, lines), problem.lang);
    }
    saveStoredCart(request, emptyCart());
    redirect(303, orderHref(created.order.id, created.access_token));
  },
};
