import { describe, expect, it } from 'vitest';
import { instantFrom, localInput, localizedFrom } from './event-form';
import { messagesFor } from './messages';
import { amountInput, parseAmount, parseWhole } from './money-input';

const t = messagesFor('en');

describe('event times on the event clock', () => {
  it('reads a local time in the event zone, across daylight saving', () => {
    expect(instantFrom('2027-03-14T19:00', 'America/New_York', t)).toEqual({
      ok: true,
      value: '2027-03-14T23:00:00.000Z',
    });
    expect(instantFrom('2027-01-14T19:00', 'America/New_York', t)).toEqual({
      ok: true,
      value: '2027-01-15T00:00:00.000Z',
    });
    expect(instantFrom('2027-01-14T19:00', 'Africa/Addis_Ababa', t)).toEqual({
      ok: true,
      value: '2027-01-14T16:00:00.000Z',
    });
    expect(instantFrom('', 'America/New_York', t)).toEqual({ ok: true, value: null });
    expect(instantFrom('next friday', 'America/New_York', t)).toEqual({
      ok: false,
      message: 'Enter a date and a time, such as 2027-03-14 19:00.',
    });
  });

  it("says what is wrong in the reader's language", () => {
    expect(instantFrom('next friday', 'America/New_York', messagesFor('fr'))).toEqual({
      ok: false,
      message: 'Saisissez une date et une heure, par exemple 2027-03-14 19:00.',
    });
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
    expect(parseAmount(text, 'USD', t)).toEqual({ ok: true, value: cents });
  });

  it('refuses what is not an amount, and reads whole yen', () => {
    expect(parseAmount('25.505', 'USD', t)).toEqual({
      ok: false,
      message: 'Enter an amount such as 25 or 25.50, with at most 2 digits after the point.',
    });
    expect(parseAmount('twenty', 'USD', t).ok).toBe(false);
    expect(parseAmount('-5', 'USD', t).ok).toBe(false);
    expect(parseAmount('500', 'JPY', t)).toEqual({ ok: true, value: 500 });
    expect(parseAmount('5.5', 'JPY', t)).toEqual({ ok: false, message: 'Enter a whole amount, such as 25.' });
    expect(parseAmount('', 'USD', t, 0)).toEqual({ ok: true, value: 0 });
  });

  it('refuses a decimal comma rather than read it as thousands', () => {
    expect(parseAmount('25,50', 'USD', t).ok).toBe(false);
    expect(parseAmount('1 200,5', 'USD', t).ok).toBe(false);
    expect(parseAmount('1,200,000', 'USD', t)).toEqual({ ok: true, value: 120_000_000 });
    expect(parseWhole('1,5', t).ok).toBe(false);
  });

  it("says what is wrong in the reader's language", () => {
    expect(parseAmount('25,50', 'USD', messagesFor('es'))).toEqual({
      ok: false,
      message: 'Escriba un monto como 25 o 25.50 (con punto, no con coma), con 2 decimales como máximo.',
    });
    expect(parseWhole('lots', messagesFor('fr'))).toEqual({
      ok: false,
      message: 'Saisissez un nombre entier, par exemple 100.',
    });
  });

  it('shows cents back as an amount', () => {
    expect(amountInput(2550, 'USD')).toBe('25.50');
    expect(amountInput(0, 'USD')).toBe('0');
    expect(amountInput(null, 'USD')).toBe('');
    expect(amountInput(500, 'JPY')).toBe('500');
  });

  it('reads whole numbers', () => {
    expect(parseWhole('1,000', t)).toEqual({ ok: true, value: 1000 });
    expect(parseWhole('', t)).toEqual({ ok: true, value: null });
    expect(parseWhole('1.5', t)).toEqual({ ok: false, message: 'Enter a whole number, such as 100.' });
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
