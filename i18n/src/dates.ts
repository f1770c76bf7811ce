import { baseLanguage, intlLocale } from './languages.ts';

// The runtime's locale data (CLDR) has no Haitian Creole; these are the names Haitian schools and
// newspapers write. Short forms are cut as French cuts its own, which Haitian readers know.
const KREYOL_MONTHS = [
  ['janvye', 'jan.'],
  ['fevriye', 'fev.'],
  ['mas', 'mas'],
  ['avril', 'avr.'],
  ['me', 'me'],
  ['jen', 'jen'],
  ['jiyè', 'jiy.'],
  ['out', 'out'],
  ['septanm', 'sept.'],
  ['oktòb', 'okt.'],
  ['novanm', 'nov.'],
  ['desanm', 'des.'],
] as const;
const KREYOL_WEEKDAYS = [
  ['dimanch', 'dim.'],
  ['lendi', 'len.'],
  ['madi', 'mad.'],
  ['mèkredi', 'mèk.'],
  ['jedi', 'jed.'],
  ['vandredi', 'van.'],
  ['samdi', 'sam.'],
] as const;
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * `Intl.DateTimeFormat` for an interface language, `Intl`'s own for every language but Haitian
 * Creole, which gets Haiti's French patterns with Kreyòl month and day names.
 */
export class DateFormat {
  readonly #intl: Intl.DateTimeFormat;
  /** Month and weekday of a moment on this format's clock, for the Kreyòl names. */
  readonly #calendar: Intl.DateTimeFormat | null;
  readonly #long: { month: boolean; weekday: boolean };

  constructor(locale: string, options: Intl.DateTimeFormatOptions = {}) {
    this.#intl = new Intl.DateTimeFormat(intlLocale(locale), options);
    const kreyol = baseLanguage(locale) === 'ht';
    this.#calendar = kreyol
      ? new Intl.DateTimeFormat('en-US', {
          timeZone: this.#intl.resolvedOptions().timeZone,
          month: 'numeric',
          weekday: 'short',
        })
      : null;
    this.#long = {
      month: options.month === 'long' || options.dateStyle === 'full' || options.dateStyle === 'long',
      weekday: options.weekday === 'long' || options.dateStyle === 'full',
    };
  }

  format(date: Date): string {
    if (!this.#calendar) return this.#intl.format(date);
    return this.#named(this.#intl.formatToParts(date), () => date);
  }

  formatRange(start: Date, end: Date): string {
    if (!this.#calendar) return this.#intl.formatRange(start, end);
    return this.#named(this.#intl.formatRangeToParts(start, end), (part) =>
      (part as Intl.DateTimeRangeFormatPart).source === 'endRange' ? end : start,
    );
  }

  resolvedOptions(): Intl.ResolvedDateTimeFormatOptions {
    return this.#intl.resolvedOptions();
  }

  #named(parts: Intl.DateTimeFormatPart[], dateOf: (part: Intl.DateTimeFormatPart) => Date): string {
    return parts
      .map((part) => {
        // French joins a day and its time with "à"; Kreyòl says "a".
        if (part.type === 'literal') return part.value.replace(/(^|\s)à(\s|$)/u, '$1a$2');
        if ((part.type !== 'month' && part.type !== 'weekday') || /\d/.test(part.value)) return part.value;
        const moment = this.#moment(dateOf(part));
        if (part.type === 'month') return KREYOL_MONTHS[moment.month]?.[this.#long.month ? 0 : 1] ?? part.value;
        return KREYOL_WEEKDAYS[moment.weekday]?.[this.#long.weekday ? 0 : 1] ?? part.value;
      })
      .join('');
  }

  #moment(date: Date): { month: number; weekday: number } {
    const parts = this.#calendar?.formatToParts(date) ?? [];
    const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
    return { month: Number(value('month')) - 1, weekday: WEEKDAY_INDEX[value('weekday')] ?? 0 };
  }
}
