import type { ApiErrorDetail } from './api-types';
import { formatAmountInput, minorUnitDigits, type TierSaleState, tierAvailability } from './format';

export interface TierLimits extends TierSaleState {
  id: string;
  min_per_order: number;
  max_per_order: number;
}

/** What an event page offers a buyer to put in one order. */
export interface EventOffer {
  id: string;
  currency: string;
  tiers: readonly { id: string }[];
  add_ons: readonly { id: string }[];
  donations_enabled: boolean;
  attendee_names: 'off' | 'optional' | 'required';
}

/** The form field holding how many tickets of a tier the buyer wants. */
export function quantityField(tierId: string): string {
  return `quantity.${tierId}`;
}

/** The form field holding how many of an add-on the buyer wants. */
export function addOnField(productId: string): string {
  return `add_on.${productId}`;
}

/** The form field holding the name on the `n`th ticket (from 0) of a tier. */
export function attendeeField(tierId: string, n: number): string {
  return `attendee.${tierId}.${n}`;
}

/** Where the page says what is wrong with the names on a tier's tickets. */
export function attendeesProblemField(tierId: string): string {
  return `attendees.${tierId}`;
}

/** The donation as typed, in the currency's units (dollars). */
export const DONATION_FIELD = 'donation';
/** A suggested amount's button: its value, in minor units, replaces what was typed. */
export const DONATION_PICK_FIELD = 'donation_pick';

/** The API's bounds of one gift, in minor units. */
export const MIN_DONATION = 100;
export const MAX_DONATION = 10_000_000;

/**
 * The quantities a buyer may pick for a tier: none, or from its minimum to its maximum per
 * order but never more than are left. Empty when the tier cannot be bought now, including when
 * fewer are left than its minimum.
 */
export function quantityChoices(tier: TierLimits, now: Date = new Date()): number[] {
  if (tierAvailability(tier, now).kind !== 'on_sale') return [];
  const most = Math.min(tier.max_per_order, tier.remaining);
  const least = Math.max(1, tier.min_per_order);
  if (most < least) return [];
  return [0, ...Array.from({ length: most - least + 1 }, (_, i) => least + i)];
}

/** The quantities of an add-on a buyer may pick: none up to its most per order, never more than are left. */
export function addOnChoices(addOn: { remaining: number; sold_out: boolean; max_per_order: number }): number[] {
  const most = addOn.sold_out ? 0 : Math.min(addOn.max_per_order, addOn.remaining);
  return most > 0 ? Array.from({ length: most + 1 }, (_, i) => i) : [];
}

/**
 * Whether the waitlist is the way to get this tier: it is sold out, or on sale with fewer
 * left than its minimum per order (the API's rule is "fewer left than wanted").
 */
export function waitlistOpen(tier: TierLimits, now: Date = new Date()): boolean {
  const availability = tierAvailability(tier, now);
  return (
    availability.kind === 'sold_out' ||
    (availability.kind === 'on_sale' && availability.remaining < Math.max(1, tier.min_per_order))
  );
}

/** What the buyer filled in on the event page; kept to show the form again as it was. */
export interface CartForm {
  name: string;
  email: string;
  promoCode: string;
  /** Ticked "send me news" (never ticked for the buyer). */
  marketingConsent: boolean;
  /** Tickets wanted per tier id; tiers left at 0 are absent. */
  quantities: Record<string, number>;
  /** Add-ons wanted per product id; those left at 0 are absent. */
  addOns: Record<string, number>;
  /** The donation as typed (empty for none). */
  donation: string;
  /** The names typed for each ticket, per tier id (only when the event asks for names). */
  attendees: Record<string, string[]>;
}

function text(form: FormData, name: string, maxLength: number): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
}

function count(form: FormData, name: string): number {
  const quantity = Number(text(form, name, 4));
  return Number.isInteger(quantity) && quantity > 0 ? Math.min(quantity, 100) : 0;
}

/** Reads the event page's form for what that page offers; anything else posted is ignored. */
export function readCartForm(form: FormData, offer: EventOffer): CartForm {
  const quantities: Record<string, number> = {};
  const attendees: Record<string, string[]> = {};
  for (const tier of offer.tiers) {
    const quantity = count(form, quantityField(tier.id));
    if (quantity === 0) continue;
    quantities[tier.id] = quantity;
    if (offer.attendee_names !== 'off') {
      attendees[tier.id] = Array.from({ length: quantity }, (_, n) => text(form, attendeeField(tier.id, n), 200));
    }
  }
  const addOns: Record<string, number> = {};
  for (const addOn of offer.add_ons) {
    const quantity = count(form, addOnField(addOn.id));
    if (quantity > 0) addOns[addOn.id] = quantity;
  }
  let donation = '';
  if (offer.donations_enabled) {
    const picked = Number(text(form, DONATION_PICK_FIELD, 12));
    donation =
      Number.isInteger(picked) && picked >= MIN_DONATION && picked <= MAX_DONATION
        ? formatAmountInput(picked, offer.currency)
        : text(form, DONATION_FIELD, 20);
  }
  return {
    name: text(form, 'name', 200),
    email: text(form, 'email', 254),
    promoCode: text(form, 'promo_code', 40),
    marketingConsent: form.get('marketing_consent') === 'yes',
    quantities,
    addOns,
    donation,
    attendees,
  };
}

