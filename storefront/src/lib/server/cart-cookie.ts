import type { Cookies } from '@sveltejs/kit';
import type { CartLines } from '../cart';
import { isUuid } from './orders';

/**
 * The buyer's cart across this store's events, kept in a cookie of the store's own host until
 * they check out: what they chose, never a price (prices are the API's, asked when shown).
 */
export interface StoredCart {
  tickets: { event_id: string; tier_id: string; quantity: number }[];
  add_ons: { event_id: string; product_id: string; quantity: number }[];
  donations: { event_id: string; amount_cents: number }[];
}

export const CART_COOKIE = 'ap_cart';
// As many lines of a kind as one order may have.
const MOST_LINES = 20;
const MOST_QUANTITY = 100;
const KEEP_SECONDS = 14 * 86_400;

export function emptyCart(): StoredCart {
  return { tickets: [], add_ons: [], donations: [] };
}

const quantity = (value: unknown) =>
  Number.isInteger(value) && (value as number) > 0 ? Math.min(value as number, MOST_QUANTITY) : 0;

/** The cart in the cookie; anything in it that is not a line of a cart is left out. */
export function readStoredCart(cookies: Cookies): StoredCart {
  const raw = cookies.get(CART_COOKIE);
  if (!raw) return emptyCart();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return emptyCart();
  }
  if (typeof parsed !== 'object' || parsed === null) return emptyCart();
  const kept = parsed as Partial<Record<keyof StoredCart, unknown>>;
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null).slice(0, MOST_LINES) : [];
  const id = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value : null);
  return {
    tickets: list(kept.tickets).flatMap((line) => {
      const [eventId, tierId, count] = [id(line.event_id), id(line.tier_id), quantity(line.quantity)];
      return eventId && tierId && count ? [{ event_id: eventId, tier_id: tierId, quantity: count }] : [];
    }),
    add_ons: list(kept.add_ons).flatMap((line) => {
      const [eventId, productId, count] = [id(line.event_id), id(line.product_id), quantity(line.quantity)];
      return eventId && productId && count ? [{ event_id: eventId, product_id: productId, quantity: count }] : [];
    }),
    donations: list(kept.donations).flatMap((line) => {
      const eventId = id(line.event_id);
      const amount = line.amount_cents;
      return eventId && Number.isSafeInteger(amount) && (amount as number) > 0
        ? [{ event_id: eventId, amount_cents: amount as number }]
        : [];
    }),
  };
}

/** Keeps the cart for this host; over plain http (a store on this machine) the cookie cannot be `Secure`. */
export function saveStoredCart({ cookies, url }: { cookies: Cookies; url: URL }, cart: StoredCart): void {
  const scope = { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
  if (storedCartCount(cart) === 0) {
    cookies.delete(CART_COOKIE, scope);
    return;
  }
  cookies.set(CART_COOKIE, JSON.stringify(cart), { ...scope, maxAge: KEEP_SECONDS });
}

/**
 * The cart with what the buyer chose on one event's page: a tier, add-on or gift already in the
 * cart takes the new quantity or amount, as the buyer last chose it.
 */
export function addToStoredCart(cart: StoredCart, eventId: string, lines: CartLines): StoredCart {
  const tickets = [...cart.tickets];
  for (const line of lines.tickets) {
    const at = tickets.findIndex((kept) => kept.tier_id === line.tier_id);
    const added = { event_id: eventId, tier_id: line.tier_id, quantity: line.quantity };
    if (at >= 0) tickets[at] = added;
    else tickets.push(added);
  }
  const addOns = [...cart.add_ons];
  for (const line of lines.add_ons) {
    const at = addOns.findIndex((kept) => kept.product_id === line.product_id);
    const added = { event_id: eventId, product_id: line.product_id, quantity: line.quantity };
    if (at >= 0) addOns[at] = added;
    else addOns.push(added);
  }
  const donations = [
    ...cart.donations.filter((kept) => !lines.donations.some((line) => line.event_id === kept.event_id)),
    ...lines.donations,
  ];
  return {
    tickets: tickets.slice(0, MOST_LINES),
    add_ons: addOns.slice(0, MOST_LINES),
    donations: donations.slice(0, MOST_LINES),
  };
}

/** How many things the cart holds, as its link in the header counts them: tickets, add-ons and gifts. */
export function storedCartCount(cart: StoredCart): number {
  const count = (lines: { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);
  return count(cart.tickets) + count(cart.add_ons) + cart.donations.length;
}

/** The events the cart has lines of, each once, in the order they were added. */
export function storedCartEvents(cart: StoredCart): string[] {
  return [...new Set([...cart.tickets, ...cart.add_ons, ...cart.donations].map((line) => line.event_id))];
}
