import { minorDigits } from './format';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * An amount as a person types it ("25", "25.50", "$1,200") in the currency's minor unit. Blank is
 * `blank` (the caller decides whether that means zero or nothing).
 */
export function parseAmount(text: string, currency: string, blank: number | null = null): Parsed<number | null> {
  const cleaned = text.replace(/[\s,$€£]/g, '');
  if (cleaned === '') return { ok: true, value: blank };
  const digits = minorDigits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$|^\\.\\d{1,${digits}}$`);
  if (!pattern.test(cleaned)) {
    return {
      ok: false,
      message:
        digits === 0
          ? 'Enter a whole amount, such as 25.'
          : `Enter an amount such as 25 or 25.50, with at most ${digits} digits after the point.`,
    };
  }
  const [whole = '0', fraction = ''] = cleaned.split('.');
  const cents = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(cents)) return { ok: false, message: 'This amount is too large.' };
  return { ok: true, value: cents };
}

/** Cents as an input shows them: 2500 → "25.00", 0 → "0", null → "". */
export function amountInput(cents: number | null | undefined, currency: string): string {
  if (cents === null || cents === undefined) return '';
  if (cents === 0) return '0';
  const digits = minorDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
}

/** A whole number as typed; blank is `blank`. */
export function parseWhole(text: string, blank: number | null = null): Parsed<number | null> {
  const cleaned = text.replace(/[\s,]/g, '');
  if (cleaned === '') return { ok: true, value: blank };
  if (!/^\d+$/.test(cleaned)) return { ok: false, message: 'Enter a whole number, such as 100.' };
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, message: 'This number is too large.' };
}
