import { INTERFACE_LOCALES, intlLocale, languageName } from '@accessplus/i18n';
import type { CheckoutSettings, TaxRate } from './api-types';
import { minorDigits } from './format';
import type { Messages } from './messages';

/**
 * The languages Access Plus speaks to attendees in: an organizer picks among them the ones it
 * writes its events in.
 */
export const ORGANIZER_LOCALES: readonly string[] = INTERFACE_LOCALES;

/**
 * The languages to offer: ours, then any other the organizer already has (set through the API),
 * each named in the admin's language (`locale`) and in its own.
 */
export function localeChoices(
  current: readonly string[],
  locale: string,
): { tag: string; name: string; own: string }[] {
  const known = new Set<string>(ORGANIZER_LOCALES);
  const others = current.filter((tag) => !known.has(tag));
  return [...ORGANIZER_LOCALES, ...new Set(others)].map((tag) => ({
    tag,
    name: languageName(tag, locale),
    own: languageName(tag),
  }));
}

function currencyName(code: string, locale: string): string | undefined {
  try {
    return new Intl.DisplayNames([intlLocale(locale)], { type: 'currency' }).of(code);
  } catch {
    return undefined;
  }
}

/** Every IANA time zone this server knows, with `current` among them even if it is an old alias. */
export function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones].sort();
}

/** ISO 4217 currencies with their names in the admin's language (`locale`): `USD — US Dollar`. */
export function currencyChoices(current: string, locale: string): { code: string; name: string }[] {
  const codes = Intl.supportedValuesOf('currency');
  return (codes.includes(current) ? codes : [current, ...codes].sort()).map((code) => ({
    code,
    name: currencyName(code, locale) ?? code,
  }));
}

/**
 * A number typed by a person with at most `decimals` digits after the point, as a whole number
 * of `10^-decimals` (so "2.5" with 2 decimals is 250); null for anything else. Exact: the digits
 * are moved, never multiplied by a fraction.
 */
export function parseDecimal(text: string, decimals: number): number | null {
  const cleaned = text.trim().replaceAll(',', '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned) ?? /^()\.(\d+)$/.exec(cleaned);
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > decimals) return null;
  const value = Number(`${whole || '0'}${fraction.padEnd(decimals, '0')}`);
  return Number.isSafeInteger(value) ? value : null;
}

/** A percentage typed by a person ("2.5", "8.875 %") in basis points or parts per million. */
export function parsePercent(text: string, unit: 'percent_bp' | 'percent_ppm'): number | null {
  return parseDecimal(text.replace(/%\s*$/, ''), unit === 'percent_bp' ? 2 : 4);
}

/** An amount typed by a person ("1.50", "$1,250") in the currency's minor unit. */
export function parseAmount(text: string, currency: string): number | null {
  return parseDecimal(text.replace(/^[^\d.-]+/, ''), minorDigits(currency));
}

/** An amount in minor units as a form shows it for editing: "1.50", "1250.00". */
export function amountInput(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
}

/** A whole number typed by a person; null for anything else. */
export function parseWhole(text: string): number | null {
  const cleaned = text.trim().replaceAll(',', '');
  return /^\d+$/.test(cleaned) && Number.isSafeInteger(Number(cleaned)) ? Number(cleaned) : null;
}

export interface FeeExample {
  priceCents: number;
  feeCents: number;
  impactCents: number;
  buyerPaysCents: number;
  youReceiveCents: number;
}

/**
 * One ticket of `priceCents` priced as checkout prices it (api/src/modules/checkout/pricing.ts,
 * `priceLine`, without promo or sales tax): fee = round(price × percent) + flat fee, rounded half
 * up; the impact fund's share of it likewise. The buyer pays the fee on top, or the organizer
 * absorbs it from what she receives. settings.test.ts checks it against the API's own pricing.
 */
export function feeExample(
  settings: Pick<
    CheckoutSettings,
    'service_fee_percent_bp' | 'service_fee_flat_cents' | 'fees_paid_by' | 'impact_fee_share_bp'
  >,
  priceCents: number,
): FeeExample {
  const portion = (amount: number, rateBp: number) => Math.floor((amount * rateBp + 5_000) / 10_000);
  const feeCents =
    priceCents > 0 ? portion(priceCents, settings.service_fee_percent_bp) + settings.service_fee_flat_cents : 0;
  const buyerPays = settings.fees_paid_by === 'buyer';
  return {
    priceCents,
    feeCents,
    impactCents: portion(feeCents, settings.impact_fee_share_bp),
    buyerPaysCents: priceCents + (buyerPays ? feeCents : 0),
    youReceiveCents: priceCents - (buyerPays ? 0 : feeCents),
  };
}

/** The price of the example ticket: 20 of the currency's main unit ($20.00, €20.00, ¥20). */
export function examplePrice(currency: string): number {
  return 20 * 10 ** minorDigits(currency);
}

/** A moment as a `datetime-local` input shows it on a clock: `2026-05-01T19:30`. */
export function toLocalInput(at: string | null, timeZone: string): string {
  if (!at) return '';
  const parts = wallClock(Date.parse(at), timeZone);
  const pad = (value: number, length = 2) => String(value).padStart(length, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}`;
}

/**
 * The moment a `datetime-local` value means on `timeZone`'s clock, as ISO 8601; null when it is
 * not such a value. A time skipped when clocks go forward becomes the same time after the change.
 */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wanted) || new Date(wanted).getUTCDate() !== day) return null;
  const shown = (instant: number) => {
    const parts = wallClock(instant, timeZone);
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  };
  // The zone's offset at a first guess, then at the corrected moment, in case a clock change lies
  // between; a time the clocks skipped shows on neither, and keeps the offset from before the change.
  const first = wanted - (shown(wanted) - wanted);
  const second = first + (wanted - shown(first));
  return new Date(shown(second) === wanted ? second : first).toISOString();
}

function wallClock(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** Where a tax rate applies: `Baltimore, MD` or `MD (statewide)`. */
export function taxPlace(rate: Pick<TaxRate, 'state' | 'city'>, t: Messages): string {
  return rate.city
    ? t.settings_taxPlaceCity({ city: rate.city, state: rate.state })
    : t.settings_taxPlaceState({ state: rate.state });
}

/**
 * What a page passes for a placeholder a translated sentence holds markup at (a link, a name in
 * `<bdi>`, code): `slotted` then cuts the sentence there, so the words stay one message in the
 * catalogue, in the order each language puts them.
 */
export function slot(index: number): string {
  return `\u{E000}${index}\u{E001}`;
}

/** A sentence made with `slot`s in pieces: its text, and between them the index of each slot. */
export function slotted(sentence: string): (string | number)[] {
  return sentence
    .split(/\u{E000}(\d+)\u{E001}/u)
    .map((piece, index) => (index % 2 === 1 ? Number(piece) : piece))
    .filter((piece) => piece !== '');
}
