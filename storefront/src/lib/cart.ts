import type { ApiErrorDetail } from './api-types';
import { type TierSaleState, tierAvailability } from './format';

export interface TierLimits extends TierSaleState {
  id: string;
  min_per_order: number;
  max_per_order: number;
}

/** The form field holding how many tickets of a tier the buyer wants. */
export function quantityField(tierId: string): string {
  return `quantity.${tierId}`;
}

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
  /** Tickets wanted per tier id; tiers left at 0 are absent. */
  quantities: Record<string, number>;
}

function text(form: FormData, name: string, maxLength: number): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
}

/** Reads the event page's form for the tiers on that page; anything else posted is ignored. */
export function readCartForm(form: FormData, tiers: readonly { id: string }[]): CartForm {
  const quantities: Record<string, number> = {};
  for (const tier of tiers) {
    const quantity = Number(text(form, quantityField(tier.id), 4));
    if (Number.isInteger(quantity) && quantity > 0) quantities[tier.id] = Math.min(quantity, 100);
  }
  return {
    name: text(form, 'name', 200),
    email: text(form, 'email', 254),
    promoCode: text(form, 'promo_code', 40),
    quantities,
  };
}

/** The cart's ticket lines in the order the tiers are listed. */
export function cartTickets(cart: CartForm, tiers: readonly { id: string }[]): { tier_id: string; quantity: number }[] {
  return tiers.flatMap((tier) => {
    const quantity = cart.quantities[tier.id];
    return quantity ? [{ tier_id: tier.id, quantity }] : [];
  });
}

/**
 * The API's per-field problems as the event page's field names: `body.buyer.email` → `email`,
 * `body.tickets.1.quantity` → the quantity field of the second ticket line's tier. The first
 * problem of a field wins; problems with no field on the page are left to the form's message.
 */
export function cartFieldErrors(
  details: readonly ApiErrorDetail[],
  tickets: readonly { tier_id: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of details) {
    const path = field.replace(/^body\./, '');
    let name: string | undefined;
    if (path === 'buyer.name') name = 'name';
    else if (path === 'buyer.email') name = 'email';
    else if (path === 'promo_code') name = 'promo_code';
    else {
      const line = /^tickets\.(\d+)(\.|$)/.exec(path);
      const tierId = line ? tickets[Number(line[1])]?.tier_id : undefined;
      if (tierId) name = quantityField(tierId);
    }
    if (name) errors[name] ??= message;
  }
  return errors;
}
