import { describe, expect, it } from 'vitest';
import type { Order, OrderLine, OrderTicket } from './api-types';
import { messagesFor } from './messages';
import {
  orderActions,
  orderFilters,
  orderStatusLabel,
  ordersHref,
  paymentMethodLabel,
  refundAmount,
  refundableLines,
  ticketStateLabel,
  ticketTierName,
} from './orders';

const en = messagesFor('en');
const fr = messagesFor('fr');

const line = (overrides: Partial<OrderLine>): OrderLine => ({
  id: 'l',
  kind: 'ticket',
  event_id: 'e',
  tier_id: 'ga',
  product_id: null,
  description: { en: 'General' },
  quantity: 3,
  unit_price_cents: 2500,
  subtotal_cents: 7500,
  discount_cents: 0,
  fee_cents: 0,
  impact_fee_cents: 0,
  tax_cents: 0,
  total_cents: 8000,
  refunded_quantity: 0,
  refunded_cents: 0,
  ...overrides,
});
const ticket = (id: string, tierId = 'ga', status: OrderTicket['status'] = 'valid'): OrderTicket => ({
  id,
  event_id: 'e',
  tier_id: tierId,
  attendee_name: '',
  short_code: '7KQ4-M2XD-9P',
  status,
  revoked_reason: status === 'revoked' ? 'refunded' : null,
  checked_in_at: null,
  code: null,
});

describe('refundAmount', () => {
  const order = {
    lines: [
      line({}),
      line({ id: 'd', kind: 'donation', tier_id: null, quantity: 1, total_cents: 1000, description: {} }),
    ],
    tickets: [ticket('a'), ticket('b'), ticket('c')],
  };

  it('gives back a floored share of the line per ticket, as the API does', () => {
    expect(refundAmount(order, ['a'])).toBe(2666);
    expect(refundAmount(order, ['a', 'b'])).toBe(5333);
  });

  it('gives back the rest of the line with its last ticket', () => {
    const partly = { ...order, lines: [line({ refunded_quantity: 1, refunded_cents: 2666 })] };
    expect(
      refundAmount({ ...partly, tickets: [ticket('a', 'ga', 'revoked'), ticket('b'), ticket('c')] }, ['b', 'c']),
    ).toBe(5334);
  });

  it('refunds everything left, donations included, for the whole order', () => {
    expect(refundAmount(order, null)).toBe(9000);
  });

  it('refunds what is left of a chosen line, alone or with tickets', () => {
    expect(refundAmount(order, [], ['d'])).toBe(1000);
    expect(refundAmount(order, ['a'], ['d'])).toBe(3666);
    expect(refundableLines(order).map((l) => l.id)).toEqual(['d']);
    const given = {
      ...order,
      lines: [line({}), line({ id: 'd', kind: 'donation', quantity: 1, refunded_quantity: 1 })],
    };
    expect(refundableLines(given)).toEqual([]);
  });

  it('cannot tell when a tier was sold on two lines', () => {
    const split = { lines: [line({}), line({ id: 'l2' })], tickets: [ticket('a')] };
    expect(refundAmount(split, ['a'])).toBeNull();
  });
});

describe('orderActions', () => {
  it.each([
    [{ status: 'pending', payment_method: 'cash' }, 'check_in', { markPaid: true, cancel: false, refund: false }],
    [{ status: 'pending', payment_method: 'partner' }, 'staff', { markPaid: true, cancel: true, refund: false }],
    [{ status: 'pending', payment_method: null }, 'owner', { markPaid: false, cancel: true, refund: false }],
    [{ status: 'paid', payment_method: 'test' }, 'staff', { markPaid: false, cancel: false, refund: false }],
    [{ status: 'paid', payment_method: 'test' }, 'admin', { markPaid: false, cancel: false, refund: true }],
    [
      { status: 'partially_refunded', payment_method: 'cash' },
      'owner',
      { markPaid: false, cancel: false, refund: true },
    ],
    [{ status: 'refunded', payment_method: 'test' }, 'owner', { markPaid: false, cancel: false, refund: false }],
  ] as const)('%o for %s', (order, role, actions) => {
    expect(orderActions(order as Pick<Order, 'status' | 'payment_method'>, role)).toEqual(actions);
  });
});

describe('ticketStateLabel', () => {
  it('says valid, checked in or why it was revoked', () => {
    expect(ticketStateLabel(ticket('a'), en)).toBe('Valid');
    expect(ticketStateLabel({ ...ticket('a'), checked_in_at: '2026-12-01T01:04:00Z' }, en)).toBe('Checked in');
    expect(ticketStateLabel(ticket('a', 'ga', 'revoked'), en)).toBe('Refunded');
    expect(ticketStateLabel({ ...ticket('a', 'ga', 'revoked'), revoked_reason: 'reissued' }, en)).toBe('Replaced');
  });

  it('says it in the reader’s language', () => {
    expect(ticketStateLabel(ticket('a'), fr)).toBe('Valide');
    expect(ticketStateLabel(ticket('a', 'ga', 'revoked'), fr)).toBe('Remboursé');
  });
});

describe('order words', () => {
  it('names every status, and any other as itself', () => {
    expect(orderStatusLabel('partially_refunded', en)).toEqual({ label: 'Partly refunded', tone: 'pending' });
    expect(orderStatusLabel('pending', en).label).toBe('Awaiting payment');
    expect(orderStatusLabel('disputed', en)).toEqual({ label: 'disputed', tone: 'off' });
    expect(orderStatusLabel('refunded', fr)).toEqual({ label: 'Remboursée', tone: 'off' });
  });

  it('says how the order is paid, naming the partner', () => {
    const order = { payment_method: 'partner', payment_partner: 'Maison Lakay', test_mode: false } as const;
    expect(paymentMethodLabel(order, en)).toBe('Community partner: Maison Lakay');
    expect(paymentMethodLabel({ ...order, payment_method: 'cash' }, en)).toBe('Cash at the door');
    expect(paymentMethodLabel({ ...order, payment_method: null }, en)).toBe('Not chosen yet');
    expect(paymentMethodLabel(order, fr)).toBe('Partenaire communautaire\u00a0: Maison Lakay');
  });

  it('names a ticket by the tier it was sold on', () => {
    const order = { lines: [line({})] };
    expect(ticketTierName(order, ticket('a'), ['en'], en)).toBe('General');
    expect(ticketTierName(order, ticket('a', 'vip'), ['en'], en)).toBe('Ticket');
    expect(ticketTierName(order, ticket('a', 'vip'), ['fr'], fr)).toBe('Billet');
  });
});

describe('orderFilters', () => {
  it('keeps filters the API accepts and drops the rest', () => {
    const params = new URLSearchParams({
      status: 'paid',
      event_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      email: ' hana@example.org ',
    });
    expect(orderFilters(params)).toEqual({
      status: 'paid',
      event_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      email: 'hana@example.org',
    });
    expect(orderFilters(new URLSearchParams({ status: 'lost', event_id: '12', email: ' ' }))).toEqual({});
  });

  it('builds the page address back from them', () => {
    expect(ordersHref({})).toBe('/orders');
    expect(ordersHref({ status: 'paid', email: 'a+b@example.org' }, 'c1')).toBe(
      '/orders?status=paid&email=a%2Bb%40example.org&cursor=c1',
    );
  });
});
