import { minorDigits } from './format';
import type { Messages } from './messages';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A comma that does not group thousands: "25,50" is how much of the world writes 25.50, and read as
 * a thousands separator it would be 2550. Such an amount is refused rather than read a hundred
 * times too large.
 */
const decimalComma = /,(?!\d{3}(?:\D|$))/;

/**
 * An amount as a person types it ("25", "25.50", "$1,200") in the currency's minor unit. Blank is
 * `blank` (the caller decides whether that means zero or nothing).
 */
export function parseAmount(
  text: string,
  currency: string,
  t: Messages,
  blank: number | null = null,
): Parsed<number | null> {
  const digits = minorDigits(currency);
  const unreadable: Parsed<number | null> = {
    ok: false,
    message: digits === 0 ? t.editor_amountWhole : t.editor_amountDecimal({ digits }),
  };
  if (decimalComma.test(text.replace(/\s/g, ''))) return unreadable;
  const cleaned = text.replace(/[\s,$€£]/g, '');
  if (cleaned === '') return { ok: true, value: blank };
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$|^\\.\\d{1,${digits}}$`);
  if (!pattern.test(cleaned)) return unreadable;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  const cents = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(cents)) return { ok: false, message: t.editor_amountTooLarge };
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
export function parseWhole(text: string, t: Messages, blank: number | null = null): Parsed<number | null> {
  if (decimalComma.test(text.replace(/\s/g, ''))) return { ok: false, message: t.editor_wholeNumber };
  const cleaned = text.replace(/[\s,]/g, '');
  if (cleaned === '') return { ok: true, value: blank };
  if (!/^\d+$/.test(cleaned)) return { ok: false, message: t.editor_wholeNumber };
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, message: t.editor_numberTooLarge };
}
