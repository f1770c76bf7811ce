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

/** True for well-formed BCP 47 tags (`en`, `am`, `fr-CA`, `zh-Hant`). */
export function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
