import { intlLocale } from '@accessplus/i18n';
import { getCountry, getTimezone } from 'countries-and-timezones';
import countryToCurrency from 'country-to-currency';

/**
 * Where most of a country's people live, for countries with several zones; elsewhere the
 * country's first zone is as good as any, and the organizer can change it.
 */
const MAIN_ZONE: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AU: 'Australia/Sydney',
  RU: 'Europe/Moscow',
  AR: 'America/Argentina/Buenos_Aires',
  CD: 'Africa/Kinshasa',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  CL: 'America/Santiago',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  EC: 'America/Guayaquil',
  MN: 'Asia/Ulaanbaatar',
  UA: 'Europe/Kyiv',
  NZ: 'Pacific/Auckland',
  // The zone database files these under a neighbour's zone; people look for their own city.
  ET: 'Africa/Addis_Ababa',
  ER: 'Africa/Asmara',
  SO: 'Africa/Mogadishu',
  TZ: 'Africa/Dar_es_Salaam',
  UG: 'Africa/Kampala',
};

/** The languages an organizer in a country most likely writes for, beyond English in the US. */
const COUNTRY_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  US: ['en'],
  CA: ['en', 'fr'],
  GB: ['en'],
  MX: ['es'],
  ES: ['es'],
  GT: ['es'],
  SV: ['es'],
  HN: ['es'],
  CO: ['es'],
  VE: ['es'],
  PE: ['es'],
  DO: ['es'],
  CU: ['es'],
  PR: ['es', 'en'],
  FR: ['fr'],
  SN: ['fr', 'wo'],
  CI: ['fr'],
  CM: ['fr', 'en'],
  CD: ['fr'],
  HT: ['ht', 'fr'],
  BR: ['pt-BR'],
  PT: ['pt-BR'],
  EG: ['ar'],
  MA: ['ar', 'fr'],
  SA: ['ar'],
  SY: ['ar'],
  IQ: ['ar'],
  YE: ['ar'],
  SD: ['ar'],
  ET: ['am', 'en'],
  ER: ['ti', 'en'],
  SO: ['so', 'en'],
  KE: ['sw', 'en'],
  TZ: ['sw', 'en'],
  UG: ['en', 'sw'],
  NG: ['en', 'yo'],
  GH: ['en'],
  VN: ['vi'],
  PH: ['tl', 'en'],
  NP: ['ne', 'en'],
  BD: ['bn', 'en'],
  PK: ['ur', 'en'],
  IN: ['hi', 'en'],
  AF: ['fa'],
  IR: ['fa'],
  CN: ['zh-Hans'],
  KR: ['ko'],
  UA: ['uk'],
  PL: ['pl'],
  RU: ['ru'],
};

export interface CountryDefaults {
  country: string;
  currency: string;
  timeZone: string;
  /** The zones of the country, for the person to pick from, each with a label people recognize. */
  timeZones: { value: string; label: string }[];
  languages: string[];
}

/** Every country the zone database knows, by its name in the reader's language (`locals.locale`). */
export function countryChoices(locale = 'en'): { code: string; name: string }[] {
  const intl = intlLocale(locale);
  const regionNames = new Intl.DisplayNames([intl], { type: 'region' });
  return Object.keys(countryToCurrency)
    .filter((code) => getCountry(code) !== null)
    .map((code) => ({ code, name: regionNames.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, intl));
}

/**
 * What a new organizer in `country` most likely wants: its currency, main zone and languages, the
 * zones labelled in the reader's language (`locals.locale`).
 */
export function countryDefaults(country: string, locale = 'en'): CountryDefaults {
  const code = country.toUpperCase();
  const known = getCountry(code);
  const main = MAIN_ZONE[code];
  const zones = new Set(known?.timezones ?? ['America/New_York']);
  if (main) zones.add(main);
  const timeZones = [...zones].sort();
  return {
    country: code,
    currency: (countryToCurrency as Record<string, string>)[code] ?? 'USD',
    timeZone: main ?? timeZones[0] ?? 'America/New_York',
    timeZones: timeZones.map((zone) => ({ value: zone, label: timeZoneLabel(zone, new Date(), intlLocale(locale)) })),
    languages: [...(COUNTRY_LANGUAGES[code] ?? ['en'])],
  };
}

/**
 * "Eastern Time — New York (UTC−05:00)": a zone as a person recognizes it, its name in `intl` (an
 * Intl locale: `intlLocale(locale)`).
 */
export function timeZoneLabel(zone: string, at = new Date(), intl = 'en-US'): string {
  const city = zone.split('/').at(-1)?.replaceAll('_', ' ') ?? zone;
  const offset = getTimezone(zone)?.utcOffsetStr;
  let generic = '';
  try {
    generic =
      new Intl.DateTimeFormat(intl, { timeZone: zone, timeZoneName: 'longGeneric' })
        .formatToParts(at)
        .find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    generic = '';
  }
  return `${generic ? `${generic} — ` : ''}${city}${offset ? ` (UTC${offset.replace('-', '−')})` : ''}`;
}
