import type { LocalizedText } from '../db/schema.ts';

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** True for IANA zone names the runtime knows, including aliases such as `US/Eastern`. */
export function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value) || value === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/');
  } catch {
    return false;
  }
}

/** The day `at` falls on in `timeZone`, as `YYYY-MM-DD`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** True for well-formed BCP 47 tags (`en`, `am`, `fr-CA`, `zh-Hant`). */
export function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/**
 * Organizer-written text (a title, a tier's name) in `locale` when it is written in it, else in
 * that locale's language, else English, else whichever language it has.
 */
export function textIn(text: LocalizedText, locale = 'en'): string {
  const language = locale.split('-')[0] ?? '';
  return text[locale] ?? text[language] ?? text.en ?? Object.values(text)[0] ?? '';
}
