import { DateFormat } from '@accessplus/i18n';
import type { Messages } from './messages';

// Making a formatter costs far more than formatting with it (locale data is looked up and
// resolved each time), and a page formats many prices and dates with a handful of them.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | DateFormat>();
const MAX_FORMATTERS = 500;

function kept<T extends Intl.NumberFormat | Intl.DateTimeFormat | DateFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

function moneyFormat(locale: string, currency: string, maximumFractionDigits?: number): Intl.NumberFormat {
  return kept(
    `money ${locale} ${currency} ${maximumFractionDigits ?? ''}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(maximumFractionDigits === undefined ? {} : { maximumFractionDigits }),
      }),
  );
}

/** Digits of the currency's minor unit: 2 for USD, 0 for JPY. The API's "cents" are that unit. */
export function minorUnitDigits(currency: string): number {
  let digits = currencyDigits.get(currency);
  if (digits === undefined) {
    digits = moneyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
    currencyDigits.set(currency, digits);
  }
  return digits;
}

const currencyDigits = new Map<string, number>();

/** An amount in minor units as money: `(6500, 'USD', 'en')` → `$65.00`. */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const amount = minorUnits / 10 ** minorUnitDigits(currency);
  return moneyFormat(locale, currency).format(amount);
}

/** A round amount without its zero cents, as a suggested amount reads: `$25`; others as `formatMoney`. */
export function formatMoneyBrief(minorUnits: number, currency: string, locale: string): string {
  const unit = 10 ** minorUnitDigits(currency);
  if (minorUnits % unit !== 0) return formatMoney(minorUnits, currency, locale);
  return moneyFormat(locale, currency, 0).format(minorUnits / unit);
}

/** An amount in minor units as a buyer types it, without symbol or grouping: `(1250, 'USD')` → `12.50`. */
export function formatAmountInput(minorUnits: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return (minorUnits / 10 ** digits).toFixed(digits);
}

/** The currency's symbol as the locale writes it: `$`, `€`, `CA$`. */
export function currencySymbol(currency: string, locale: string): string {
  const parts = moneyFormat(locale, currency).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}

/** A ticket price; a price of 0 reads "Free". */
export function formatPrice(minorUnits: number, currency: string, locale: string, messages: Messages): string {
  return minorUnits === 0 ? messages.free : formatMoney(minorUnits, currency, locale);
}

export interface PriceRange {
  price_from_cents: number | null;
  price_to_cents: number | null;
  currency: string;
}

/**
 * What a list shows as an event's price: one price when all tiers cost the same, "from $X"
 * otherwise, and "Free – $20.00" when some tickets are free. Null when there is no tier on offer.
 */
export function formatPriceRange(event: PriceRange, locale: string, messages: Messages): string | null {
  const { price_from_cents: from, price_to_cents: to, currency } = event;
  if (from === null) return null;
  const lowest = formatPrice(from, currency, locale, messages);
  if (to === null || to === from) return lowest;
  if (from === 0) return `${lowest} – ${formatMoney(to, currency, locale)}`;
  return messages.priceFrom({ price: lowest });
}

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

function eventDateFormat(locale: string, timeZone: string): DateFormat {
  return kept(`date ${locale} ${timeZone}`, () => new DateFormat(locale, { ...dateTimeOptions, timeZone }));
}

/**
 * The zone's abbreviation as Americans write it (`CST`, `EDT`; `GMT+1` elsewhere). Locale data
 * names US zones poorly in many community languages (`ጂ ኤም ቲ-6` in Amharic, `WAT-6` in Yoruba).
 */
export function timeZoneAbbreviation(date: Date, timeZone: string): string {
  const parts = kept(
    `zone ${timeZone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }),
  ).formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * When an event starts, on the clock of the place it happens (its IANA zone) and with the zone
 * named, since a visitor may be elsewhere: `Mon, Nov 30, 2026, 8:00 PM CST`.
 */
export function formatEventStart(startsAt: string, timeZone: string, locale: string): string {
  const start = new Date(startsAt);
  const local = eventDateFormat(locale, timeZone).format(start);
  return `${local} ${timeZoneAbbreviation(start, timeZone)}`;
}

// formatRange costs as much as making a formatter, each time: an event's page shows the same range
// to every visitor in a language.
const eventRanges = new Map<string, string>();

/** Start to end on the event's clock, without repeating the day: `Mon, Nov 30, 2026, 8:00 – 10:00 PM CST`. */
export function formatEventRange(startsAt: string, endsAt: string, timeZone: string, locale: string): string {
  const key = `${locale} ${timeZone} ${startsAt} ${endsAt}`;
  let text = eventRanges.get(key);
  if (text === undefined) {
    const start = new Date(startsAt);
    const local = eventDateFormat(locale, timeZone).formatRange(start, new Date(endsAt));
    text = `${local} ${timeZoneAbbreviation(start, timeZone)}`;
    if (eventRanges.size >= MAX_FORMATTERS) eventRanges.clear();
    eventRanges.set(key, text);
  }
  return text;
}

export interface TierSaleState {
  sold_out: boolean;
  on_sale: boolean;
  remaining: number;
  sales_start_at: string | null;
  sales_end_at: string | null;
}

export type TierAvailability =
  | { kind: 'on_sale'; remaining: number; low: boolean }
  | { kind: 'sold_out' }
  | { kind: 'not_yet'; salesStartAt: string }
  | { kind: 'ended' }
  | { kind: 'off_sale' };

/** Below this many tickets a buyer is told how many remain. */
export const LOW_STOCK = 10;

export function tierAvailability(tier: TierSaleState, now: Date = new Date()): TierAvailability {
  if (tier.sold_out || tier.remaining <= 0) return { kind: 'sold_out' };
  if (tier.on_sale) return { kind: 'on_sale', remaining: tier.remaining, low: tier.remaining <= LOW_STOCK };
  if (tier.sales_start_at && new Date(tier.sales_start_at) > now) {
    return { kind: 'not_yet', salesStartAt: tier.sales_start_at };
  }
  if (tier.sales_end_at && new Date(tier.sales_end_at) <= now) return { kind: 'ended' };
  return { kind: 'off_sale' };
}
