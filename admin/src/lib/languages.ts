import { baseLanguage, languageName } from '@accessplus/i18n';

/**
 * Languages organizers write their events in: the platform's interface languages first, then
 * others our communities use. An organizer may still pick any BCP 47 tag through the API.
 */
export const ORGANIZER_LANGUAGES = [
  'en',
  'es',
  'fr',
  'ht',
  'pt-BR',
  'ar',
  'am',
  'sw',
  'yo',
  'ti',
  'om',
  'so',
  'ha',
  'ig',
  'wo',
  'zh-Hans',
  'vi',
  'ko',
  'tl',
  'hi',
  'bn',
  'ur',
  'ne',
  'fa',
  'ru',
  'uk',
  'pl',
] as const;

/**
 * A language's name for the admin's reader, and its own name where that differs: in English
 * "Amharic (አማርኛ)", in French "Amharique (አማርኛ)". `locale` is the admin's language.
 */
export function languageLabel(code: string, locale: string): string {
  // `languageName` names languages in Kreyòl too, which the runtime has no names in.
  const named = languageName(code, locale);
  // A tag the runtime has no name for stays as it was written.
  const name = named.toLowerCase() === code.toLowerCase() ? code : named;
  const own = ownName(code) ?? name;
  return own.toLocaleLowerCase() === name.toLocaleLowerCase() ? name : `${name} (${own})`;
}

/** The language's name in itself: `español`, `አማርኛ`, `Kreyòl ayisyen`; null for a tag the runtime cannot read. */
function ownName(code: string): string | null {
  try {
    const names = new Intl.DisplayNames([code], { type: 'language' });
    // Without data of its own (Haitian Creole), the runtime answers in another language.
    if (baseLanguage(names.resolvedOptions().locale) !== baseLanguage(code)) return languageName(code);
    return names.of(code) ?? null;
  } catch {
    return null;
  }
}

/** The listed languages, with any others the organizer already has, each labelled for the admin's reader. */
export function languageChoices(locale: string, current: readonly string[] = []): { code: string; label: string }[] {
  const codes = [
    ...ORGANIZER_LANGUAGES,
    ...current.filter((code) => !(ORGANIZER_LANGUAGES as readonly string[]).includes(code)),
  ];
  return codes.map((code) => ({ code, label: languageLabel(code, locale) }));
}
