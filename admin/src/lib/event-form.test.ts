import { describe, expect, it } from 'vitest';
import { instantFrom, localInput, localizedFrom } from './event-form';
import { amountInput, parseAmount, parseWhole } from './money-input';

describe('event times on the event clock', () => {
  it('reads a local time in the event zone, across daylight saving', () => {
    expect(instantFrom('2027-03-14T19:00', 'America/New_York')).toEqual({
      ok: true,
      value: '2027-03-14T23:00:00.000Z',
    });
    expect(instantFrom('2027-01-14T19:00', 'America/New_York')).toEqual({
      ok: true,
      value: '2027-01-15T00:00:00.000Z',
    });
    expect(instantFrom('2027-01-14T19:00', 'Africa/Addis_Ababa')).toEqual({
      ok: true,
      value: '2027-01-14T16:00:00.000Z',
    });
    expect(instantFrom('', 'America/New_York')).toEqual({ ok: true, value: null });
    expect(instantFrom('next friday', 'America/New_York').ok).toBe(false);
  });

  it('shows an instant on the event clock', () => {
    expect(localInput('2027-03-14T23:00:00.000Z', 'America/New_York')).toBe('2027-03-14T19:00');
    expect(localInput('2027-03-14T23:00:00.000Z', 'America/Los_Angeles')).toBe('2027-03-14T16:00');
    expect(localInput(null, 'America/New_York')).toBe('');
  });
});

describe('amounts as people type them', () => {
  it.each([
    ['25', 2500],
    ['25.5', 2550],
    ['$1,200.00', 120000],
    ['0', 0],
    ['.75', 75],
  ])('%s → %i cents', (text, cents) => {
    expect(parseAmount(text, 'USD')).toEqual({ ok: true, value: cents });
  });

  it('refuses what is not an amount, and reads whole yen', () => {
    expect(parseAmount('25.505', 'USD').ok).toBe(false);
    expect(parseAmount('twenty', 'USD').ok).toBe(false);
    expect(parseAmount('-5', 'USD').ok).toBe(false);
    expect(parseAmount('500', 'JPY')).toEqual({ ok: true, value: 500 });
    expect(parseAmount('5.5', 'JPY').ok).toBe(false);
    expect(parseAmount('', 'USD', 0)).toEqual({ ok: true, value: 0 });
  });

  it('shows cents back as an amount', () => {
    expect(amountInput(2550, 'USD')).toBe('25.50');
    expect(amountInput(0, 'USD')).toBe('0');
    expect(amountInput(null, 'USD')).toBe('');
    expect(amountInput(500, 'JPY')).toBe('500');
  });

  it('reads whole numbers', () => {
    expect(parseWhole('1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseWhole('')).toEqual({ ok: true, value: null });
    expect(parseWhole('1.5').ok).toBe(false);
  });
});

describe('per-locale text', () => {
  it('keeps the filled languages only', () => {
    const form = new FormData();
    form.set('title.en', ' Gala ');
    form.set('title.am', '');
    expect(localizedFrom(form, 'title', ['en', 'am'])).toEqual({ en: 'Gala' });
  });
});
