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
  regionalLocale,
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
