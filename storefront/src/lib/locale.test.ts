import { describe, expect, it } from 'vitest';
import { languageName, localized, parseAcceptLanguage, pickLocale, regionalLocale, textDirection } from './locale';
import { messagesFor, uiLocale } from './messages';

const addis = { supported: ['en', 'am'], fallback: 'en' };
const casaLatina = { supported: ['es', 'en'], fallback: 'es' };

describe('parseAcceptLanguage', () => {
  it('orders tags by weight, keeping header order on ties, and drops * and q=0', () => {
    expect(parseAcceptLanguage('en;q=0.5, am-ET, fr;q=0, *;q=0.1, es;q=0.5')).toEqual(['am-ET', 'en', 'es']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
});

describe('pickLocale', () => {
  it('honours an explicit ?lang= choice the organizer supports', () => {
    expect(pickLocale({ ...addis, requested: 'am', acceptLanguage: 'en-US' })).toBe('am');
  });

  it('ignores a choice the organizer does not support', () => {
    expect(pickLocale({ ...addis, requested: 'yo', acceptLanguage: 'am' })).toBe('am');
  });

  it('matches regional browser languages to the organizer language', () => {
    expect(pickLocale({ ...casaLatina, acceptLanguage: 'es-MX,es;q=0.9' })).toBe('es');
    expect(pickLocale({ ...addis, acceptLanguage: 'am-ET,en;q=0.5' })).toBe('am');
    expect(pickLocale({ ...casaLatina, acceptLanguage: 'fr-FR,en-US;q=0.8' })).toBe('en');
  });

  it("falls back to the organizer's default locale", () => {
    expect(pickLocale({ ...casaLatina, acceptLanguage: 'de-DE' })).toBe('es');
    expect(pickLocale({ ...addis })).toBe('en');
    expect(pickLocale({ supported: ['yo', 'en'], fallback: 'fr' })).toBe('yo');
  });
});

describe('localized', () => {
  const title = { en: 'Enkutatash: Ethiopian New Year Gala', am: 'የእንቁጣጣሽ የአዲስ ዓመት ጋላ' };

  it('gives the text in the first preferred locale it exists in', () => {
    expect(localized(title, ['am', 'en'])).toEqual({ text: 'የእንቁጣጣሽ የአዲስ ዓመት ጋላ', locale: 'am' });
    expect(localized(title, ['en-US'])).toEqual({ text: 'Enkutatash: Ethiopian New Year Gala', locale: 'en' });
  });

  it("falls back to the organizer's default locale, then to any locale", () => {
    const spanishOnly = { es: 'Cuatro comediantes de Monterrey y Houston.' };
    expect(localized({ en: 'Amharic for Kids' }, ['am', 'en'])?.locale).toBe('en');
    expect(localized(spanishOnly, ['en', 'en'])).toEqual({ text: spanishOnly.es, locale: 'es' });
  });

  it('skips blank translations and gives null when there is no text at all', () => {
    expect(localized({ am: '  ', en: 'Timkat Celebration' }, ['am'])?.locale).toBe('en');
    expect(localized({}, ['en'])).toBeNull();
  });
});

describe('language helpers', () => {
  it('names languages in their own script', () => {
    expect(languageName('am')).toBe('አማርኛ');
    expect(languageName('es')).toBe('Español');
    expect(languageName('yo', 'en')).toBe('Yoruba');
  });

  it("formats in the visitor's language with the event's country", () => {
    expect(regionalLocale('es', 'US')).toBe('es-US');
    expect(regionalLocale('zh-Hant', 'US')).toBe('zh-Hant-US');
    expect(regionalLocale('en-GB', 'US')).toBe('en-GB');
    expect(regionalLocale('am', '')).toBe('am');
  });

  it('knows right-to-left scripts', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('ur-PK')).toBe('rtl');
    expect(textDirection('am')).toBe('ltr');
  });

  it('shows storefront words in each interface language, and in English for a language it is not written in', () => {
    expect(uiLocale('es-MX')).toBe('es');
    expect(uiLocale('pt')).toBe('pt-BR');
    expect(uiLocale('ti')).toBe('en');
    expect(messagesFor('es').soldOut).toBe('Agotado');
    expect(messagesFor('ht').ticketsLeft({ count: 1 })).toBe('Rete yon sèl tikè');
    expect(messagesFor('ar').ticketsLeft({ count: 2 })).not.toBe(messagesFor('ar').ticketsLeft({ count: 3 }));
    expect(messagesFor('ti').soldOut).toBe('Sold out');
  });
});
