import { matchLocale } from '@accessplus/i18n';

/** Text that organizers write for attendees, per locale: `{"en": "Gala night", "am": "የጋላ ምሽት"}`. */
export type LocalizedText = Record<string, string>;

export {
  baseLanguage,
  languageName,
  listOf,
  matchLocale,
  parseAcceptLanguage,
  pickLocale,
  textDirection,
} from '@accessplus/i18n';

export interface LocalizedValue {
  text: string;
  /** The locale the text is actually in, for the `lang` attribute. */
  locale: string;
}

/**
 * The text in the first of `preferred` it exists in, else in any locale it has. Organizers do
 * not translate everything, and an event in another language beats a blank title.
 */
export function localized(text: LocalizedText | null | undefined, preferred: readonly string[]): LocalizedValue | null {
  if (!text) return null;
  const available = Object.keys(text).filter((locale) => text[locale]?.trim());
  for (const wanted of preferred) {
    const locale = matchLocale(wanted, available);
    if (locale) return { text: text[locale] ?? '', locale };
  }
  const [any] = available;
  return any ? { text: text[any] ?? '', locale: any } : null;
}

/**
 * The locale to format dates and money with: the visitor's language with the event's country
 * when the language has no region of its own, so a Spanish speaker in Houston sees `$28.00`
 * rather than Spain's `28,00 US$`.
 */
export function regionalLocale(locale: string, country: string): string {
  const key = `${locale} ${country}`;
  let regional = regionalLocales.get(key);
  if (regional === undefined) {
    regional = withRegion(locale, country);
    if (regionalLocales.size >= 500) regionalLocales.clear();
    regionalLocales.set(key, regional);
  }
  return regional;
}

// Every price and date on a page asks for it; parsing locales each time showed in profiles.
const regionalLocales = new Map<string, string>();

function withRegion(locale: string, country: string): string {
  try {
    const parsed = new Intl.Locale(locale);
    if (parsed.region || !/^[A-Z]{2}$/.test(country)) return locale;
    return new Intl.Locale(parsed.language, { script: parsed.script, region: country }).toString();
  } catch {
    return locale;
  }
}
