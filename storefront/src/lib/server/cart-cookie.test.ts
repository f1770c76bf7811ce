import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { addToStoredCart, CART_COOKIE, readStoredCart, storedCartCount, storedCartEvents } from './cart-cookie';

const EVENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const TIER = '33333333-3333-4333-8333-333333333333';
const ADD_ON = '44444444-4444-4444-8444-444444444444';

const holding = (value: string | undefined) =>
  ({ get: (name: string) => (name === CART_COOKIE ? value : undefined) }) as Cookies;

describe('the cart cookie', () => {
  it('is an empty cart when missing, not JSON, or not a cart', () => {
    for (const value of [undefined, '', '{', 'null', '"text"', '[1,2]', '{"tickets":"all"}']) {
      expect(readStoredCart(holding(value))).toEqual({ tickets: [], add_ons: [], donations: [] });
    }
  });

  it('keeps only lines with real ids and whole, positive quantities, at most 100 of a thing', () => {
    const cart = readStoredCart(
      holding(
        JSON.stringify({
          tickets: [
            { event_id: EVENT, tier_id: TIER, quantity: 5000 },
            { event_id: EVENT, tier_id: "x' or 1=1", quantity: 1 },
            { event_id: EVENT, tier_id: TIER, quantity: -2 },
            { event_id: EVENT, tier_id: TIER, quantity: 1.5 },
          ],
          add_ons: [{ event_id: EVENT, product_id: ADD_ON, quantity: 2, price_cents: 1 }],
          donations: [
            { event_id: EVENT, amount_cents: 2500 },
            { event_id: OTHER, amount_cents: '2500' },
          ],
        }),
      ),
    );
    expect(cart).toEqual({
      tickets: [{ event_id: EVENT, tier_id: TIER, quantity: 100 }],
      add_ons: [{ event_id: EVENT, product_id: ADD_ON, quantity: 2 }],
      donations: [{ event_id: EVENT, amount_cents: 2500 }],
    });
    expect(storedCartCount(cart)).toBe(103);
  });

  it('takes the last quantity chosen for a tier, an add-on or a gift, and keeps other events’ lines', () => {
    const first = addToStoredCart(readStoredCart(holding(undefined)), EVENT, {
      tickets: [{ tier_id: TIER, quantity: 2 }],
      add_ons: [{ product_id: ADD_ON, quantity: 1 }],
      donations: [{ event_id: EVENT, amount_cents: 1000 }],
    });
    const second = addToStoredCart(first, EVENT, {
      tickets: [{ tier_id: TIER, quantity: 4 }],
      add_ons: [],
      donations: [{ event_id: EVENT, amount_cents: 500 }],
    });
    expect(second).toEqual({
      tickets: [{ event_id: EVENT, tier_id: TIER, quantity: 4 }],
      add_ons: [{ event_id: EVENT, product_id: ADD_ON, quantity: 1 }],
      donations: [{ event_id: EVENT, amount_cents: 500 }],
    });
    const withOther = addToStoredCart(second, OTHER, {
      tickets: [],
      add_ons: [],
      donations: [{ event_id: OTHER, amount_cents: 100 }],
    });
    expect(storedCartEvents(withOther)).toEqual([EVENT, OTHER]);
  });
});
