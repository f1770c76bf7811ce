import { describe, expect, it } from 'vitest';
import { messagesFor } from './messages';
import {
  formatCountdown,
  orderHref,
  orderStage,
  type PriceTotals,
  priceRows,
  summaryLines,
  ticketQrHref,
} from './orders';

const en = messagesFor('en');
const es = messagesFor('es');

const totals: PriceTotals = {
  currency: 'USD',
  subtotal_cents: 5000,
  discount_cents: 0,
  fee_cents: 450,
  impact_fee_cents: 90,
  tax_cents: 0,
  donation_cents: 0,
  total_cents: 5450,
  impact_fund_name: 'Youth Griot Fund',
  promo_code: null,
};

describe('priceRows', () => {
  it('itemizes the all-in price exactly as the API computed it', () => {
    expect(priceRows(totals, 'en-US', en)).toEqual([
      { kind: 'subtotal', label: 'Subtotal', amount: '$50.00' },
      { kind: 'fee', label: 'Service fee', amount: '$4.50' },
      { kind: 'impact', label: 'of which goes to Youth Griot Fund', amount: '$0.90', part: true },
      { kind: 'tax', label: 'Sales tax', amount: '$0.00' },
      { kind: 'total', label: 'Total', amount: '$54.50' },
    ]);
  });

  it('shows a discount with its code, donations, and an unnamed fund', () => {
    const rows = priceRows(
      { ...totals, discount_cents: 500, promo_code: 'GRIOT10', donation_cents: 1000, impact_fund_name: null },
      'es-US',
      es,
    );
    expect(rows.map((row) => [row.label, row.amount])).toEqual([
      ['Subtotal', '$50.00'],
      ['Descuento (GRIOT10)', '−$5.00'],
      ['Cargo por servicio', '$4.50'],
      ['del cual va al fondo comunitario', '$0.90'],
      ['Impuesto sobre las ventas', '$0.00'],
      ['Donativos', '$10.00'],
      ['Total', '$54.50'],
    ]);
  });

  it('leaves out the fund when none of the fee goes to it', () => {
    expect(priceRows({ ...totals, impact_fee_cents: 0 }, 'en', en).map((row) => row.kind)).toEqual([
      'subtotal',
      'fee',
      'tax',
      'total',
    ]);
  });
});

describe('summaryLines', () => {
  it('names what is bought in the buyer’s language with how many, and a gift without a count', () => {
    const lines = summaryLines(
      [
        { kind: 'ticket', description: { en: 'General', am: 'መደበኛ' }, quantity: 2, subtotal_cents: 5000 },
        { kind: 'product', description: { en: 'T-shirt' }, quantity: 1, subtotal_cents: 2000 },
        { kind: 'donation', description: { en: 'Harvest Festival' }, quantity: 1, subtotal_cents: 2500 },
      ],
      'USD',
      'en-US',
      ['am', 'en'],
    );
    expect(lines).toEqual([
      { label: 'መደበኛ', lang: 'am', quantity: 2, gift: false, amount: '$50.00' },
      { label: 'T-shirt', lang: 'en', quantity: 1, gift: false, amount: '$20.00' },
      { label: 'Harvest Festival', lang: 'en', quantity: null, gift: true, amount: '$25.00' },
    ]);
  });
});

describe('orderStage', () => {
  const now = new Date('2026-11-21T22:30:00Z');
  const pending = { status: 'pending' as const, payment_method: null, expires_at: '2026-11-21T22:40:00Z' };

  it('tells a hold awaiting payment from one reserved to pay in person', () => {
    expect(orderStage(pending, now)).toBe('awaiting_payment');
    expect(orderStage({ ...pending, payment_method: 'cash' }, now)).toBe('reserved');
    expect(orderStage({ ...pending, payment_method: 'partner' }, now)).toBe('reserved');
  });

  it('calls a lapsed hold expired before the API has swept it', () => {
    expect(orderStage({ ...pending, expires_at: '2026-11-21T22:29:59Z' }, now)).toBe('expired');
  });

  it('passes the other statuses through', () => {
    for (const status of ['paid', 'partially_refunded', 'refunded', 'cancelled', 'expired'] as const) {
      expect(orderStage({ status, payment_method: 'test', expires_at: null }, now)).toBe(status);
    }
  });
});

describe('formatCountdown', () => {
  it('reads like a clock and stops at zero', () => {
    expect(formatCountdown(9 * 60_000 + 5_000)).toBe('9:05');
    expect(formatCountdown(599_001)).toBe('10:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });
});

describe('order links', () => {
  it('carry the access token, encoded', () => {
    const id = '0e3c9f5a-1f7b-4c1e-9d55-2a6f0c8b7e11';
    expect(orderHref(id, 'k1.a+b/c=')).toBe(`/orders/${id}?token=k1.a%2Bb%2Fc%3D`);
    expect(ticketQrHref(id, 't-1', 'k1.sig')).toBe(`/orders/${id}/tickets/t-1/qr.svg?token=k1.sig`);
  });
});
