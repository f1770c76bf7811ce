import type { Form1099K, Form1099Nec, TaxClassification } from './api-types';
import { formatMoney, minorDigits } from './format';
import type { Messages } from './messages';

/** W-9 line 3a in the order the form lists it. */
export const TAX_CLASSIFICATIONS: readonly TaxClassification[] = [
  'individual',
  'c_corporation',
  's_corporation',
  'partnership',
  'trust_estate',
  'llc_c',
  'llc_s',
  'llc_p',
  'tax_exempt',
  'other',
];

export const PAYEE_PAYMENT_METHODS = ['cash', 'check', 'bank_transfer', 'card', 'payment_app'] as const;
export type PayeePaymentMethod = (typeof PAYEE_PAYMENT_METHODS)[number];

/** The years the API keeps figures for, newest first, up to `latest`. */
export function taxYears(latest: number): number[] {
  const years: number[] = [];
  for (let year = latest; year >= 2020; year -= 1) years.push(year);
  return years;
}

/** `?year=2025` as the API takes it; anything else is no year (the API's default: this year). */
export function yearParam(url: URL): number | undefined {
  const text = url.searchParams.get('year') ?? '';
  if (!/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= 2020 && year <= 2100 ? year : undefined;
}

/** A threshold as the IRS writes it: $20,000, not $20,000.00. */
export function thresholdMoney(cents: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  if (cents % 10 ** digits !== 0) return formatMoney(cents, currency, locale);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      cents / 10 ** digits,
    );
  } catch {
    return formatMoney(cents, currency, locale);
  }
}

/** The federal 1099-K threshold of a year in words: "more than $20,000 and more than 200 payments". */
export function form1099KThreshold(threshold: Form1099K['threshold'], currency: string, t: Messages, locale: string) {
  const amount = thresholdMoney(threshold.amount_cents, currency, locale);
  return threshold.transactions === null
    ? t.tax_thresholdAmount({ amount })
    : t.tax_thresholdAmountAndCount({ amount, count: threshold.transactions });
}

/** The federal 1099-NEC threshold of a year in words, with how it was set. */
export function form1099NecThreshold(
  threshold: Form1099Nec['threshold'],
  currency: string,
  t: Messages,
  locale: string,
) {
  const amount = thresholdMoney(threshold.amount_cents, currency, locale);
  if (threshold.rule === 'nec_2000_indexed') return t.tax_necThresholdIndexed({ amount });
  if (threshold.rule === 'nec_2000') return t.tax_necThreshold2026({ amount });
  return t.tax_necThresholdBefore2026({ amount });
}

/** An amount as an accountant's spreadsheet reads it: major units with a dot, no grouping (1234.50). */
export function decimalAmount(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  const scale = 10 ** digits;
  const major = Math.floor(whole / scale);
  const minor = String(whole % scale).padStart(digits, '0');
  return digits === 0 ? `${sign}${major}` : `${sign}${major}.${minor}`;
}

/** A month's name in the reader's language: 1 → "January". */
export function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
}

/** A number kept on file, shown only by its last four digits. */
export function maskedTin(last4: string | null | undefined): string | null {
  // A no-break space keeps the dots with their digits.
  return last4 ? `••••\u00a0${last4}` : null;
}
