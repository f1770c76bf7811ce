import { describe, expect, it } from 'vitest';
import { cartFieldErrors, cartTickets, quantityChoices, quantityField, readCartForm, waitlistOpen } from './cart';

const now = new Date('2026-11-01T12:00:00Z');
const tier = {
  id: '6f1c2b9e-0000-4000-8000-000000000001',
  sold_out: false,
  on_sale: true,
  remaining: 300,
  sales_start_at: null,
  sales_end_at: null,
  min_per_order: 1,
  max_per_order: 6,
};

describe('quantityChoices', () => {
  it('offers none, or one up to the most per order', () => {
    expect(quantityChoices(tier, now)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('starts at the minimum per order and never offers more than are left', () => {
    expect(quantityChoices({ ...tier, min_per_order: 2, max_per_order: 4 }, now)).toEqual([0, 2, 3, 4]);
    expect(quantityChoices({ ...tier, remaining: 3 }, now)).toEqual([0, 1, 2, 3]);
  });

  it('offers nothing for a tier that cannot be bought now', () => {
    expect(quantityChoices({ ...tier, sold_out: true, on_sale: false, remaining: 0 }, now)).toEqual([]);
    expect(quantityChoices({ ...tier, on_sale: false, sales_start_at: '2026-11-15T14:00:00Z' }, now)).toEqual([]);
    expect(quantityChoices({ ...tier, remaining: 1, min_per_order: 2 }, now)).toEqual([]);
  });
});

describe('waitlistOpen', () => {
  it('opens for sold-out tiers and for tiers with fewer left than their minimum', () => {
    expect(waitlistOpen({ ...tier, sold_out: true, on_sale: false, remaining: 0 }, now)).toBe(true);
    expect(waitlistOpen({ ...tier, remaining: 1, min_per_order: 2 }, now)).toBe(true);
  });

  it('stays shut while tickets can be bought, or before sales open', () => {
    expect(waitlistOpen(tier, now)).toBe(false);
    expect(waitlistOpen({ ...tier, on_sale: false, sales_start_at: '2026-11-15T14:00:00Z' }, now)).toBe(false);
  });
});

describe('readCartForm', () => {
  const second = { ...tier, id: '6f1c2b9e-0000-4000-8000-000000000002' };

  it('reads the quantities of the listed tiers and the buyer, trimmed', () => {
    const form = new FormData();
    form.set(quantityField(tier.id), '2');
    form.set(quantityField(second.id), '0');
    form.set(quantityField('someone-elses-tier'), '5');
    form.set('name', '  Amara Okafor ');
    form.set('email', 'amara@example.org');
    form.set('promo_code', ' GRIOT10 ');
    const cart = readCartForm(form, [tier, second]);
    expect(cart).toEqual({
      name: 'Amara Okafor',
      email: 'amara@example.org',
      promoCode: 'GRIOT10',
      quantities: { [tier.id]: 2 },
    });
    expect(cartTickets(cart, [tier, second])).toEqual([{ tier_id: tier.id, quantity: 2 }]);
  });

  it('ignores quantities that are not whole positive numbers', () => {
    const form = new FormData();
    form.set(quantityField(tier.id), '-1');
    form.set(quantityField(second.id), '1.5');
    expect(readCartForm(form, [tier, second]).quantities).toEqual({});
  });
});

describe('cartFieldErrors', () => {
  it("names the page's fields the API's details are about", () => {
    const tickets = [
      { tier_id: 'tier-a', quantity: 1 },
      { tier_id: 'tier-b', quantity: 9 },
    ];
    expect(
      cartFieldErrors(
        [
          { field: 'body.buyer.email', message: 'must be an email address' },
          { field: 'body.tickets.1.quantity', message: 'at most 6' },
          { field: 'body.tickets.1.tier_id', message: 'sold out' },
          { field: 'body.promo_code', message: 'not a valid code' },
          { field: 'body.tickets', message: 'the event is full' },
        ],
        tickets,
      ),
    ).toEqual({
      email: 'must be an email address',
      [quantityField('tier-b')]: 'at most 6',
      promo_code: 'not a valid code',
    });
  });
});
