import { describe, expect, it } from 'vitest';
import {
  formatEventRange,
  formatEventStart,
  formatMoney,
  formatMoneyBrief,
  formatPrice,
  formatPriceRange,
  tierAvailability,
  timeZoneAbbreviation,
} from './format';
import { messagesFor } from './messages';

const en = messagesFor('en');
const es = messagesFor('es');

describe('money', () => {
  it('turns cents into the currency amount', () => {
    expect(formatMoney(6500, 'USD', 'en')).toBe('$65.00');
    expect(formatMoney(1999, 'USD', 'en')).toBe('$19.99');
    expect(formatMoney(150000, 'USD', 'en')).toBe('$1,500.00');
    expect(formatMoney(2000, 'USD', 'es-US')).toBe('$20.00');
    expect(formatMoney(2000, 'EUR', 'fr')).toBe('20,00\u00a0€');
  });

  it('leaves the zero cents off round amounts when asked for brevity', () => {
    expect(formatMoneyBrief(2500, 'USD', 'en-US')).toBe('$25');
    expect(formatMoneyBrief(2550, 'USD', 'en-US')).toBe('$25.50');
    expect(formatMoneyBrief(1500, 'JPY', 'en')).toBe('¥1,500');
  });

  it('respects currencies without a minor unit', () => {
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
  });

  it('calls a zero price free, in the visitor language', () => {
    expect(formatPrice(0, 'USD', 'en', en)).toBe('Free');
    expect(formatPrice(0, 'USD', 'es', es)).toBe('Gratis');
    expect(formatPrice(2500, 'USD', 'en', en)).toBe('$25.00');
  });

  it('summarizes tier prices for an event list', () => {
    const range = (from: number | null, to: number | null) => ({
      price_from_cents: from,
      price_to_cents: to,
      currency: 'USD',
    });
    expect(formatPriceRange(range(2500, 15000), 'en', en)).toBe('from $25.00');
    expect(formatPriceRange(range(2800, 4500), 'es-US', es)).toBe('desde $28.00');
    expect(formatPriceRange(range(1500, 1500), 'en', en)).toBe('$15.00');
    expect(formatPriceRange(range(0, 0), 'en', en)).toBe('Free');
    expect(formatPriceRange(range(0, 2000), 'en', en)).toBe('Free – $20.00');
    expect(formatPriceRange(range(null, null), 'en', en)).toBeNull();
  });
});

describe('event dates', () => {
  // 02:00 UTC on Dec 1 is still the evening of Nov 30 in the United States.
  const startsAt = '2026-12-01T02:00:00.000Z';

  it('shows the time on the clock of the time zone the event happens in', () => {
    const houston = formatEventStart(startsAt, 'America/Chicago', 'en');
    const atlanta = formatEventStart(startsAt, 'America/New_York', 'en');
    expect(houston).toMatch(/^Mon, Nov 30, 2026, 8:00\sPM CST$/u);
    expect(atlanta).toMatch(/^Mon, Nov 30, 2026, 9:00\sPM EST$/u);
  });

  it('follows daylight saving time', () => {
    expect(formatEventStart('2026-07-04T23:00:00Z', 'America/New_York', 'en')).toMatch(/7:00\sPM EDT$/u);
  });

  it('formats in the visitor language, naming the zone the American way', () => {
    expect(formatEventStart(startsAt, 'America/Chicago', 'es-US')).toMatch(
      /^lun, 30 de nov de 2026, 8:00\sp\.m\. CST$/u,
    );
    expect(formatEventStart(startsAt, 'America/New_York', 'am-US')).toMatch(/^ሰኞ፣ ኖቬም 30 2026 9:00 ከሰዓት EST$/u);
    expect(formatEventStart(startsAt, 'America/Chicago', 'yo-US')).toMatch(/20:00 CST$/u);
  });

  it('abbreviates zones outside the United States by their offset', () => {
    expect(timeZoneAbbreviation(new Date(startsAt), 'Africa/Addis_Ababa')).toBe('GMT+3');
    expect(timeZoneAbbreviation(new Date(startsAt), 'America/Los_Angeles')).toBe('PST');
  });

  it('shows a range without repeating the day', () => {
    const range = formatEventRange(startsAt, '2026-12-01T04:00:00.000Z', 'America/Chicago', 'en');
    expect(range).toMatch(/^Mon, Nov 30, 2026, 8:00\s–\s10:00\sPM CST$/u);
  });
});

describe('tierAvailability', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const tier = { sold_out: false, on_sale: true, remaining: 300, sales_start_at: null, sales_end_at: null };

  it('tells on-sale tiers apart from sold-out ones', () => {
    expect(tierAvailability(tier, now)).toEqual({ kind: 'on_sale', remaining: 300, low: false });
    expect(tierAvailability({ ...tier, remaining: 4 }, now)).toEqual({ kind: 'on_sale', remaining: 4, low: true });
    expect(tierAvailability({ ...tier, sold_out: true, on_sale: false, remaining: 0 }, now)).toEqual({
      kind: 'sold_out',
    });
  });

  it('explains why a tier is not on sale', () => {
    const later = { ...tier, on_sale: false, sales_start_at: '2026-11-15T14:00:00Z' };
    expect(tierAvailability(later, now)).toEqual({ kind: 'not_yet', salesStartAt: '2026-11-15T14:00:00Z' });
    expect(tierAvailability({ ...tier, on_sale: false, sales_end_at: '2026-10-31T00:00:00Z' }, now)).toEqual({
      kind: 'ended',
    });
    expect(tierAvailability({ ...tier, on_sale: false }, now)).toEqual({ kind: 'off_sale' });
  });
});
