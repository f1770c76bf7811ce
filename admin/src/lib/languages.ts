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

const englishNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Amharic (አማርኛ)": the English name, and the language's own name where it differs. */
export function languageLabel(code: string): string {
  const english = englishNames.of(code) ?? code;
  let own = english;
  try {
    own = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? english;
  } catch {
    // A tag this runtime has no names for: the English name alone.
  }
  return own.toLowerCase() === english.toLowerCase() ? english : `${english} (${own})`;
}

/** The listed languages, with any others the organizer already has, each with its label. */
export function languageChoices(current: readonly string[] = []): { code: string; label: string }[] {
  const codes = [
    ...ORGANIZER_LANGUAGES,
    ...current.filter((code) => !(ORGANIZER_LANGUAGES as readonly string[]).includes(code)),
  ];
  return codes.map((code) => ({ code, label: languageLabel(code) }));
}
