/** The languages every interface word is written in: storefront, emails, tickets and the admin. */
export const INTERFACE_LOCALES = ['en', 'es', 'fr', 'ht', 'pt-BR', 'ar', 'am', 'sw', 'yo'] as const;
export type InterfaceLocale = (typeof INTERFACE_LOCALES)[number];

/**
 * Each interface language in its own name, as a language menu shows it. Written out rather than
 * asked of `Intl.DisplayNames`: the runtime's data has no name for Haitian Creole in Kreyòl.
 */
const OWN_NAMES: Record<InterfaceLocale, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ht: 'Kreyòl ayisyen',
  'pt-BR': 'Português (Brasil)',
  ar: 'العربية',
  am: 'አማርኛ',
  sw: 'Kiswahili',
  yo: 'Èdè Yorùbá',
};

/** The interface languages named in Haitian Creole, which the runtime has no names in. */
const KREYOL_NAMES: Record<string, string> = {
  en: 'Angle',
  es: 'Panyòl',
  fr: 'Franse',
  ht: 'Kreyòl ayisyen',
  pt: 'Pòtigè',
  'pt-BR': 'Pòtigè (Brezil)',
  ar: 'Arab',
  am: 'Amarik',
  sw: 'Swahili',
  yo: 'Yoruba',
};

const RTL_LANGUAGES = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function isInterfaceLocale(locale: string): locale is InterfaceLocale {
  return (INTERFACE_LOCALES as readonly string[]).includes(locale);
}

/** The primary language subtag: `es-MX` → `es`. */
export function baseLanguage(locale: string): string {
  return (locale.split('-')[0] ?? locale).toLowerCase();
}

export function textDirection(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(baseLanguage(locale)) ? 'rtl' : 'ltr';
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
export function matchLocale<L extends string>(wanted: string, supported: readonly L[]): L | undefined {
  const lower = wanted.toLowerCase();
  const exact = supported.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const language = baseLanguage(wanted);
  return supported.find((locale) => baseLanguage(locale) === language);
}

export interface LocaleRequest {
  /** An explicit choice: the address's, or the remembered one. */
  requested?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
  /** The locales on offer. */
  supported: readonly string[];
  /** The locale when none of the others is on offer. */
  fallback: string;
}

/** The locale to serve a visitor: their explicit choice, then their browser's, then the fallback. */
export function pickLocale({ requested, acceptLanguage, supported, fallback }: LocaleRequest): string {
  for (const wanted of [requested, ...parseAcceptLanguage(acceptLanguage)]) {
    const match = wanted ? matchLocale(wanted, supported) : undefined;
    if (match) return match;
  }
  return matchLocale(fallback, supported) ?? supported[0] ?? fallback;
}

/** The interface language that serves `locale`, English when there is none of its language. */
export function interfaceLocale(locale: string | null | undefined): InterfaceLocale {
  return (locale && matchLocale(locale, INTERFACE_LOCALES)) || 'en';
}

const languageNames = new Map<string, string>();

/**
 * A language's name, by default in that language, capitalized for a menu: `am` → `አማርኛ`,
 * `es` → `Español`, `ht` → `Kreyòl ayisyen`.
 */
export function languageName(locale: string, displayLocale: string = locale): string {
  const own = matchLocale(locale, INTERFACE_LOCALES);
  if (own && own.toLowerCase() === locale.toLowerCase() && locale === displayLocale) return OWN_NAMES[own];
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
  const kreyol = baseLanguage(displayLocale) === 'ht' ? KREYOL_NAMES[locale] : undefined;
  if (kreyol) return kreyol;
  try {
    const name = new Intl.DisplayNames([intlLocale(displayLocale)], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(displayLocale) + name.slice(1);
  } catch {
    return locale;
  }
}

/**
 * The locale `Intl` formats with for an interface language. The runtime has no Haitian Creole
 * data and would answer in American English; Haiti's French patterns are the nearest, and
 * `formatDate` puts the month and day names into Kreyòl.
 */
export function intlLocale(locale: string): string {
  return baseLanguage(locale) === 'ht' ? 'fr-HT' : locale;
}

/**
 * Items as a list reads in the language: `Amharic, Arabic and Haitian Creole`, `الأمهرية والعربية`.
 * Haitian Creole, which the runtime has no list patterns for, takes commas alone rather than
 * French's "et".
 */
export function listOf(items: readonly string[], locale: string): string {
  if (baseLanguage(locale) === 'ht') return items.join(', ');
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(items);
  } catch {
    return items.join(', ');
  }
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
