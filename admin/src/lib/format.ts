/** Digits after the decimal point of a currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in a currency's minor unit (the API's `*_cents`) as people read it: `$1,234.50`. */
export function formatMoney(cents: number, currency: string, locale = 'en-US'): string {
  const digits = minorDigits(currency);
  const amount = cents / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/** A moment on a given clock, date and time: `Nov 30, 2026, 8:04 PM EST`. */
export function formatDateTime(at: string, timeZone?: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(at));
}

/** A day on a given clock, without the time: `Nov 30, 2026`. */
export function formatDate(at: string, timeZone?: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(at));
}

/** A time of day on the event's clock, for the door: `8:04 PM`, with the date when not `today`. */
export function formatDoorTime(at: string, timeZone: string, now = new Date(), locale = 'en-US'): string {
  const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(at));
  if (day(new Date(at)) === day(now)) return time;
  const date = new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric' }).format(new Date(at));
  return `${date}, ${time}`;
}
