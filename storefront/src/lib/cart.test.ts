import { describe, expect, it } from 'vitest';
import {
  addOnChoices,
  addOnField,
  attendeeField,
  attendeesProblemField,
  cartBody,
  cartFieldErrors,
  cartLines,
  DONATION_FIELD,
  DONATION_PICK_FIELD,
  donationProblem,
  type EventOffer,
  quantityChoices,
  quantityField,
  readAmount,
  readCartForm,
  waitlistOpen,
} from './cart';

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

describe('addOnChoices', () => {
  it('offers none up to the most per order, never more than are left, and nothing once sold out', () => {
    expect(addOnChoices({ remaining: 50, sold_out: false, max_per_order: 3 })).toEqual([0, 1, 2, 3]);
    expect(addOnChoices({ remaining: 2, sold_out: false, max_per_order: 10 })).toEqual([0, 1, 2]);
    expect(addOnChoices({ remaining: 0, sold_out: true, max_per_order: 10 })).toEqual([]);
  });
});

describe('readAmount', () => {
  it.each([
    ['25', 2500],
    ['12.5', 1250],
    ['12.50', 1250],
    ['12,50', 1250],
    ['$ 1,000', 100000],
    ['1,000.25', 100025],
    ['US$40', 4000],
  ])('reads %s as %i cents', (typed, cents) => {
    expect(readAmount(typed, 'USD')).toEqual({ kind: 'amount', minorUnits: cents });
  });

  it('reads nothing typed as no amount, and refuses what is not one', () => {
    expect(readAmount('  ', 'USD')).toEqual({ kind: 'none' });
    for (const typed of ['-5', '1.234,50', '12.345', 'ten', '1e3', '.5']) {
      expect(readAmount(typed, 'USD'), typed).toEqual({ kind: 'unreadable' });
    }
  });

  it('keeps to the currency’s minor unit', () => {
    expect(readAmount('1500', 'JPY')).toEqual({ kind: 'amount', minorUnits: 1500 });
    expect(readAmount('15.5', 'JPY')).toEqual({ kind: 'unreadable' });
  });
});

const offer: EventOffer = {
  id: '6f1c2b9e-0000-4000-8000-0000000000e1',
  currency: 'USD',
  tiers: [tier, { ...tier, id: '6f1c2b9e-0000-4000-8000-000000000002' }],
  add_ons: [{ id: '6f1c2b9e-0000-4000-8000-0000000000a1' }],
  donations_enabled: true,
  attendee_names: 'optional',
};
const [first, second] = offer.tiers as [{ id: string }, { id: string }];
const [shirt] = offer.add_ons as [{ id: string }];

describe('readCartForm', () => {
  it('reads the quantities, add-ons, donation, names and buyer of what the page offers, trimmed', () => {
    const form = new FormData();
    form.set(quantityField(first.id), '2');
    form.set(quantityField(second.id), '0');
    form.set(quantityField('someone-elses-tier'), '5');
    form.set(attendeeField(first.id, 0), ' Abebe Bikila ');
    form.set(attendeeField(first.id, 2), 'Beyond the quantity');
    form.set(addOnField(shirt.id), '3');
    form.set(addOnField('someone-elses-add-on'), '1');
    form.set(DONATION_FIELD, ' 12.50 ');
    form.set('name', '  Amara Okafor ');
    form.set('email', 'amara@example.org');
    form.set('promo_code', ' GRIOT10 ');
    form.set('marketing_consent', 'yes');
    const cart = readCartForm(form, offer);
    expect(cart).toEqual({
      name: 'Amara Okafor',
      email: 'amara@example.org',
      promoCode: 'GRIOT10',
      marketingConsent: true,
      quantities: { [first.id]: 2 },
      addOns: { [shirt.id]: 3 },
      donation: '12.50',
      attendees: { [first.id]: ['Abebe Bikila', ''] },
    });
    expect(cartBody(cartLines(cart, offer))).toEqual({
      tickets: [{ tier_id: first.id, quantity: 2, attendee_names: ['Abebe Bikila', ''] }],
      add_ons: [{ product_id: shirt.id, quantity: 3 }],
      donations: [{ event_id: offer.id, amount_cents: 1250 }],
    });
  });

  it('takes a suggested amount over what was typed, and nothing of what the event does not offer', () => {
    const form = new FormData();
    form.set(DONATION_FIELD, '3');
    form.set(DONATION_PICK_FIELD, '2500');
    form.set(quantityField(first.id), '1');
    form.set(attendeeField(first.id, 0), 'Abebe Bikila');
    expect(readCartForm(form, offer).donation).toBe('25.00');
    const plain = readCartForm(form, { ...offer, donations_enabled: false, attendee_names: 'off' });
    expect(plain).toMatchObject({ donation: '', attendees: {} });
    expect(cartBody(cartLines(plain, offer))).toEqual({ tickets: [{ tier_id: first.id, quantity: 1 }] });
  });

  it('ignores quantities that are not whole positive numbers', () => {
    const form = new FormData();
    form.set(quantityField(first.id), '-1');
    form.set(quantityField(second.id), '1.5');
    form.set(addOnField(shirt.id), 'lots');
    const cart = readCartForm(form, offer);
    expect(cart.quantities).toEqual({});
    expect(cart.addOns).toEqual({});
  });
});

describe('donationProblem', () => {
  const cart = (donation: string) => ({ ...readCartForm(new FormData(), offer), donation });
  it('says what is wrong with a donation, and nothing of none or a good one', () => {
    expect(donationProblem(cart(''), 'USD')).toBeNull();
    expect(donationProblem(cart('1.00'), 'USD')).toBeNull();
    expect(donationProblem(cart('0.99'), 'USD')).toEqual({ kind: 'too_small', limit: 100 });
    expect(donationProblem(cart('100000.01'), 'USD')).toEqual({ kind: 'too_large', limit: 10_000_000 });
    expect(donationProblem(cart('a lot'), 'USD')).toEqual({ kind: 'unreadable' });
  });
});

describe('cartFieldErrors', () => {
  it("names the page's fields the API's details are about", () => {
    const lines = {
      tickets: [
        { tier_id: 'tier-a', quantity: 1 },
        { tier_id: 'tier-b', quantity: 9 },
      ],
      add_ons: [{ product_id: 'shirt', quantity: 2 }],
      donations: [{ event_id: 'event', amount_cents: 500 }],
    };
    expect(
      cartFieldErrors(
        [
          { field: 'body.buyer.email', message: 'must be an email address' },
          { field: 'body.tickets.1.quantity', message: 'at most 6' },
          { field: 'body.tickets.1.tier_id', message: 'sold out' },
          { field: 'body.tickets.0.attendee_names', message: 'needs 1 non-blank names' },
          { field: 'body.add_ons.0.product_id', message: 'sold out' },
          { field: 'body.donations.0.event_id', message: 'This event does not take donations.' },
          { field: 'body.promo_code', message: 'not a valid code' },
          { field: 'body.tickets', message: 'the event is full' },
        ],
        lines,
      ),
    ).toEqual({
      email: 'must be an email address',
      [quantityField('tier-b')]: 'at most 6',
      [attendeesProblemField('tier-a')]: 'needs 1 non-blank names',
      [addOnField('shirt')]: 'sold out',
      [DONATION_FIELD]: 'This event does not take donations.',
      promo_code: 'not a valid code',
    });
  });
});
