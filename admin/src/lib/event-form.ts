import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import type { Messages } from './messages';
import type { Parsed } from './money-input';

/** The `datetime-local` value of an instant on the event's clock: "2027-03-14T19:00". */
export function localInput(at: string | null | undefined, timeZone: string): string {
  if (!at) return '';
  return formatInTimeZone(new Date(at), timeZone, "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read on the event's clock, as the API's ISO instant. Blank is null. */
export function instantFrom(local: string, timeZone: string, t: Messages): Parsed<string | null> {
  const text = local.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) {
    return { ok: false, message: t.editor_dateTimeUnreadable };
  }
  const instant = fromZonedTime(text, timeZone);
  if (Number.isNaN(instant.getTime())) return { ok: false, message: t.editor_dateDoesNotExist };
  return { ok: true, value: instant.toISOString() };
}

/** Per-locale text from inputs named `${prefix}.${locale}`, without the blank ones. */
export function localizedFrom(form: FormData, prefix: string, locales: readonly string[]): Record<string, string> {
  const text: Record<string, string> = {};
  for (const locale of locales) {
    const value = String(form.get(`${prefix}.${locale}`) ?? '').trim();
    if (value) text[locale] = value;
  }
  return text;
}

/** The organizer's languages, then any others the text already has. */
export function textLocales(organizerLocales: readonly string[], ...texts: Record<string, string>[]): string[] {
  const locales = [...organizerLocales];
  for (const text of texts) for (const locale of Object.keys(text)) if (!locales.includes(locale)) locales.push(locale);
  return locales;
}
