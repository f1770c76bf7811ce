/** Text that organizers write for attendees, per locale: `{"en": "Gala night", "am": "የጋላ ምሽት"}`. */
export type LocalizedText = Record<string, string>;

const RTL_LANGUAGES = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The primary language subtag: `es-MX` → `es`. */
export function baseLanguage(locale: string): string {
  return (locale.split('-')[0] ?? locale).toLowerCase();
}

/** The tags of an Accept-Language header, most preferred first; `*` and `q=0` entries are dropped. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}

/** The supported locale that serves `wanted`: the same tag, or else the same language (`es-MX` → `es`). */
export function matchLocale(wanted: string, supported: readonly string[]): string | undefined {
  const lower = wanted.toLowerCase();
  const exact = supported.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const language = baseLanguage(wanted);
  return supported.find((locale) => baseLanguage(locale) === language);
}

export interface LocaleRequest {
  /** An explicit choice: `?lang=` or the remembered one. */
  requested?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
  /** The organizer's locales. */
  supported: readonly string[];
  /** The organizer's default locale. */
  fallback: string;
}

/** The locale to serve a visitor: their explicit choice, then their browser's, then the organizer's default. */
export function pickLocale({ requested, acceptLanguage, supported, fallback }: LocaleRequest): string {
  for (const wanted of [requested, ...parseAcceptLanguage(acceptLanguage)]) {
    const match = wanted ? matchLocale(wanted, supported) : undefined;
    if (match) return match;
  }
  return matchLocale(fallback, supported) ?? supported[0] ?? fallback;
}

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

export function textDirection(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(baseLanguage(locale)) ? 'rtl' : 'ltr';
}

const languageNames = new Map<string, string>();

/** A language's own name, capitalized for a menu: `am` → `አማርኛ`, `es` → `Español`. */
export function languageName(locale: string, displayLocale: string = locale): string {
  const key = `${locale} ${displayLocale}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    name = nameOfLanguage(locale, displayLocale);
    // Locales come from organizers' settings and the page's own list: few, but bounded all the same.
    if (languageNames.size >= 500) languageNames.clear();
    languageNames.set(key, name);
  }
  return name;
}

function nameOfLanguage(locale: string, displayLocale: string): string {
  try {
    const name = new Intl.DisplayNames([displayLocale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(displayLocale) + name.slice(1);
  } catch {
    return locale;
  }
}