export type AmountReading = { kind: 'none' } | { kind: 'amount'; minorUnits: number } | { kind: 'unreadable' };

/**
 * An amount as a person types it, in the currency's units: `25`, `12.50`, `12,50`, `$1,000`.
 * Exact, in minor units: no floating point between the buyer and the charge.
 */
export function readAmount(typed: string, currency: string): AmountReading {
  const cleaned = typed.replace(/[\s\u00a0]/g, '').replace(/^(?:[A-Za-z]{0,3}\p{Sc}|[A-Z]{3}(?=\d))/u, '');
  if (cleaned === '') return { kind: 'none' };
  const digits = minorUnitDigits(currency);
  const fraction = digits > 0 ? `(?:[.,](\\d{1,${digits}}))?` : '';
  // Grouped thousands (1,000.50) or a plain number with either decimal mark (1000,50).
  const grouped = new RegExp(`^(\\d{1,3}(?:,\\d{3})+)${digits > 0 ? `(?:\\.(\\d{1,${digits}}))?` : ''}$`).exec(cleaned);
  const plain = new RegExp(`^(\\d+)${fraction}$`).exec(cleaned);
  const match = plain ?? grouped;
  if (!match) return { kind: 'unreadable' };
  const whole = (match[1] ?? '0').replace(/,/g, '');
  const cents = (match[2] ?? '').padEnd(digits, '0');
  const minorUnits = Number(whole) * 10 ** digits + (digits > 0 ? Number(cents) : 0);
  return Number.isSafeInteger(minorUnits) ? { kind: 'amount', minorUnits } : { kind: 'unreadable' };
}

/** The cart as the API takes it: tickets (with their names), add-ons and the donation, in page order. */
export interface CartLines {
  tickets: { tier_id: string; quantity: number; attendee_names?: string[] }[];
  add_ons: { product_id: string; quantity: number }[];
  donations: { event_id: string; amount_cents: number }[];
}

export function cartLines(cart: CartForm, offer: EventOffer): CartLines {
  const tickets = offer.tiers.flatMap((tier) => {
    const quantity = cart.quantities[tier.id];
    if (!quantity) return [];
    const names = cart.attendees[tier.id] ?? [];
    return [{ tier_id: tier.id, quantity, ...(names.some(Boolean) ? { attendee_names: names } : {}) }];
  });
  const addOns = offer.add_ons.flatMap((addOn) => {
    const quantity = cart.addOns[addOn.id];
    return quantity ? [{ product_id: addOn.id, quantity }] : [];
  });
  const amount = readAmount(cart.donation, offer.currency);
  const donations = amount.kind === 'amount' ? [{ event_id: offer.id, amount_cents: amount.minorUnits }] : [];
  return { tickets, add_ons: addOns, donations };
}

/** Only what the cart holds: the API takes no empty lists of a kind. */
export function cartBody(lines: CartLines): Partial<CartLines> {
  return {
    ...(lines.tickets.length ? { tickets: lines.tickets } : {}),
    ...(lines.add_ons.length ? { add_ons: lines.add_ons } : {}),
    ...(lines.donations.length ? { donations: lines.donations } : {}),
  };
}

export function cartIsEmpty(lines: CartLines): boolean {
  return lines.tickets.length + lines.add_ons.length + lines.donations.length === 0;
}

/** What is wrong with the donation as typed, or null: unreadable, below the least or above the most. */
export function donationProblem(
  cart: CartForm,
  currency: string,
): { kind: 'unreadable' } | { kind: 'too_small' | 'too_large'; limit: number } | null {
  const amount = readAmount(cart.donation, currency);
  if (amount.kind === 'unreadable') return { kind: 'unreadable' };
  if (amount.kind === 'none') return null;
  if (amount.minorUnits < MIN_DONATION) return { kind: 'too_small', limit: MIN_DONATION };
  if (amount.minorUnits > MAX_DONATION) return { kind: 'too_large', limit: MAX_DONATION };
  return null;
}

/**
 * The API's per-field problems as the event page's field names: `body.buyer.email` → `email`,
 * `body.tickets.1.quantity` → the quantity field of the second ticket line's tier, its
 * `attendee_names` → that tier's names, `body.add_ons.0.…` → that add-on's quantity,
 * `body.donations.0.…` → the donation. The first problem of a field wins; problems with no field
 * on the page are left to the form's message.
 */
export function cartFieldErrors(details: readonly ApiErrorDetail[], lines: CartLines): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of details) {
    const path = field.replace(/^body\./, '');
    let name: string | undefined;
    if (path === 'buyer.name') name = 'name';
    else if (path === 'buyer.email') name = 'email';
    else if (path === 'promo_code') name = 'promo_code';
    else if (/^donations(\.|$)/.test(path)) name = DONATION_FIELD;
    else {
      const ticket = /^tickets\.(\d+)(?:\.(\w+))?/.exec(path);
      const tierId = ticket ? lines.tickets[Number(ticket[1])]?.tier_id : undefined;
      if (tierId) name = ticket?.[2] === 'attendee_names' ? attendeesProblemField(tierId) : quantityField(tierId);
      const addOn = /^add_ons\.(\d+)/.exec(path);
      const productId = addOn ? lines.add_ons[Number(addOn[1])]?.product_id : undefined;
      if (productId) name = addOnField(productId);
    }
    if (name) errors[name] ??= message;
  }
  return errors;
}
